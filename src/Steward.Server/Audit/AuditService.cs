using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Steward.Server.Hosting;
using Steward.Server.Storage;

namespace Steward.Server.Audit;

/// <summary>Reads the audit trail of an account: list with filters and paging, export, verification.</summary>
public sealed partial class AuditService(StewardDbContext db, AuditTrail trail, IOptions<StewardOptions> options)
{
    public async Task<AuditEventPage> ListAsync(string accountId, AuditQuery query, int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        // Read-your-writes on this replica: what was queued before this call is listed by it.
        await trail.FlushAsync(forceCheckpoint: false, cancellationToken);
        var records = Filter(accountId, query);
        if (nextToken is not null)
        {
            if (!long.TryParse(nextToken, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
            {
                throw new ValidationException("nextToken is not one this server issued.");
            }

            records = records.Where(r => r.Id < before);
        }

        var page = await records.OrderByDescending(r => r.Id).Take(maxResults + 1).ToListAsync(cancellationToken);
        var more = page.Count > maxResults;
        if (more)
        {
            page.RemoveAt(page.Count - 1);
        }

        return new AuditEventPage(
            [.. page.Select(ToDto)],
            more ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    private IQueryable<AuditRecord> Filter(string accountId, AuditQuery query)
    {
        var records = db.AuditRecords.AsNoTracking().Where(r => r.AccountId == accountId);
        if (query.From is { } from)
        {
            records = records.Where(r => r.Time >= from);
        }

        if (query.To is { } to)
        {
            records = records.Where(r => r.Time < to);
        }

        if (query.Principal is { } principal)
        {
            records = records.Where(r => r.PrincipalArn == principal);
        }

        if (query.Action is { } action)
        {
            records = records.Where(r => r.Action == action);
        }

        if (query.Resource is { } resource)
        {
            records = records.Where(r => r.ResourceArn == resource);
        }

        if (query.RequestId is { } requestId)
        {
            records = records.Where(r => r.RequestId == requestId);
        }

        if (query.Outcome is { } outcome)
        {
            records = records.Where(r => r.Outcome == outcome);
        }

        return records;
    }

    public static AuditEventDto ToDto(AuditRecord r) => new(
        r.Sequence, r.Time, r.AccountId, r.PrincipalArn, r.Action, r.ResourceArn, r.SourceIp, r.UserAgent, r.RequestId, r.Outcome, r.ErrorCode, r.PreviousHash, r.Hash);
}
