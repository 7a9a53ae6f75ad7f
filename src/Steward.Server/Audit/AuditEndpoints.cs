using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;

namespace Steward.Server.Audit;

/// <summary>Query-string filters of the audit list and export.</summary>
public sealed record AuditFilterParameters
{
    [FromQuery(Name = "from")] public DateTimeOffset? From { get; init; }
    [FromQuery(Name = "to")] public DateTimeOffset? To { get; init; }
    [FromQuery(Name = "principal")] [StringLength(512)] public string? Principal { get; init; }
    [FromQuery(Name = "action")] [StringLength(128)] public string? Action { get; init; }
    [FromQuery(Name = "resource")] [StringLength(1024)] public string? Resource { get; init; }
    [FromQuery(Name = "outcome")] [RegularExpression("^(Allowed|Denied|Failed)$")] public string? Outcome { get; init; }
    [FromQuery(Name = "requestId")] [StringLength(64)] public string? RequestId { get; init; }
    [FromQuery(Name = "maxResults")] [Range(1, 1000)] public int? MaxResults { get; init; }
    [FromQuery(Name = "nextToken")] [StringLength(64)] public string? NextToken { get; init; }

    public AuditQuery ToQuery() => new(From?.UtcDateTime, To?.UtcDateTime, Principal, Action, Resource, Outcome, RequestId);
}

/// <summary>REST for the audit trail: <c>/api/v1/audit</c>. Read-only: no route changes or deletes a record.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("Audit");
        group.MapGet("/events", List).Performs("steward:ListAuditEvents", AuditLog);
        group.MapGet("/export", Export).Performs("steward:ExportAuditEvents", AuditLog);
        group.MapGet("/verify", Verify).Performs("steward:VerifyAuditLog", AuditLog);
        return app;
    }

    private static string AuditLog(ResourceContext r) => r.Arn("steward", "audit-log/default");

    public static async Task<Ok<AuditEventPage>> List([AsParameters] AuditFilterParameters filter, Caller caller, AuditService audit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.ListAsync(caller.AccountId, filter.ToQuery(), filter.MaxResults ?? 100, filter.NextToken, cancellationToken));

    /// <summary>JSON Lines: a header, the records with inclusion proofs, and signed checkpoints with consistency proofs.</summary>
    public static async Task Export([AsParameters] AuditFilterParameters filter, Caller caller, AuditService audit, HttpContext context)
    {
        context.Response.ContentType = "application/x-ndjson";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"steward-audit.jsonl\"";
        await audit.ExportAsync(caller.AccountId, filter.ToQuery(), context.Response.Body, context.RequestAborted);
    }

    public static async Task<Ok<AuditVerification>> Verify(AuditService audit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.VerifyAsync(cancellationToken));
}
