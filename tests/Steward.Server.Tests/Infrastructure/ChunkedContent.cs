using System.Text;

namespace Steward.Server.Tests.Infrastructure;

/// <summary>JSON text sent without a Content-Length (chunked transfer encoding), in pieces of 4 KB, each flushed.</summary>
public sealed class ChunkedContent : HttpContent
{
    private readonly byte[] _bytes;

    public ChunkedContent(string json)
    {
        _bytes = Encoding.UTF8.GetBytes(json);
        Headers.ContentType = new("application/json") { CharSet = "utf-8" };
    }

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        for (var offset = 0; offset < _bytes.Length; offset += 4096)
        {
            await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(4096, _bytes.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
