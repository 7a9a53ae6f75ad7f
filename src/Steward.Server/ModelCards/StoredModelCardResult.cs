using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace Steward.Server.ModelCards;

/// <summary>
/// Writes a stored card as the <see cref="ModelCardDto"/> JSON (same members, same order, web naming) with the
/// content written out as stored, never parsed and re-serialised; or <c>304 Not Modified</c> when the request's
/// <c>If-None-Match</c> names the card's ETag.
/// </summary>
public sealed class StoredModelCardResult(StoredModelCard card, string arn) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var etag = card.ETag;
        response.Headers.ETag = etag;
        if (Matches(httpContext.Request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        return WriteAsync(response, etag, httpContext.RequestAborted);
    }

    // The members around the content are written to a small buffer with a one-byte stand-in for the content, so the
    // length is known before anything is sent: the answer is not chunked, and with the headers started the body goes
    // straight into Kestrel's output (what is written before the headers, Kestrel holds in buffers of its own and
    // copies again). The content, the bulk of the answer, is copied once. Headers and body leave in one write when
    // the handler returns. The buffer and writer are the thread's own, used only while nothing is awaited.
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_envelope;

    private Task WriteAsync(HttpResponse response, string etag, CancellationToken cancellationToken)
    {
        var (envelope, writer) = t_envelope ??= (new ArrayBufferWriter<byte>(2048), new Utf8JsonWriter(Stream.Null));
        envelope.ResetWrittenCount();
        writer.Reset(envelope);
        var at = Write(writer, card, arn, etag);
        writer.Flush();
        var content = card.Content!;
        response.ContentLength = envelope.WrittenCount - 1 + content.Length;
        var started = response.StartAsync(cancellationToken);
        if (started.IsCompletedSuccessfully)
        {
            WriteBody(response.BodyWriter, envelope.WrittenSpan, at, content);
            return Task.CompletedTask;
        }

        return WriteWhenStartedAsync(started, response, envelope.WrittenSpan.ToArray(), at, content);
    }

    private static async Task WriteWhenStartedAsync(Task started, HttpResponse response, byte[] envelope, int at, byte[] content)
    {
        await started;
        WriteBody(response.BodyWriter, envelope, at, content);
    }

    private static void WriteBody(PipeWriter body, ReadOnlySpan<byte> envelope, int at, byte[] content)
    {
        body.Write(envelope[..at]);
        body.Write(content);
        body.Write(envelope[(at + 1)..]);
    }

    /// <summary>True when an If-None-Match value lists <paramref name="etag"/> (weak or strong) or is <c>*</c>.</summary>
    public static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        foreach (var value in ifNoneMatch)
        {
            foreach (var range in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var tag = range.StartsWith("W/", StringComparison.Ordinal) ? range[2..] : range;
                if (tag == "*" || tag == etag)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Writes the card with <c>0</c> in place of its content; returns the offset of that <c>0</c>.</summary>
    private static int Write(Utf8JsonWriter writer, StoredModelCard card, string arn, string etag)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, card.Name);
        writer.WriteString("arn"u8, arn);
        writer.WriteString("status"u8, card.Status.ToString());
        writer.WriteNumber("version"u8, card.Version!.Value);
        writer.WriteNumber("latestVersion"u8, card.LatestVersion);
        writer.WritePropertyName("content"u8);
        // Stored content passed validation and was written compact by the server: it is written back as it is, in place
        // of this stand-in.
        writer.Flush();
        var at = checked((int)writer.BytesCommitted);
        writer.WriteRawValue("0"u8, skipInputValidation: true);
        writer.WriteString("modelId"u8, card.ModelId);
        writer.WriteString("riskRating"u8, card.RiskRating);
        writer.WriteStartArray("tags"u8);
        foreach (var tag in card.Tags)
        {
            writer.WriteStartObject();
            writer.WriteString("key"u8, tag.Key);
            writer.WriteString("value"u8, tag.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (card.KmsKeyId is null)
        {
            writer.WriteNull("securityConfig"u8);
        }
        else
        {
            writer.WriteStartObject("securityConfig"u8);
            writer.WriteString("kmsKeyId"u8, card.KmsKeyId);
            writer.WriteEndObject();
        }

        writer.WriteString("createdAt"u8, card.CreatedAt);
        writer.WriteString("createdBy"u8, card.CreatedBy);
        writer.WriteString("lastModifiedAt"u8, card.LastModifiedAt);
        writer.WriteString("lastModifiedBy"u8, card.LastModifiedBy);
        writer.WriteString("versionCreatedAt"u8, card.VersionCreatedAt!.Value);
        writer.WriteString("versionCreatedBy"u8, card.VersionCreatedBy);
        writer.WriteString("contentSha256"u8, card.ContentSha256);
        writer.WriteString("hash"u8, card.Hash);
        writer.WriteString("previousHash"u8, card.PreviousHash);
        writer.WriteString("eTag"u8, etag);
        writer.WriteEndObject();
        return at;
    }
}
