using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Steward.Server.Storage;

namespace Steward.Server.Audit;

/// <summary>
/// Puts the request's audit record into the same SaveChanges (and so the same transaction) as the request's first
/// state change: both commit, or both roll back. A write call whose save turns out to change nothing (setting a
/// value it already had) still commits its record there, so that every acknowledged write call is on disk.
/// </summary>
/// <remarks>One interceptor serves every pooled context: the request's <see cref="AuditScope"/> comes with the context.</remarks>
public sealed class AuditSaveChangesInterceptor : SaveChangesInterceptor
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

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Committed(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Detach(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Detach(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Attach(DbContext? context)
    {
        // Nothing pending (background work, or the record already went with an earlier save): leave the save alone.
        if (context is not StewardDbContext { Audit: { } scope } db || scope.Pending is null || scope.Written || (!scope.IsWrite && !db.ChangeTracker.HasChanges()))
        {
            return;
        }

        db.Add(scope.TakeForTransaction()!);
    }

    private static void Committed(DbContext? context) => (context as StewardDbContext)?.Audit?.Committed();

    private static void Detach(DbContext? context)
    {
        if (context is not StewardDbContext { Audit: { Attached: { } attached } scope } db)
        {
            return;
        }

        db.Entry(attached).State = EntityState.Detached;
        scope.TransactionFailed();
    }
}
