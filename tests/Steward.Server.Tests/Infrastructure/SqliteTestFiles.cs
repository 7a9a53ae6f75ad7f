using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Storage;

namespace Steward.Server.Tests.Infrastructure;

public static class SqliteTestFiles
{
    /// <summary>Moves the WAL into the main database file so the file holds everything committed.</summary>
    public static void Checkpoint(StewardServer server)
    {
        using var scope = server.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<StewardDbContext>().Database.ExecuteSqlRaw("PRAGMA wal_checkpoint(TRUNCATE);");
    }
}
