using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Steward.Server.Storage;
using Steward.Server.Tagging;

namespace Steward.Server.ModelCards;

/// <summary>
/// Drops <see cref="ModelCardReadCache"/> whenever this server changes a card, a card version or a card's tags, in
/// whichever feature the change is made: before the change is saved, and again once it is visible to other readers
/// (after SaveChanges when it commits by itself, after the commit of an explicit transaction), so that no read of
/// the earlier state can be cached after it.
/// </summary>
public sealed class ModelCardCacheInvalidation(ModelCardReadCache cache) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Saved(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    private void Saving(DbContext? context)
    {
        if (context is not StewardDbContext db)
        {
            return;
        }

        // Changes are detected before this interceptor runs (VersionInterceptor comes first).
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && entry.Entity is ModelCard or ModelCardVersion or ResourceTag { ResourceType: ModelCardService.ResourceType })
            {
                db.ChangesModelCards = true;
                cache.Invalidate();
                return;
            }
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is StewardDbContext { ChangesModelCards: true } db)
        {
            cache.Invalidate();
            // Without a transaction of its own, SaveChanges has committed: the change is visible and dropped after.
            if (db.Database.CurrentTransaction is null)
            {
                db.ChangesModelCards = false;
            }
        }
    }

    private void Ended(DbContext? context)
    {
        if (context is StewardDbContext { ChangesModelCards: true } db)
        {
            cache.Invalidate();
            db.ChangesModelCards = false;
        }
    }
}
