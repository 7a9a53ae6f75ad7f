using Microsoft.AspNetCore.Http.Features;

namespace Steward.Server.Hosting;

/// <summary>
/// The server's request-body limit, enforced here rather than by Kestrel so that a client sending too much gets the
/// 413 answer instead of a connection reset.
/// </summary>
/// <remarks>
/// Kestrel, when its own limit trips, answers and closes the connection at once, with the rest of the body unread; the
/// kernel then resets the connection, and a client still writing (a chunked upload, or any body larger than the socket
/// buffers) sees "broken pipe" instead of the 413. Here, reading past the limit throws the same
/// <see cref="BadHttpRequestException"/> (413) that Kestrel's limit throws, so the answer is the same problem details;
/// the request then ends normally, and Kestrel reads and discards the rest of the body (for at most its five-second
/// drain time, at its minimum data rate) before it reuses or closes the connection. Nothing past the limit is kept.
/// Bodies with a declared length within the limit cannot grow past it and are not wrapped.
/// </remarks>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long limit) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (request.ContentLength is { } declared ? declared > limit : context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            request.Body = new LimitedBody(request.Body, limit, request.ContentLength);
        }

        return next(context);
    });

    /// <summary>Reads through to the request body and throws 413 as soon as more than the limit has arrived.</summary>
    private sealed class LimitedBody(Stream inner, long limit, long? declared) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            ThrowIfDeclaredTooLarge();
            return Count(inner.Read(buffer));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ThrowIfDeclaredTooLarge();
            return Count(await inner.ReadAsync(buffer, cancellationToken));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private void ThrowIfDeclaredTooLarge()
        {
            if (declared > limit)
            {
                throw TooLarge();
            }
        }

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw TooLarge() : read;
        }

        private BadHttpRequestException TooLarge() =>
            new($"Request body too large. The max request body size is {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
    }
}
