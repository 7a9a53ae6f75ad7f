namespace Steward.Server.Audit.Integrity;

/// <summary>
/// The audit export bundle, JSON Lines, one object per line with <c>"type"</c> first:
/// <list type="number">
/// <item><c>header</c>: <c>format</c> (<c>steward-audit-export/1</c>), <c>origin</c>, <c>keys</c> (verifier keys
/// <c>name+keyid+base64</c>), <c>contiguous</c> (the records form one gapless run), <c>filter</c> (what was exported).</item>
/// <item><c>checkpoint</c> lines, by ascending size: <c>size</c>, <c>root</c> (base64), <c>note</c> (the signed
/// checkpoint), <c>consistency</c> (<c>{"fromSize":…,"proof":[…]}</c> from the previous checkpoint line; null on the first).</item>
/// <item><c>record</c> lines, by ascending sequence: every <see cref="AuditEntry"/> field, <c>hash</c>, and <c>proof</c>
/// (base64 inclusion proof of leaf <c>sequence − 1</c> in the tree of the last checkpoint's size).</item>
/// </list>
/// </summary>
public static class AuditBundleFormat
{
    /// <summary>The format name and version written in the header.</summary>
    public const string FormatName = "steward-audit-export/1";

    /// <summary>The media type of the bundle.</summary>
    public const string MediaType = "application/x-ndjson";

    internal const string HeaderType = "header";
    internal const string CheckpointType = "checkpoint";
    internal const string RecordType = "record";
}

/// <summary>What the header line of an export says.</summary>
/// <param name="Origin">The log origin (checkpoints must carry it).</param>
/// <param name="Keys">The public keys that signed the bundle's checkpoints (informational; verifiers should pass their own trusted keys).</param>
/// <param name="Contiguous">True when the records form one gapless run of sequences (an unfiltered export); a gap is then an error.</param>
/// <param name="Filter">A description of the filter used (e.g. <c>from</c>, <c>to</c>, <c>principal</c>); null or empty for none.</param>
public sealed record AuditBundleHeader(
    string Origin,
    IReadOnlyList<NoteVerifierKey> Keys,
    bool Contiguous,
    IReadOnlyDictionary<string, string>? Filter = null);
