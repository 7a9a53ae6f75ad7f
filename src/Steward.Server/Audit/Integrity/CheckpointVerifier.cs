namespace Steward.Server.Audit.Integrity;

/// <summary>Why a signed checkpoint was refused.</summary>
public enum CheckpointFailureKind
{
    /// <summary>The text is not a well-formed signed note.</summary>
    MalformedNote,

    /// <summary>A signature from a trusted key (same name and key id) does not verify: forged or altered.</summary>
    BadSignature,

    /// <summary>No signature from a trusted key: unknown key id or name.</summary>
    UntrustedKey,

    /// <summary>The signed text is not a well-formed checkpoint.</summary>
    MalformedCheckpoint,

    /// <summary>The checkpoint names another log.</summary>
    WrongOrigin,
}

/// <summary>The outcome of verifying a signed checkpoint.</summary>
/// <param name="IsValid">True when a trusted key signed it, no known key's signature failed, and the text is a checkpoint.</param>
/// <param name="Checkpoint">The checkpoint, when valid.</param>
/// <param name="VerifiedBy">The trusted keys whose signatures verified.</param>
/// <param name="FailureKind">Why it is not valid.</param>
/// <param name="Error">A human description of the failure.</param>
public sealed record CheckpointVerification(
    bool IsValid, Checkpoint? Checkpoint, IReadOnlyList<NoteVerifierKey> VerifiedBy, CheckpointFailureKind? FailureKind, string? Error)
{
    internal static CheckpointVerification Fail(CheckpointFailureKind kind, string error) => new(false, null, [], kind, error);
}

/// <summary>
/// Verifies signed checkpoints against a set of trusted Ed25519 keys (several during and after key rotation), following
/// C2SP signed-note: signatures from unknown keys (name and id not both matching) are ignored, a failing signature from a
/// known key rejects the note, and at least one trusted signature must verify.
/// </summary>
/// <param name="trustedKeys">The keys to trust.</param>
public sealed class CheckpointVerifier(IEnumerable<NoteVerifierKey> trustedKeys)
{
    private readonly IReadOnlyList<NoteVerifierKey> _trustedKeys = [.. trustedKeys];

    /// <summary>Verifies <paramref name="signedNote"/>; when <paramref name="expectedOrigin"/> is given the checkpoint must carry it.</summary>
    public CheckpointVerification Verify(string signedNote, string? expectedOrigin = null)
    {
        if (!SignedNote.TryParse(signedNote, out var note, out var noteError))
        {
            return CheckpointVerification.Fail(CheckpointFailureKind.MalformedNote, noteError);
        }

        var verifiedBy = new List<NoteVerifierKey>();
        foreach (var signature in note.Signatures)
        {
            foreach (var key in _trustedKeys.Where(k => k.Matches(signature)))
            {
                if (!key.Verify(note.Text, signature.Signature))
                {
                    return CheckpointVerification.Fail(CheckpointFailureKind.BadSignature, $"the signature by key '{key.Name}' ({key.KeyId:x8}) does not verify");
                }

                verifiedBy.Add(key);
            }
        }

        if (verifiedBy.Count == 0)
        {
            var seen = string.Join(", ", note.Signatures.Select(s => $"'{s.KeyName}' ({s.KeyId:x8})"));
            return CheckpointVerification.Fail(CheckpointFailureKind.UntrustedKey, $"no signature from a trusted key (signed by {seen})");
        }

        if (!Checkpoint.TryParseNoteText(note.Text, out var checkpoint, out var checkpointError))
        {
            return CheckpointVerification.Fail(CheckpointFailureKind.MalformedCheckpoint, checkpointError);
        }

        if (expectedOrigin is not null && checkpoint.Origin != expectedOrigin)
        {
            return CheckpointVerification.Fail(CheckpointFailureKind.WrongOrigin, $"the checkpoint is for log '{checkpoint.Origin}', not '{expectedOrigin}'");
        }

        return new CheckpointVerification(true, checkpoint, verifiedBy, null, null);
    }
}
