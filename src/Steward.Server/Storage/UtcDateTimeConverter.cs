using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Steward.Server.Storage;

/// <summary>Reads every stored instant back as <see cref="DateTimeKind.Utc"/> (SQLite forgets the kind).</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
