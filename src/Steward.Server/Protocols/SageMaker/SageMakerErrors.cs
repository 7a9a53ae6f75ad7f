using System.Text.Json;
using Steward.Server.Hosting;
using Steward.Server.Protocols.SageMaker.ServiceModel;

namespace Steward.Server.Protocols.SageMaker;

/// <summary>
/// Writes every error of the SageMaker endpoint in the awsJson1_1 form, <c>{"__type": ..., "message": ...}</c> with
/// the same Content-Type and an <c>X-Amzn-ErrorType</c> header, translating Steward's problem codes into the names
/// SageMaker clients know. Errors the operation models (<c>ResourceNotFound</c>, <c>ConflictException</c>, ...) come out
/// as those shapes, so the SDKs raise their typed exceptions; a "not found" on an operation that models no
/// <c>ResourceNotFound</c> is a <c>ValidationException</c>, as SageMaker answers.
/// </summary>
public sealed class SageMakerErrors : IErrorResponseWriter
{
    public const string Validation = "ValidationException";
    public const string Serialization = "SerializationException";
    public const string UnknownOperation = "UnknownOperationException";
    public const string ResourceNotFound = "ResourceNotFound";
    public const string Conflict = "ConflictException";
    public const string ResourceInUse = "ResourceInUse";
    public const string AccessDenied = "AccessDeniedException";
    public const string InvalidSignature = "InvalidSignatureException";
    public const string IncompleteSignature = "IncompleteSignature";
    public const string UnrecognizedClient = "UnrecognizedClientException";
    public const string MissingAuthenticationToken = "MissingAuthenticationToken";
    public const string InternalFailure = "InternalFailure";
    public const string ContentType = "application/x-amz-json-1.1";

    public static readonly SageMakerErrors Instance = new();

    public Task WriteAsync(HttpContext context, int status, string code, string detail)
    {
        var operation = context.Features.Get<SageMakerCall>()?.Model;
        var (wireStatus, type) = Translate(status, code, operation);
        context.Items[Problems.CodeItem] = type;
        context.Response.StatusCode = wireStatus;
        context.Response.ContentType = ContentType;
        context.Response.Headers["X-Amzn-ErrorType"] = type;
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(type, detail), SageMakerJsonContext.Default.ErrorBody);
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>The SageMaker status and error name for a Steward failure.</summary>
    public static (int Status, string Type) Translate(int status, string code, OperationModel? operation) => code switch
    {
        // Already a SageMaker name (SageMakerException).
        Validation or Serialization or UnknownOperation or Conflict or ResourceInUse or AccessDenied
            or InvalidSignature or IncompleteSignature or UnrecognizedClient or InternalFailure => (status, code),

        // Authentication: AWS answers these with 403.
        MissingAuthenticationToken => (403, MissingAuthenticationToken),
        "UnrecognizedAccessKey" or "AccessKeyDisabled" or "InvalidSecret" => (403, UnrecognizedClient),
        "MalformedAuthorization" or "MissingDate" or "UnsupportedAlgorithm" or "HostNotSigned" or "RequiredHeaderNotSigned" or "SignedHeaderMissing" => (403, IncompleteSignature),
        _ when status == StatusCodes.Status401Unauthorized => (403, InvalidSignature),

        // Authorization: the JSON protocols send AccessDeniedException with 400.
        "AccessDenied" or "CrossAccountDenied" => (400, AccessDenied),

        ResourceNotFound => (400, Models(operation, ResourceNotFound) ? ResourceNotFound : Validation),
        "InvalidJson" => (400, Serialization),
        "ModelCardArchived" => (400, Models(operation, Conflict) ? Conflict : Validation),
        _ when status == StatusCodes.Status409Conflict || status == StatusCodes.Status412PreconditionFailed => (400, Conflict),
        _ when status >= 500 && status != StatusCodes.Status503ServiceUnavailable => (500, InternalFailure),
        _ when status == StatusCodes.Status503ServiceUnavailable => (503, "ServiceUnavailable"),
        _ => (400, Validation),
    };

    private static bool Models(OperationModel? operation, string error) => operation is null || operation.Errors.Contains(error);
}

/// <summary>The awsJson1_1 error body.</summary>
public sealed record ErrorBody(
    [property: System.Text.Json.Serialization.JsonPropertyName("__type")] string Type,
    [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message);

[System.Text.Json.Serialization.JsonSerializable(typeof(ErrorBody))]
internal sealed partial class SageMakerJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
