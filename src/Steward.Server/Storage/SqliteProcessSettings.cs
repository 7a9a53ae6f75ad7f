using SQLitePCL;

namespace Steward.Server.Storage;

/// <summary>SQLite settings that belong to the process, not to a connection: they must be made before SQLite starts.</summary>
internal static class SqliteProcessSettings
{
    private const int ConfigMemoryStatistics = 9; // SQLITE_CONFIG_MEMSTATUS

    private static readonly Lazy<int> Applied = new(() =>
    {
        Batteries_V2.Init();
        // Memory statistics take one process-wide mutex on every allocation SQLite makes; Steward never reads them.
        // Measured with 16 concurrent card describes: about a tenth more throughput without them (docs/performance.md).
        // SQLITE_MISUSE here means SQLite had already started (another host in the same process): harmless.
        return raw.sqlite3_config(ConfigMemoryStatistics, 0);
    });

    public static void Apply() => _ = Applied.Value;
}
