using Microsoft.AspNetCore.Mvc;

namespace Steward.Server.Hosting;

/// <summary>A failure a feature reports on purpose; becomes a problem detail with <see cref="Code"/>.</summary>
public class StewardException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

public sealed class NotFoundException(string what) : StewardException(StatusCodes.Status404NotFound, "ResourceNotFound", what);

public sealed class ConflictException(string what) : StewardException(StatusCodes.Status409Conflict, "Conflict", what);

public sealed class ValidationException(string what) : StewardException(StatusCodes.Status400BadRequest, "ValidationError", what);

/// <summary>Builds every problem detail Steward sends (RFC 7807), so they all carry the same fields.</summary>
public static class Problems
{
    public const string TypePrefix = "urn:steward:problem:";
    public const string CodeItem = "steward.problem.code";

    public static ProblemDetails Create(HttpContext context, int status, string code, string detail, string? title = null)
    {
        context.Items[CodeItem] = code;
        var problem = new ProblemDetails
        {
            Type = TypePrefix + code,
            Title = title ?? ReasonPhrase(status),
            Status = status,
            Detail = detail,
            Instance = context.Request.Path,
        };
        problem.Extensions["code"] = code;
        problem.Extensions["requestId"] = context.TraceIdentifier;
        return problem;
    }

    public static Task WriteAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Create(context, status, code, detail), options: null, contentType: "application/problem+json", context.RequestAborted);
    }

    /// <summary>Gives problems written by the framework (validation, status pages) the same code and request id as ours.</summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (!problem.Extensions.ContainsKey("code"))
        {
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            var code = problem switch
            {
                HttpValidationProblemDetails => "ValidationError",
                _ when status == StatusCodes.Status413PayloadTooLarge => "RequestTooLarge",
                _ => ReasonPhrase(status).Replace(" ", string.Empty, StringComparison.Ordinal),
            };
            problem.Extensions["code"] = code;
            problem.Type = TypePrefix + code;
            problem.Detail ??= code switch
            {
                "ValidationError" => "One or more fields are invalid; see errors.",
                "RequestTooLarge" => "The request body is larger than this server accepts.",
                _ => problem.Title,
            };
            context.HttpContext.Items[CodeItem] = code;
        }

        problem.Extensions.TryAdd("requestId", context.HttpContext.TraceIdentifier);
    }

    /// <summary>The error code to record for a finished response, when no problem named one.</summary>
    public static string? CodeOf(HttpContext context) =>
        context.Items.TryGetValue(CodeItem, out var code) ? code as string
        : context.Response.StatusCode >= 400 ? ReasonPhrase(context.Response.StatusCode).Replace(" ", string.Empty, StringComparison.Ordinal)
        : null;

    public static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
