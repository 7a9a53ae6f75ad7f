namespace Steward.Server.Audit;

/// <summary>Audit times are kept to the microsecond: what PostgreSQL stores is exactly what was hashed.</summary>
public static class AuditClock
{
    public static DateTime Truncate(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }
}
