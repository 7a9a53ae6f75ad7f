using Steward.Server.Audit.Integrity;

namespace Steward.Server.Tests.Audit.Integrity;

/// <summary>Online verification of stored entries: the chain, and the checkpoints' roots.</summary>
public sealed class AuditChainTests
{
    private readonly TestAuditLog _log = TestAuditLog.Create(50);

    [Fact]
    public void Intact_log_verifies_and_reports_its_end()
    {
        var result = AuditChain.VerifyContiguous(_log.Entries, [_log.Checkpoint(10), _log.Checkpoint(50)]);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(50, result.EntriesChecked);
        Assert.Equal(50, result.LastSequence);
        Assert.Equal(_log.Entries[^1].Hash, result.LastHash);
    }

    [Fact]
    public void Edited_field_names_that_entry() =>
        AssertFirstBad(Replace(17, e => e with { Entry = e.Entry with { Action = "sagemaker:DeleteModelCard" } }), 17, "altered");

    [Fact]
    public void Edited_stored_hash_names_that_entry() =>
        AssertFirstBad(Replace(17, e => e with { Hash = (e.Hash[0] == '0' ? "1" : "0") + e.Hash[1..] }), 17, "altered");

    [Fact]
    public void Deleted_entry_names_the_missing_sequence()
    {
        var entries = _log.Entries.Where(e => e.Entry.Sequence != 17).ToList();

        AssertFirstBad(entries, 17, "missing");
    }

    [Fact]
    public void Reordered_entries_name_the_first_displaced_sequence()
    {
        var entries = _log.Entries.ToList();
        (entries[16], entries[17]) = (entries[17], entries[16]);

        AssertFirstBad(entries, 17, "out of order");
    }

    [Fact]
    public void Inserted_entry_is_detected_where_it_was_inserted()
    {
        var entries = _log.Entries.ToList();
        var forged = TestAuditLog.Sample(18, entries[16].Hash) with { Action = "sagemaker:DeleteModelCard" };
        entries.Insert(17, new SealedAuditEntry(forged, AuditCanonicalForm.Hash(forged)));

        // The forged entry chains correctly to 17; the genuine 18 then appears where 19 belongs.
        AssertFirstBad(entries, 19, "expected sequence 19");
    }

    [Fact]
    public void Entry_rewritten_with_a_recomputed_hash_breaks_the_chain_at_the_next_entry()
    {
        var forged = _log.Entries[16].Entry with { Outcome = "Denied" };
        var entries = Replace(17, _ => new SealedAuditEntry(forged, AuditCanonicalForm.Hash(forged)));

        AssertFirstBad(entries, 18, "chain is broken");
    }

    [Fact]
    public void Rewritten_tail_is_caught_by_the_checkpoint_root()
    {
        var forged = _log.Entries[49].Entry with { Outcome = "Denied" };
        var entries = Replace(50, _ => new SealedAuditEntry(forged, AuditCanonicalForm.Hash(forged)));

        Assert.True(AuditChain.VerifyContiguous(entries).IsValid);
        var result = AuditChain.VerifyContiguous(entries, [_log.Checkpoint(50)]);
        Assert.False(result.IsValid);
        Assert.Equal(50, result.FirstBadSequence);
        Assert.Contains("checkpoint", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Entries_removed_from_the_end_are_caught_by_a_checkpoint_covering_them()
    {
        var result = AuditChain.VerifyContiguous(_log.Entries.Take(45), [_log.Checkpoint(50)]);

        Assert.False(result.IsValid);
        Assert.Equal(46, result.FirstBadSequence);
        Assert.Contains("removed from the end", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void First_entry_must_chain_to_the_genesis_hash()
    {
        var forged = _log.Entries[0].Entry with { PreviousHash = new string('1', 64) };

        AssertFirstBad(Replace(1, _ => new SealedAuditEntry(forged, AuditCanonicalForm.Hash(forged))), 1, "64 zeros");
    }

    [Fact]
    public void A_window_can_be_verified_from_a_trusted_previous_hash()
    {
        var window = _log.Entries.Skip(20).Take(10).ToList();

        Assert.True(AuditChain.VerifyContiguous(window, expectedPreviousHash: _log.Entries[19].Hash).IsValid);
        var result = AuditChain.VerifyContiguous(window, expectedPreviousHash: _log.Entries[18].Hash);
        Assert.Equal(21, result.FirstBadSequence);
    }

    [Fact]
    public void Incremental_verifier_exposes_the_merkle_root()
    {
        var verifier = new AuditChainVerifier();
        foreach (var entry in _log.Entries.Take(33))
        {
            Assert.True(verifier.Append(entry));
        }

        Assert.Equal(_log.Tree.RootAt(33), verifier.MerkleRoot());
        Assert.True(verifier.Complete().IsValid);
    }

    private List<SealedAuditEntry> Replace(long sequence, Func<SealedAuditEntry, SealedAuditEntry> change) =>
        [.. _log.Entries.Select(e => e.Entry.Sequence == sequence ? change(e) : e)];

    private static void AssertFirstBad(IEnumerable<SealedAuditEntry> entries, long sequence, string reason)
    {
        var result = AuditChain.VerifyContiguous(entries);

        Assert.False(result.IsValid);
        Assert.Equal(sequence, result.FirstBadSequence);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }
}
