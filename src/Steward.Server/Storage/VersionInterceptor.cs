using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Steward.Server.Storage;

/// <summary>
/// Optimistic concurrency for every mutable row: a modified entity with a <c>Version</c> concurrency token gets
/// it incremented, so a write based on a stale read fails with <see cref="DbUpdateConcurrencyException"/>.
/// </summary>
public sealed class VersionInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Bump(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Bump(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Bump(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        // SaveChanges detects changes only after this event; without it, modified entities still look unchanged here.
        // A context that turned automatic detection off (bulk inserts) states its changes itself.
        if (context.ChangeTracker.AutoDetectChangesEnabled)
        {
            context.ChangeTracker.DetectChanges();
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Modified && entry.Metadata.FindProperty("Version") is { IsConcurrencyToken: true } property)
            {
                var current = (long)entry.Property(property.Name).CurrentValue!;
                entry.Property(property.Name).CurrentValue = current + 1;
            }
        }
    }
}
