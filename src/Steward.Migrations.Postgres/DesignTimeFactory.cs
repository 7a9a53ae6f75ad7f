using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Steward.Server.Hosting;
using Steward.Server.Storage;

namespace Steward.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef</c> build the model for PostgreSQL without a server (no connection is opened).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<StewardDbContext>
{
    public StewardDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<StewardDbContext>();
        StorageServiceCollectionExtensions.Configure(builder, new StewardOptions { Database = "Host=localhost;Database=steward" });
        return new StewardDbContext(builder.Options);
    }
}
