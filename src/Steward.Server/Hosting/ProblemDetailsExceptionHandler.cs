using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Steward.Server.Hosting;

/// <summary>
/// The one exception handler: maps our few known failures to 4xx problem details; anything else is logged and
/// answered as a 500 that names only the request id — never a stack trace, SQL text or file path.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-request (a body cut off, a connection closed): there is nobody to answer, and
            // writing would only fail again. Its leaving is not the server's failure; the audit record says what happened.
            return true;
        }

        var (status, code, detail) = Map(exception);
        if (status >= 500)
        {
            LogUnhandled(logger, exception, context.TraceIdentifier);
        }

        if (context.Response.HasStarted)
        {
            return false;
        }

        try
        {
            await Problems.WriteAsync(context, status, code, detail, exception is FieldValidationException fields ? fields.AddTo : null);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left while the answer was being written (after the check above): as above, nobody to answer.
        }

        return true;
    }

    public static (int Status, string Code, string Detail) Map(Exception exception) => exception switch
    {
        StewardException e => (e.Status, e.Code, e.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (StatusCodes.Status413PayloadTooLarge, "RequestTooLarge", "The request body is larger than this server accepts."),
        BadHttpRequestException { InnerException: JsonException json } =>
            (StatusCodes.Status400BadRequest, "InvalidJson", "The request body is not valid JSON: " + FirstLine(json.Message)),
        BadHttpRequestException e => (e.StatusCode, "BadRequest", FirstLine(e.Message)),
        JsonException json => (StatusCodes.Status400BadRequest, "InvalidJson", "The request body is not valid JSON: " + FirstLine(json.Message)),
        DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, "ConcurrentModification",
            "The resource was changed by another request; read it again and retry."),
        OperationCanceledException => (499, "ClientClosedRequest", "The request was cancelled."),
        _ => (StatusCodes.Status500InternalServerError, "InternalFailure", "The server failed to handle the request; quote the request id when reporting it."),
    };

    private static string FirstLine(string message) => message.ReplaceLineEndings("\n").Split('\n')[0];

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled failure in request {RequestId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);
}
