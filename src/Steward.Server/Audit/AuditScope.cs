namespace Steward.Server.Audit;

/// <summary>
/// The audit record of the current request, while it is being handled. The access middleware fills it in;
/// <see cref="AuditSaveChangesInterceptor"/> writes it inside the transaction of the request's first state change;
/// otherwise the middleware hands it to the <see cref="AuditQueue"/> once the response is known.
/// </summary>
public sealed class AuditScope
{
    /// <summary>The record for an allowed call, waiting for the call's state change; null outside audited requests.</summary>
    public AuditRecord? Pending { get; private set; }

    /// <summary>True once the record has been committed with a state change.</summary>
    public bool Written { get; private set; }

    /// <summary>The error code of a failed call, for the record (set where the error response is written).</summary>
    public string? ErrorCode { get; set; }

    /// <summary>True when the call may change state (any method but GET and HEAD).</summary>
    public bool IsWrite { get; private set; }

    public void Begin(AuditRecord record, bool isWrite)
    {
        Pending = record;
        IsWrite = isWrite;
        Written = false;
    }

    /// <summary>The record while it rides in a save that has not committed yet.</summary>
    internal AuditRecord? Attached { get; private set; }

    internal AuditRecord? TakeForTransaction()
    {
        if (Pending is null || Written)
        {
            return null;
        }

        Written = true;
        Attached = Pending;
        return Pending;
    }

    /// <summary>The save that carried the record succeeded: a later failed save in the same request cannot take it back.</summary>
    internal void Committed() => Attached = null;

    internal void TransactionFailed()
    {
        Written = false;
        Attached = null;
    }
}
