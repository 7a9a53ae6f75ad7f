using System.ComponentModel.DataAnnotations;

namespace Steward.Server.Hosting;

/// <summary>How one <c>steward serve</c> process is configured (flags, environment, appsettings).</summary>
public sealed class StewardOptions
{
    public const string Section = "Steward";

    /// <summary>Directory for the SQLite database, the master key, the audit signing key and blobs.</summary>
    [Required]
    public string DataDirectory { get; set; } = "steward-data";

    /// <summary>A PostgreSQL connection string; when empty, SQLite under <see cref="DataDirectory"/> is used.</summary>
    public string? Database { get; set; }

    /// <summary>The region written into ARNs.</summary>
    [Required, RegularExpression("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Largest request body accepted, in bytes; larger bodies get 413.</summary>
    [Range(1024, 1L << 32)]
    public long MaxRequestBodyBytes { get; set; } = 6 * 1024 * 1024;

    /// <summary>
    /// Memory for cards kept for describe (ModelCards/ModelCardReadCache), in MiB; 0 turns the cache off. Environment
    /// variable <c>STEWARD_CARD_CACHE_MB</c>.
    /// </summary>
    [Range(0, 1 << 20)]
    public int ModelCardCacheMegabytes { get; set; } = 64;

    /// <summary>Load the demo portfolio once.</summary>
    public bool Demo { get; set; }

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(Database);
}
