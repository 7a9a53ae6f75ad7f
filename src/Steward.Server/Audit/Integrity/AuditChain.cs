namespace Steward.Server.Audit.Integrity;

/// <summary>The outcome of checking a run of stored audit entries.</summary>
/// <param name="IsValid">True when every entry, link and checkpoint checked out.</param>
/// <param name="EntriesChecked">How many entries were read before the end or the first failure.</param>
/// <param name="LastSequence">The sequence of the last entry that checked out.</param>
/// <param name="LastHash">The recomputed hash of that entry (the next entry's expected previous hash).</param>
/// <param name="FirstBadSequence">The first sequence found bad (for a missing entry: the sequence that is missing).</param>
/// <param name="Error">What is wrong there.</param>
public sealed record AuditChainResult(
    bool IsValid, long EntriesChecked, long? LastSequence, string? LastHash, long? FirstBadSequence, string? Error);

/// <summary>
/// Recomputes the hash chain over stored entries one at a time, in sequence order, so the server can stream rows from
/// the database (<c>await foreach</c>) without holding them. When the run starts at sequence 1 it also rebuilds the
/// Merkle tree and checks the roots of the given checkpoints as it passes their sizes.
/// </summary>
public sealed class AuditChainVerifier
{
    private readonly string? _expectedPreviousHash;
    private readonly Queue<Checkpoint> _checkpoints;
    private MerkleFrontier? _frontier;
    private long _checked;
    private long? _lastSequence;
    private string? _lastHash;
    private AuditChainResult? _failure;

    /// <summary>Starts a verification.</summary>
    /// <param name="checkpoints">Verified checkpoints whose roots the records must reproduce (only checked when the run starts at sequence 1).</param>
    /// <param name="expectedPreviousHash">For a run that starts after sequence 1: the trusted hash of the entry before it.</param>
    public AuditChainVerifier(IEnumerable<Checkpoint>? checkpoints = null, string? expectedPreviousHash = null)
    {
        _expectedPreviousHash = expectedPreviousHash;
        _checkpoints = new Queue<Checkpoint>((checkpoints ?? []).Where(c => c.Size > 0).OrderBy(c => c.Size));
    }

    /// <summary>False once a failure has been found; later entries are then ignored.</summary>
    public bool IsValid => _failure is null;

    /// <summary>Checks the next entry. Returns false (and stops checking) at the first failure.</summary>
    public bool Append(SealedAuditEntry sealedEntry)
    {
        ArgumentNullException.ThrowIfNull(sealedEntry);
        if (_failure is not null)
        {
            return false;
        }

        var entry = sealedEntry.Entry;
        string expectedPrevious;
        if (_lastSequence is { } last)
        {
            if (entry.Sequence != last + 1)
            {
                return Fail(last + 1, $"expected sequence {last + 1} but found {entry.Sequence} (an entry is missing or out of order)");
            }

            expectedPrevious = _lastHash!;
        }
        else if (entry.Sequence == 1)
        {
            expectedPrevious = AuditCanonicalForm.GenesisPreviousHash;
            _frontier = new MerkleFrontier();
        }
        else if (entry.Sequence < 1)
        {
            return Fail(entry.Sequence, "sequences start at 1");
        }
        else
        {
            expectedPrevious = _expectedPreviousHash ?? entry.PreviousHash;
        }

        var hashes = AuditCanonicalForm.ComputeHashes(entry);
        if (!string.Equals(hashes.Hash, sealedEntry.Hash, StringComparison.Ordinal))
        {
            return Fail(entry.Sequence, "the entry's content does not match its stored hash (the entry was altered)");
        }

        if (!string.Equals(entry.PreviousHash, expectedPrevious, StringComparison.Ordinal))
        {
            return Fail(entry.Sequence, entry.Sequence == 1
                ? "the first entry must have a previous hash of 64 zeros"
                : $"the chain is broken: previousHash does not match the hash of entry {entry.Sequence - 1} (one of the two was rewritten)");
        }

        _frontier?.Append(hashes.LeafHash);
        _checked++;
        _lastSequence = entry.Sequence;
        _lastHash = hashes.Hash;

        while (_frontier is not null && _checkpoints.TryPeek(out var checkpoint) && checkpoint.Size == _frontier.Size)
        {
            _checkpoints.Dequeue();
            if (!_frontier.Root().AsSpan().SequenceEqual(checkpoint.RootHash))
            {
                return Fail(checkpoint.Size, $"entries 1..{checkpoint.Size} do not reproduce the root of the signed checkpoint at size {checkpoint.Size} (an entry up to there was rewritten)");
            }
        }

        return true;
    }

    /// <summary>The Merkle root over the entries checked so far, when the run started at sequence 1; otherwise null.</summary>
    public byte[]? MerkleRoot() => _frontier?.Root();

    /// <summary>Ends the run: a checkpoint larger than the log means entries were removed from its end.</summary>
    public AuditChainResult Complete()
    {
        if (_failure is null && _frontier is not null && _checkpoints.TryPeek(out var beyond))
        {
            Fail((_lastSequence ?? 0) + 1, $"the log ends at sequence {_lastSequence ?? 0} but a signed checkpoint covers {beyond.Size} entries (entries were removed from the end)");
        }

        return _failure ?? new AuditChainResult(true, _checked, _lastSequence, _lastHash, null, null);
    }

    private bool Fail(long sequence, string error)
    {
        _failure = new AuditChainResult(false, _checked, _lastSequence, _lastHash, sequence, error);
        return false;
    }
}

/// <summary>Online verification of the stored audit log.</summary>
public static class AuditChain
{
    /// <summary>
    /// Recomputes the chain over a contiguous run of stored entries in sequence order and reports the first bad sequence.
    /// A run starting at 1 must begin with the genesis previous hash and, if <paramref name="checkpoints"/> are given,
    /// reproduce each checkpoint's root and reach the largest one.
    /// </summary>
    public static AuditChainResult VerifyContiguous(
        IEnumerable<SealedAuditEntry> entries, IEnumerable<Checkpoint>? checkpoints = null, string? expectedPreviousHash = null)
    {
        var verifier = new AuditChainVerifier(checkpoints, expectedPreviousHash);
        foreach (var entry in entries)
        {
            if (!verifier.Append(entry))
            {
                break;
            }
        }

        return verifier.Complete();
    }
}
