using System.Text;
using Steward.Server.Access.SigV4;

namespace Steward.Server.Tests.Access.SigV4;

/// <summary>Reads the raw HTTP/1.1 text of the SigV4 suite into a <see cref="SigV4Request"/>.</summary>
internal static class RawHttpRequest
{
    public static SigV4Request Parse(string text)
    {
        var headerEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? text.TrimEnd('\n') : text[..headerEnd];
        var body = headerEnd < 0 ? string.Empty : text[(headerEnd + 2)..];

        var lines = head.Split('\n');
        // The target may contain spaces ("GET /example space/ HTTP/1.1"): method is the first word, version the last.
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(' ')];
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? string.Empty : target[(question + 1)..];

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && line[0] is ' ' or '\t')
            {
                // obs-fold continuation: belongs to the previous header's value.
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        return new SigV4Request(method, path, query, headers, SigV4Request.HashPayload(Encoding.UTF8.GetBytes(body)));
    }
}
