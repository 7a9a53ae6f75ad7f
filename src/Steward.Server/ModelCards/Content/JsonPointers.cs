namespace Steward.Server.ModelCards.Content;

/// <summary>RFC 6901 JSON pointers.</summary>
public static class JsonPointers
{
    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
