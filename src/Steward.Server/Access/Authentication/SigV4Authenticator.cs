using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Steward.Server.Access.SigV4;
using Steward.Server.Hosting;

namespace Steward.Server.Access.Authentication;

/// <summary>
/// Authenticates AWS Signature Version 4 requests (Authorization header and presigned query) against the
/// request exactly as it arrived: raw path and query, all headers, and the SHA-256 of the body actually received.
/// </summary>
public sealed class SigV4Authenticator(AccessKeyStore keys, IOptions<StewardOptions> options, TimeProvider time)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Signing names accepted: SageMaker's for AWS SDKs, and Steward's own.</summary>
    public static readonly IReadOnlySet<string> Services = new HashSet<string>(StringComparer.Ordinal) { "sagemaker", "steward" };

    private readonly SigV4Verifier _verifier = new(new SigV4VerifierOptions { Region = options.Value.Region, Services = Services });

    public async Task<AuthenticationResult> AuthenticateAsync(HttpContext context)
    {
        var request = await ToSigV4RequestAsync(context);
        var parsed = SigV4Parser.Parse(request);
        if (parsed.Authorization is not { } authorization)
        {
            return Fail(parsed.Failure!, null);
        }

        if (authorization.SecurityToken is not null)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.Malformed("Steward issues no session tokens; sign with a long-term access key and no X-Amz-Security-Token."));
        }

        var now = time.GetUtcNow();
        if (_verifier.Precheck(request, authorization, now) is { } early)
        {
            return Fail(early, null);
        }

        var key = await keys.FindAsync(authorization.AccessKeyId, context.RequestAborted);
        if (key is null)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.UnknownKey());
        }

        // The policy checks ran above, before the key was looked up: only the signature is left.
        var verified = _verifier.VerifyPrechecked(request, authorization, key.Secret);
        if (verified.Failure is { } failure)
        {
            return Fail(failure, key);
        }

        // What was signed (scope, signed headers), for endpoints with rules of their own (the SageMaker protocol).
        context.Features.Set(authorization);
        return RequestAuthenticator.Check(key);
    }

    private static AuthenticationResult Fail(SigV4Failure failure, ResolvedAccessKey? key)
    {
        var code = failure.Reason switch
        {
            SigV4FailureReason.Malformed => "MalformedAuthorization",
            SigV4FailureReason.SignatureMismatch => "SignatureDoesNotMatch",
            var reason => reason.ToString(),
        };
        return AuthenticationResult.Fail(new AuthenticationFailure(code, failure.Message, key?.Caller.AccountId, key?.Caller.PrincipalArn));
    }

    /// <summary>
    /// The request as signed: raw target, the headers as received (looked up by name in the server's own header
    /// dictionary, not copied), and the hash of the whole body (buffered for the endpoint).
    /// </summary>
    private static async Task<SigV4Request> ToSigV4RequestAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? string.Empty : target[(question + 1)..];
        return SigV4Request.FromHttp(context.Request.Method, path, query, context.Request.Headers, await HashBodyAsync(context.Request));
    }

    // SageMaker requests are a few hundred bytes; a card with its content a few hundred KB at most.
    private const long MaxPreallocatedBody = 1024 * 1024;

    private static ValueTask<string> HashBodyAsync(HttpRequest request)
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
        {
            return ValueTask.FromResult(SigV4Request.EmptyPayloadSha256Hex);
        }

        // The signature covers the whole body, so it is read once here (within the server's body-size limit) and
        // handed on to the endpoint as an in-memory body it can read without copying again. A declared length that is
        // small is read straight into an array of that size: without waiting when the whole body has already arrived
        // with the headers (a SageMaker call is a few hundred bytes); anything else is copied as it comes.
        // A body over the server's limit reaches here wrapped by RequestBodyLimit, whose first read refuses it.
        if (request.ContentLength is not { } declared || declared > MaxPreallocatedBody)
        {
            return CopyBodyAsync(request);
        }

        var reader = request.BodyReader;
        if (reader.TryRead(out var arrived))
        {
            if (arrived.Buffer.Length >= declared || arrived.IsCompleted)
            {
                var exact = new byte[Math.Min(declared, arrived.Buffer.Length)];
                arrived.Buffer.Slice(0, exact.Length).CopyTo(exact);
                reader.AdvanceTo(arrived.Buffer.GetPosition(exact.Length));
                return ValueTask.FromResult(Buffered(request, exact, exact.Length));
            }

            // Part of it is here: leave it unread, and read the whole as it comes.
            reader.AdvanceTo(arrived.Buffer.Start);
        }

        return ReadDeclaredAsync(request, declared);
    }

    private static async ValueTask<string> ReadDeclaredAsync(HttpRequest request, long declared)
    {
        var exact = new byte[declared];
        var read = await request.Body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, request.HttpContext.RequestAborted);
        return Buffered(request, exact, read);
    }

    private static string Buffered(HttpRequest request, byte[] body, int length)
    {
        request.Body = new MemoryStream(body, 0, length, writable: false, publiclyVisible: true);
        return SigV4Crypto.Sha256Hex(body.AsSpan(0, length));
    }

    private static async ValueTask<string> CopyBodyAsync(HttpRequest request)
    {
        var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        request.Body = new MemoryStream(buffer.GetBuffer(), 0, body.Length, writable: false, publiclyVisible: true);
        return SigV4Crypto.Sha256Hex(body.Span);
    }
}
