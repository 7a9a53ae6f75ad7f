using Microsoft.EntityFrameworkCore;
using Steward.Server.Audit.Integrity;

namespace Steward.Server.Audit;

public sealed partial class AuditService
{
    /// <summary>
    /// Writes the account's records matching <paramref name="query"/> as a verifiable bundle: each record with its
    /// inclusion proof in the latest signed checkpoint, and that checkpoint with its consistency proof from the
    /// earliest checkpoint covering the first record. Other accounts' records are never included; their leaf
    /// hashes (which reveal nothing of them) are what the proofs are made of.
    /// </summary>
    public async Task ExportAsync(string accountId, AuditQuery query, Stream output, CancellationToken cancellationToken)
    {
        await trail.FlushAsync(forceCheckpoint: true, cancellationToken);
        var final = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Size).FirstOrDefaultAsync(cancellationToken);
        var finalSize = final?.Size ?? 0;
        var records = Filter(accountId, query).Where(r => r.Sequence != null && r.Sequence <= finalSize);
        var range = await records.GroupBy(_ => 1)
            .Select(g => new { First = g.Min(r => r.Sequence), Last = g.Max(r => r.Sequence), Count = g.LongCount() })
            .FirstOrDefaultAsync(cancellationToken);
        var checkpoints = new List<string>();
        if (final is not null && range is not null)
        {
            var first = await db.AuditCheckpoints.AsNoTracking().Where(c => c.Size >= range.First).OrderBy(c => c.Size).FirstAsync(cancellationToken);
            if (first.Id != final.Id)
            {
                checkpoints.Add(first.SignedNote);
            }

            checkpoints.Add(final.SignedNote);
        }

        var leaves = await db.AuditRecords.AsNoTracking()
            .Where(r => r.Sequence != null && r.Sequence <= finalSize)
            .OrderBy(r => r.Sequence)
            .Select(r => r.LeafHash!)
            .ToListAsync(cancellationToken);
        var tree = InMemoryMerkleTree.From(leaves.Select(Convert.FromHexString));
        var contiguous = range is not null && range.Count == range.Last - range.First + 1;
        var header = new AuditBundleHeader(AuditTrail.Origin, PublicKeys(), contiguous, Describe(accountId, query));
        var entries = records.OrderBy(r => r.Sequence).AsAsyncEnumerable().Select(AuditTrail.ToSealed);
        await AuditBundleWriter.WriteAsync(output, header, checkpoints, entries, tree, cancellationToken);
    }

    /// <summary>Recomputes the whole log's hash chain and Merkle roots and checks every signed checkpoint against them.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await trail.FlushAsync(forceCheckpoint: false, cancellationToken);
        var notes = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Size).Select(c => c.SignedNote).ToListAsync(cancellationToken);
        var verifier = new CheckpointVerifier(PublicKeys());
        var checkpoints = new List<Checkpoint>();
        foreach (var note in notes)
        {
            var verified = verifier.Verify(note, AuditTrail.Origin);
            if (verified.Checkpoint is null)
            {
                return new AuditVerification(false, 0, checkpoints.Count, null, "A stored checkpoint does not verify: " + verified.Error);
            }

            checkpoints.Add(verified.Checkpoint);
        }

        var chain = new AuditChainVerifier(checkpoints);
        await foreach (var record in db.AuditRecords.AsNoTracking().Where(r => r.Sequence != null).OrderBy(r => r.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!chain.Append(AuditTrail.ToSealed(record)))
            {
                break;
            }
        }

        var result = chain.Complete();
        return new AuditVerification(result.IsValid, result.EntriesChecked, checkpoints.Count, result.FirstBadSequence, result.Error);
    }

    private IReadOnlyList<NoteVerifierKey> PublicKeys() => CheckpointSigner.LoadPublicKeys(options.Value.DataDirectory);

    private static Dictionary<string, string> Describe(string accountId, AuditQuery query)
    {
        var filter = new Dictionary<string, string> { ["account"] = accountId };
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                filter[name] = value is DateTime time ? time.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : value.ToString()!;
            }
        }

        Add("from", query.From);
        Add("to", query.To);
        Add("principal", query.Principal);
        Add("action", query.Action);
        Add("resource", query.Resource);
        Add("outcome", query.Outcome);
        Add("requestId", query.RequestId);
        return filter;
    }
}
