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

/// <summary>One offending field: an RFC 6901 pointer into the request, the rule it broke and a readable explanation.</summary>
public sealed record FieldError(string Pointer, string Rule, string Message);

/// <summary>
/// A request with bad fields: every one of them, in one problem. The problem's <c>errors</c> maps each pointer to
/// <c>"rule: message"</c> strings (the shape of ASP.NET Core's validation problems); <c>violations</c> lists them as
/// objects. Route and query values are named as pointers too (<c>/name</c>, <c>/version</c>).
/// </summary>
public sealed class FieldValidationException(IReadOnlyList<FieldError> errors, string? detail = null, string code = "ValidationError", int status = StatusCodes.Status400BadRequest)
    : StewardException(status, code, detail ?? Summarize(errors))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;

    public FieldValidationException(string pointer, string rule, string message)
        : this([new FieldError(pointer, rule, message)])
    {
    }

    public void AddTo(ProblemDetails problem)
    {
        problem.Extensions["errors"] = Errors.GroupBy(e => e.Pointer, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => $"{e.Rule}: {e.Message}").ToArray(), StringComparer.Ordinal);
        problem.Extensions["violations"] = Errors.Select(e => new { pointer = e.Pointer, rule = e.Rule, message = e.Message }).ToArray();
    }

    private static string Summarize(IReadOnlyList<FieldError> errors) => errors.Count switch
    {
        0 => "The request is invalid.",
        1 => $"{errors[0].Pointer}: {errors[0].Message}",
        _ => $"{errors.Count} fields are invalid ({string.Join(", ", errors.Select(e => e.Pointer).Distinct(StringComparer.Ordinal).Take(5))}{(errors.Count > 5 ? ", ..." : string.Empty)}); see errors.",
    };
}

/// <summary>
/// Writes errors in a protocol's own format instead of a problem detail: set as a request feature (from endpoint
/// metadata, by the access middleware) for ways in that speak another wire protocol, such as SageMaker's awsJson1_1.
/// </summary>
public interface IErrorResponseWriter
{
    Task WriteAsync(HttpContext context, int status, string code, string detail);
}

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

    public static Task WriteAsync(HttpContext context, int status, string code, string detail, Action<ProblemDetails>? extend = null)
    {
        if (context.Features.Get<IErrorResponseWriter>() is { } protocol)
        {
            return protocol.WriteAsync(context, status, code, detail);
        }

        context.Response.StatusCode = status;
        var problem = Create(context, status, code, detail);
        extend?.Invoke(problem);
        return context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", context.RequestAborted);
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
