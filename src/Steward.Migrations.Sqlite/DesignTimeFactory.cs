using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Steward.Server.Hosting;
using Steward.Server.Storage;

namespace Steward.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the model for SQLite without starting the server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<StewardDbContext>
{
    public StewardDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<StewardDbContext>();
        StorageServiceCollectionExtensions.Configure(builder, new StewardOptions { DataDirectory = Path.GetTempPath() });
        return new StewardDbContext(builder.Options);
    }
}
