using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Steward.Server.Audit;

/// <summary>
/// Puts the request's audit record into the same SaveChanges (and so the same transaction) as the request's first
/// state change: both commit, or both roll back. A write call whose save turns out to change nothing (setting a
/// value it already had) still commits its record there, so that every acknowledged write call is on disk.
/// </summary>
public sealed class AuditSaveChangesInterceptor(AuditScope scope) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Attach(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Attach(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Detach(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Detach(eventData.Context);
        return Task.CompletedTask;
    }

    private AuditRecord? _attached;

    private void Attach(DbContext? context)
    {
        // Nothing pending (background work, or the record already went with an earlier save): leave the save alone.
        if (context is null || scope.Pending is null || scope.Written || (!scope.IsWrite && !context.ChangeTracker.HasChanges()))
        {
            return;
        }

        _attached = scope.TakeForTransaction();
        context.Add(_attached!);
    }

    private void Detach(DbContext? context)
    {
        if (_attached is null || context is null)
        {
            return;
        }

        context.Entry(_attached).State = EntityState.Detached;
        _attached = null;
        scope.TransactionFailed();
    }
}
