using System.Globalization;
using Newtonsoft.Json.Linq;

namespace Steward.Server.ModelCards.Content;

/// <summary>RFC 6901 JSON pointers.</summary>
public static class JsonPointers
{
    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>The pointer of a token inside its document ("" for the root).</summary>
    public static string Of(JToken token)
    {
        var segments = new List<string>();
        for (var current = token; current is not null;)
        {
            var parent = current.Parent;
            if (current is JProperty property)
            {
                segments.Add(Escape(property.Name));
            }
            else if (parent is JArray array)
            {
                segments.Add(array.IndexOf(current).ToString(CultureInfo.InvariantCulture));
            }

            current = parent;
        }

        segments.Reverse();
        return segments.Count == 0 ? string.Empty : "/" + string.Join('/', segments);
    }
}
