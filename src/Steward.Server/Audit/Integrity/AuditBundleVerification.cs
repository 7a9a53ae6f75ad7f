namespace Steward.Server.Audit.Integrity;

/// <summary>What is wrong at the first bad position of an export bundle.</summary>
public enum AuditBundleFailureKind
{
    /// <summary>A line is not what the format requires (JSON, fields, types, order of line types).</summary>
    Malformed,

    /// <summary>The header names another format or version.</summary>
    UnsupportedFormat,

    /// <summary>A checkpoint's signature by a trusted key does not verify (forged or altered checkpoint).</summary>
    BadCheckpointSignature,

    /// <summary>A checkpoint carries no signature from a trusted key (unknown key id).</summary>
    UntrustedCheckpoint,

    /// <summary>A checkpoint line's fields disagree with its signed note, or the note is for another log.</summary>
    CheckpointMismatch,

    /// <summary>Checkpoints are not in ascending size order.</summary>
    CheckpointOutOfOrder,

    /// <summary>Two checkpoints are not consistent: the later tree does not extend the earlier one.</summary>
    InconsistentCheckpoints,

    /// <summary>In a contiguous bundle, a sequence is missing (a record was deleted).</summary>
    MissingRecord,

    /// <summary>A record's sequence is not above the previous one (reordered or duplicated records).</summary>
    RecordOutOfOrder,

    /// <summary>A record's fields do not hash to its <c>hash</c> (the record was edited).</summary>
    RecordHashMismatch,

    /// <summary>A record's <c>previousHash</c> is not the hash of the record before it.</summary>
    ChainBroken,

    /// <summary>A record's inclusion proof does not lead to the final checkpoint's root (edited, inserted or moved record).</summary>
    InclusionProofFailed,

    /// <summary>A record lies outside the final checkpoint, or no checkpoint precedes the records.</summary>
    RecordNotCovered,
}

/// <summary>The first bad position in a bundle.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Sequence">The record sequence concerned (for a missing record, the missing sequence); null for header and checkpoint lines.</param>
/// <param name="Reason">A human explanation.</param>
public sealed record AuditBundleFailure(AuditBundleFailureKind Kind, int Line, long? Sequence, string Reason)
{
    /// <summary><c>line N (sequence S): reason</c>.</summary>
    public override string ToString() => Sequence is { } sequence ? $"line {Line} (sequence {sequence}): {Reason}" : $"line {Line}: {Reason}";
}

/// <summary>The outcome of verifying an export bundle offline.</summary>
public sealed record AuditBundleVerification
{
    /// <summary>True when every line checked out.</summary>
    public bool IsValid => Failure is null;

    /// <summary>The first bad position, when there is one.</summary>
    public AuditBundleFailure? Failure { get; init; }

    /// <summary>Record lines checked (before the failure, if any).</summary>
    public int RecordsChecked { get; init; }

    /// <summary>Checkpoint lines checked (before the failure, if any).</summary>
    public int CheckpointsChecked { get; init; }

    /// <summary>The log origin from the header.</summary>
    public string? Origin { get; init; }

    /// <summary>The final checkpoint's tree size (records are proven against it).</summary>
    public long? TreeSize { get; init; }

    /// <summary>The final checkpoint's root hash, lowercase hex.</summary>
    public string? RootHash { get; init; }

    /// <summary>The first record's sequence.</summary>
    public long? FirstSequence { get; init; }

    /// <summary>The last record's sequence.</summary>
    public long? LastSequence { get; init; }

    /// <summary>True when the records checked form one gapless run.</summary>
    public bool Contiguous { get; init; }

    /// <summary>
    /// True when the bundle holds every record of the log up to the final checkpoint (1..TreeSize, no gaps), so no deletion
    /// anywhere could go unnoticed. A partial or filtered export proves only the records it holds.
    /// </summary>
    public bool CoversWholeLog => IsValid && TreeSize is { } size && (size == 0 ? RecordsChecked == 0 : FirstSequence == 1 && LastSequence == size && Contiguous);

    /// <summary>
    /// True when no trusted keys were supplied and the keys listed in the bundle's own header were used: this proves the
    /// bundle is self-consistent, not that the expected server signed it.
    /// </summary>
    public bool KeysFromBundle { get; init; }
}
