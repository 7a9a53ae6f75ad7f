using System.Text;
using System.Text.Json;

namespace Steward.Server.Audit.Integrity;

/// <summary>
/// Verifies an export bundle offline, streaming: every checkpoint signature against the trusted keys, consistency between
/// consecutive checkpoints, then every record's hash, its chain link to the record before it (when both are present),
/// sequence order (no gaps when the header says contiguous) and its inclusion in the final checkpoint. Stops at the first
/// bad position and names it (line and sequence).
/// </summary>
public sealed class AuditBundleVerifier
{
    private static readonly HashSet<string> ConsistencyFields = ["fromSize", "proof"];
    private static readonly HashSet<string> HeaderFields = ["type", "format", "origin", "keys", "contiguous", "filter"];
    private static readonly HashSet<string> CheckpointFields = ["type", "size", "root", "note", "consistency"];
    private static readonly HashSet<string> RecordFields =
    [
        "type", "sequence", "time", "accountId", "principalArn", "action", "resourceArn", "sourceIp", "userAgent",
        "requestId", "outcome", "errorCode", "previousHash", "hash", "proof",
    ];

    private readonly IReadOnlyCollection<NoteVerifierKey>? _trustedKeys;
    private CheckpointVerifier? _checkpointVerifier;
    private string? _origin;
    private bool _declaredContiguous;
    private bool _keysFromBundle;
    private Checkpoint? _finalCheckpoint;
    private int _checkpoints;
    private int _records;
    private long? _firstSequence;
    private long? _lastSequence;
    private string? _lastHash;
    private bool _observedContiguous = true;

    private AuditBundleVerifier(IReadOnlyCollection<NoteVerifierKey>? trustedKeys) => _trustedKeys = trustedKeys;

    /// <summary>Verifies the bundle read from <paramref name="input"/>.</summary>
    /// <param name="input">The JSON Lines bundle.</param>
    /// <param name="trustedKeys">The keys the server is known to sign with (all of them across rotations). When null, the
    /// keys in the bundle's header are used and <see cref="AuditBundleVerification.KeysFromBundle"/> is set.</param>
    public static AuditBundleVerification Verify(Stream input, IReadOnlyCollection<NoteVerifierKey>? trustedKeys = null)
    {
        var verifier = new AuditBundleVerifier(trustedKeys);
        return verifier.Run(input);
    }

    private AuditBundleVerification Run(Stream input)
    {
        using var reader = new StreamReader(input, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var lineNumber = 0;
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException)
            {
                return Result(new AuditBundleFailure(AuditBundleFailureKind.Malformed, lineNumber + 1, null, "the line is not valid UTF-8"));
            }

            if (line is null)
            {
                break;
            }

            lineNumber++;
            if (CheckLine(line, lineNumber) is { } failure)
            {
                return Result(failure);
            }
        }

        return lineNumber == 0
            ? Result(new AuditBundleFailure(AuditBundleFailureKind.Malformed, 1, null, "the bundle is empty"))
            : Result(null);
    }

    private AuditBundleFailure? CheckLine(string line, int lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return Malformed(lineNumber, null, "the line is not a JSON object");
        }

        using (document)
        {
            try
            {
                var fields = Fields.Read(document.RootElement);
                var type = fields.Type;
                if (_origin is null)
                {
                    return type == AuditBundleFormat.HeaderType
                        ? CheckHeader(fields, lineNumber)
                        : Malformed(lineNumber, null, "the first line must be the header");
                }

                return type switch
                {
                    AuditBundleFormat.CheckpointType => CheckCheckpoint(fields, lineNumber),
                    AuditBundleFormat.RecordType => CheckRecord(fields, lineNumber),
                    _ => Malformed(lineNumber, null, $"unexpected line type '{Shorten(type)}'"),
                };
            }
            catch (BundleFormatException e)
            {
                return Malformed(lineNumber, e.Sequence, e.Message);
            }
        }
    }

    private AuditBundleFailure? CheckHeader(Fields fields, int lineNumber)
    {
        fields.RequireExactly(HeaderFields);
        if (fields.String("format") != AuditBundleFormat.FormatName)
        {
            return new AuditBundleFailure(AuditBundleFailureKind.UnsupportedFormat, lineNumber, null,
                $"this verifier reads {AuditBundleFormat.FormatName}");
        }

        var origin = fields.String("origin");
        if (string.IsNullOrEmpty(origin))
        {
            throw new BundleFormatException("the header must name the log origin");
        }

        var keys = new List<NoteVerifierKey>();
        foreach (var text in fields.StringArray("keys"))
        {
            keys.Add(NoteVerifierKey.TryParse(text, out var key) ? key : throw new BundleFormatException("a header key is not a valid verifier key"));
        }

        if (fields.Element("filter").ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            throw new BundleFormatException("the header filter must be an object");
        }

        _origin = origin;
        _declaredContiguous = fields.Boolean("contiguous");
        _keysFromBundle = _trustedKeys is null;
        _checkpointVerifier = new CheckpointVerifier(_trustedKeys ?? keys);
        return null;
    }

    private AuditBundleFailure? CheckCheckpoint(Fields fields, int lineNumber)
    {
        fields.RequireExactly(CheckpointFields);
        if (_records > 0)
        {
            return Malformed(lineNumber, null, "checkpoint lines must come before record lines");
        }

        var size = fields.Int64("size");
        var root = fields.Hash("root");
        var verification = _checkpointVerifier!.Verify(fields.String("note") ?? string.Empty, _origin);
        if (!verification.IsValid)
        {
            var kind = verification.FailureKind switch
            {
                CheckpointFailureKind.BadSignature => AuditBundleFailureKind.BadCheckpointSignature,
                CheckpointFailureKind.UntrustedKey => AuditBundleFailureKind.UntrustedCheckpoint,
                CheckpointFailureKind.WrongOrigin => AuditBundleFailureKind.CheckpointMismatch,
                _ => AuditBundleFailureKind.Malformed,
            };
            return new AuditBundleFailure(kind, lineNumber, null, $"checkpoint: {verification.Error}");
        }

        var checkpoint = verification.Checkpoint!;
        if (checkpoint.Size != size || !checkpoint.RootHash.AsSpan().SequenceEqual(root))
        {
            return new AuditBundleFailure(AuditBundleFailureKind.CheckpointMismatch, lineNumber, null,
                "the size or root of the checkpoint line differs from its signed note");
        }

        var consistency = fields.Element("consistency");
        var previous = _finalCheckpoint;
        if (previous is null || previous.Size == 0)
        {
            if (consistency.ValueKind != JsonValueKind.Null)
            {
                throw new BundleFormatException("the first checkpoint (or one after an empty tree) carries no consistency proof");
            }
        }
        else
        {
            if (checkpoint.Size < previous.Size)
            {
                return new AuditBundleFailure(AuditBundleFailureKind.CheckpointOutOfOrder, lineNumber, null,
                    $"checkpoint size {checkpoint.Size} follows size {previous.Size}: checkpoints must ascend");
            }

            if (consistency.ValueKind != JsonValueKind.Object)
            {
                throw new BundleFormatException("a checkpoint after the first must carry a consistency proof from the previous one");
            }

            var proofFields = Fields.Read(consistency, requireType: false);
            proofFields.RequireExactly(ConsistencyFields);
            if (proofFields.Int64("fromSize") != previous.Size)
            {
                return new AuditBundleFailure(AuditBundleFailureKind.InconsistentCheckpoints, lineNumber, null,
                    $"the consistency proof starts at size {proofFields.Int64("fromSize")}, not at the previous checkpoint's size {previous.Size}");
            }

            var check = MerkleTree.VerifyConsistency(previous.Size, checkpoint.Size, proofFields.Hashes("proof"), previous.RootHash, checkpoint.RootHash);
            if (!check.IsValid)
            {
                return new AuditBundleFailure(AuditBundleFailureKind.InconsistentCheckpoints, lineNumber, null,
                    $"checkpoint at size {checkpoint.Size} is not consistent with the checkpoint at size {previous.Size}: {check.Error}");
            }
        }

        _finalCheckpoint = checkpoint;
        _checkpoints++;
        return null;
    }

    private AuditBundleFailure? CheckRecord(Fields fields, int lineNumber)
    {
        fields.RequireExactly(RecordFields);
        var sequence = fields.Int64("sequence");
        if (!AuditCanonicalForm.TryParseTime(fields.String("time"), out var time))
        {
            throw new BundleFormatException($"time must be written as {AuditCanonicalForm.TimeFormat}", sequence);
        }

        var entry = new AuditEntry(
            sequence, time, fields.RequiredString("accountId"), fields.String("principalArn"), fields.RequiredString("action"),
            fields.String("resourceArn"), fields.String("sourceIp"), fields.String("userAgent"), fields.RequiredString("requestId"),
            fields.RequiredString("outcome"), fields.String("errorCode"), fields.RequiredString("previousHash"));
        var storedHash = fields.RequiredString("hash");
        var proof = fields.Hashes("proof");

        if (_lastSequence is { } last)
        {
            if (sequence <= last)
            {
                return new AuditBundleFailure(AuditBundleFailureKind.RecordOutOfOrder, lineNumber, sequence,
                    $"sequence {sequence} follows {last}: records are reordered or duplicated");
            }

            if (_declaredContiguous && sequence != last + 1)
            {
                return new AuditBundleFailure(AuditBundleFailureKind.MissingRecord, lineNumber, last + 1,
                    $"record {last + 1} is missing (found {sequence}) in a bundle declared contiguous");
            }
        }

        if (_finalCheckpoint is not { } final || sequence < 1 || sequence > final.Size)
        {
            return new AuditBundleFailure(AuditBundleFailureKind.RecordNotCovered, lineNumber, sequence,
                _finalCheckpoint is null ? "no checkpoint precedes the records" : $"record {sequence} is outside the final checkpoint (size {_finalCheckpoint.Size})");
        }

        AuditEntryHashes hashes;
        try
        {
            hashes = AuditCanonicalForm.ComputeHashes(entry);
        }
        catch (ArgumentException e)
        {
            throw new BundleFormatException(e.Message, sequence);
        }

        if (!string.Equals(hashes.Hash, storedHash, StringComparison.Ordinal))
        {
            return new AuditBundleFailure(AuditBundleFailureKind.RecordHashMismatch, lineNumber, sequence,
                "the record's fields do not match its hash: the record was edited");
        }

        if (sequence == 1 && entry.PreviousHash != AuditCanonicalForm.GenesisPreviousHash)
        {
            return new AuditBundleFailure(AuditBundleFailureKind.ChainBroken, lineNumber, sequence, "the first record's previousHash must be 64 zeros");
        }

        if (_lastSequence == sequence - 1 && entry.PreviousHash != _lastHash)
        {
            return new AuditBundleFailure(AuditBundleFailureKind.ChainBroken, lineNumber, sequence,
                $"previousHash does not match the hash of record {sequence - 1}");
        }

        var inclusion = MerkleTree.VerifyInclusion(sequence - 1, final.Size, hashes.LeafHash, proof, final.RootHash);
        if (!inclusion.IsValid)
        {
            return new AuditBundleFailure(AuditBundleFailureKind.InclusionProofFailed, lineNumber, sequence,
                $"the record is not at position {sequence} of the log signed by the final checkpoint: {inclusion.Error}");
        }

        if (_lastSequence is { } previous && sequence != previous + 1)
        {
            _observedContiguous = false;
        }

        _firstSequence ??= sequence;
        _lastSequence = sequence;
        _lastHash = hashes.Hash;
        _records++;
        return null;
    }

    private AuditBundleVerification Result(AuditBundleFailure? failure) => new()
    {
        Failure = failure,
        RecordsChecked = _records,
        CheckpointsChecked = _checkpoints,
        Origin = _origin,
        TreeSize = _finalCheckpoint?.Size,
        RootHash = _finalCheckpoint?.RootHashHex,
        FirstSequence = _firstSequence,
        LastSequence = _lastSequence,
        Contiguous = _observedContiguous,
        KeysFromBundle = _keysFromBundle,
    };

    private static AuditBundleFailure Malformed(int line, long? sequence, string reason) =>
        new(AuditBundleFailureKind.Malformed, line, sequence, reason);

    private static string Shorten(string? text) => text is null ? "(none)" : text.Length <= 32 ? text : text[..32] + "…";

    /// <summary>A format error inside a line; becomes a <see cref="AuditBundleFailureKind.Malformed"/> failure.</summary>
    private sealed class BundleFormatException(string message, long? sequence = null) : Exception(message)
    {
        public long? Sequence { get; } = sequence;
    }

    /// <summary>The members of one JSON object line, with duplicate and type checks.</summary>
    private sealed class Fields
    {
        private readonly Dictionary<string, JsonElement> _members;

        private Fields(Dictionary<string, JsonElement> members, string? type)
        {
            _members = members;
            Type = type;
        }

        public string? Type { get; }

        private long? Sequence => _members.TryGetValue("sequence", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var v) ? v : null;

        public static Fields Read(JsonElement element, bool requireType = true)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new BundleFormatException("the line is not a JSON object");
            }

            var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            string? firstName = null;
            foreach (var property in element.EnumerateObject())
            {
                firstName ??= property.Name;
                if (!members.TryAdd(property.Name, property.Value))
                {
                    throw new BundleFormatException($"the field '{Shorten(property.Name)}' appears more than once");
                }
            }

            if (!requireType)
            {
                return new Fields(members, null);
            }

            if (firstName != "type" || members["type"].ValueKind != JsonValueKind.String)
            {
                throw new BundleFormatException("every line must start with a \"type\" string field");
            }

            return new Fields(members, members["type"].GetString());
        }

        public void RequireExactly(IReadOnlySet<string> expected)
        {
            foreach (var name in _members.Keys)
            {
                if (!expected.Contains(name))
                {
                    throw new BundleFormatException($"unexpected field '{Shorten(name)}'", Sequence);
                }
            }

            foreach (var name in expected)
            {
                if (!_members.ContainsKey(name))
                {
                    throw new BundleFormatException($"the field '{name}' is missing", Sequence);
                }
            }
        }

        public JsonElement Element(string name) => _members[name];

        public string? String(string name) => _members[name].ValueKind switch
        {
            JsonValueKind.String => _members[name].GetString(),
            JsonValueKind.Null => null,
            _ => throw new BundleFormatException($"the field '{name}' must be a string or null", Sequence),
        };

        public string RequiredString(string name) =>
            String(name) ?? throw new BundleFormatException($"the field '{name}' must not be null", Sequence);

        public long Int64(string name) =>
            _members[name].ValueKind == JsonValueKind.Number && _members[name].TryGetInt64(out var value)
                ? value
                : throw new BundleFormatException($"the field '{name}' must be an integer", Sequence);

        public bool Boolean(string name) => _members[name].ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new BundleFormatException($"the field '{name}' must be true or false", Sequence),
        };

        public IReadOnlyList<string> StringArray(string name)
        {
            if (_members[name].ValueKind != JsonValueKind.Array)
            {
                throw new BundleFormatException($"the field '{name}' must be an array", Sequence);
            }

            return [.. _members[name].EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String
                ? e.GetString()!
                : throw new BundleFormatException($"the field '{name}' must hold strings", Sequence))];
        }

        public byte[] Hash(string name) => Base64(name, String(name));

        public IReadOnlyList<byte[]> Hashes(string name) => [.. StringArray(name).Select(text => Base64(name, text))];

        private byte[] Base64(string name, string? text)
        {
            var bytes = new byte[MerkleTree.HashSize];
            // Canonical base64 only: unused low bits must be zero, so no two texts decode to the same hash.
            return text is not null && Convert.TryFromBase64String(text, bytes, out var written) && written == MerkleTree.HashSize
                && Convert.ToBase64String(bytes) == text
                ? bytes
                : throw new BundleFormatException($"the field '{name}' must hold base64 32-byte hashes", Sequence);
        }
    }
}
