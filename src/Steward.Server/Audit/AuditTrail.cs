using Microsoft.EntityFrameworkCore;
using Steward.Server.Audit.Integrity;
using Steward.Server.Storage;

namespace Steward.Server.Audit;

/// <summary>
/// Writes queued audit records and seals the log: gives each unsealed record the next position, chains its hash to
/// the previous record's, extends the Merkle tree, and now and then signs a checkpoint of the tree.
/// Sealing follows commit order, so a record written by a long transaction is sealed when it becomes visible.
/// </summary>
public sealed class AuditTrail(IServiceScopeFactory scopes, AuditQueue queue, CheckpointSigner signer, AuditMetrics metrics, TimeProvider time)
{
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(10);
    public const string GenesisHashValue = AuditCanonicalForm.GenesisPreviousHash;

    /// <summary>The name of this log in its signed checkpoints (the C2SP checkpoint origin and key name).</summary>
    public const string Origin = "steward-audit";
    private const int BatchSize = 2000;

    // A PostgreSQL advisory lock so that one replica at a time seals.
    private const long SealLockKey = 0x5374657761726401;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _lastCheckpoint = DateTimeOffset.MinValue;

    // Records taken from the queue and not yet committed; only the flush (under the gate) touches them.
    private readonly List<AuditRecord> _queued = [];

    public async Task FlushAsync(bool forceCheckpoint, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
            // Records are only added or set explicitly here; scanning thousands of tracked rows for changes is waste.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            while (await SealBatchAsync(db, forceCheckpoint, cancellationToken))
            {
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Seals, in one transaction, the unsealed records that state-changing transactions committed (oldest first), then
    /// queued records, which are inserted already sealed: writing them unsealed, reading them back and updating each
    /// one was most of the server's CPU under authenticated reads.
    /// </summary>
    /// <returns>True when a full batch was sealed and more may wait.</returns>
    private async Task<bool> SealBatchAsync(StewardDbContext db, bool forceCheckpoint, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SealLockKey})", cancellationToken);
        }

        var head = await db.AuditLogHeads.SingleAsync(h => h.Id == AuditLogHead.SingletonId, cancellationToken);
        var pending = await db.AuditRecords.Where(r => r.Sequence == null).OrderBy(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken);
        while (pending.Count + _queued.Count < BatchSize && queue.Reader.TryRead(out var record))
        {
            _queued.Add(record);
        }

        var frontier = head.Frontier.Length == 0 ? new MerkleFrontier() : MerkleFrontier.Parse(head.Frontier);
        if (frontier.Size != head.Size)
        {
            // A damaged head row must stop sealing, never start a new tree silently.
            throw new InvalidOperationException($"The audit log head says {head.Size} records but its Merkle frontier holds {frontier.Size}.");
        }

        foreach (var record in pending.Concat(_queued))
        {
            record.Sequence = head.Size + 1;
            record.PreviousHash = head.LastHash;
            var hashes = AuditCanonicalForm.ComputeHashes(ToEntry(record));
            record.Hash = hashes.Hash;
            record.LeafHash = Convert.ToHexStringLower(hashes.LeafHash);
            frontier.Append(hashes.LeafHash);
            head.Size = record.Sequence.Value;
            head.LastHash = record.Hash;
        }

        head.Frontier = frontier.Serialize();
        var now = time.GetUtcNow();
        if (await CheckpointDueAsync(db, head.Size, forceCheckpoint, now, cancellationToken))
        {
            var root = frontier.Root();
            db.AuditCheckpoints.Add(new AuditCheckpoint
            {
                Size = head.Size,
                RootHash = Convert.ToHexStringLower(root),
                CreatedAt = now.UtcDateTime,
                SignedNote = signer.Sign(head.Size, root),
            });
            _lastCheckpoint = now;
            metrics.Checkpoints.Add(1);
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        await AuditRecordInserts.InsertAsync(db, _queued, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var sealedCount = pending.Count + _queued.Count;
        metrics.Queued.Add(_queued.Count);
        metrics.Sealed.Add(sealedCount);
        // Only now are the queued records safe; a failed round keeps them for the next one, sealed afresh.
        _queued.Clear();
        return sealedCount == BatchSize;
    }

    private async Task<bool> CheckpointDueAsync(StewardDbContext db, long size, bool force, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (size == 0 || (!force && now - _lastCheckpoint < CheckpointInterval))
        {
            return false;
        }

        var last = await db.AuditCheckpoints.OrderByDescending(c => c.Size).Select(c => (long?)c.Size).FirstOrDefaultAsync(cancellationToken);
        return last != size;
    }

    public static SealedAuditEntry ToSealed(AuditRecord r) => new(ToEntry(r), r.Hash!);

    public static AuditEntry ToEntry(AuditRecord r) => new(
        r.Sequence ?? 0,
        new DateTimeOffset(r.Time, TimeSpan.Zero),
        r.AccountId,
        r.PrincipalArn,
        r.Action,
        r.ResourceArn,
        r.SourceIp,
        r.UserAgent,
        r.RequestId,
        r.Outcome,
        r.ErrorCode,
        r.PreviousHash ?? GenesisHashValue);
}
