using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Steward.Server.Audit.Integrity;

/// <summary>
/// Writes an audit export bundle (see <see cref="AuditBundleFormat"/>). Checkpoint lines come first so a verifier can
/// check every record against the final checkpoint while streaming. Records are written one at a time, so the caller can
/// feed them straight from a database query; proofs come from an <see cref="IMerkleProofSource"/> (for example an
/// <see cref="InMemoryMerkleTree"/> built from the leaf hashes of records 1..final size).
/// </summary>
public sealed class AuditBundleWriter
{
    private readonly Stream _output;
    private readonly AuditBundleHeader _header;
    private readonly IReadOnlyList<(string Note, Checkpoint Checkpoint)> _checkpoints;
    private readonly IMerkleProofSource _proofs;
    // The bundle is a data file, never embedded in HTML: escape only what JSON requires, so the text stays readable
    // and every value has exactly one spelling (no "\u002B" for '+').
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private bool _preambleWritten;
    private long? _lastSequence;

    /// <summary>Prepares a bundle; nothing is written until the first record or <see cref="Complete"/>.</summary>
    /// <param name="output">Where the bundle goes.</param>
    /// <param name="header">The header content.</param>
    /// <param name="signedCheckpoints">Signed checkpoint notes to include, by ascending size; the last one is the one records are proven against.</param>
    /// <param name="proofs">Roots and proofs of the log, holding at least the last checkpoint's size.</param>
    /// <exception cref="ArgumentException">A checkpoint note is malformed, for another origin, out of order, or larger than <paramref name="proofs"/>.</exception>
    /// <exception cref="InvalidOperationException">A checkpoint's root differs from the tree in <paramref name="proofs"/>: the stored records no longer match what was signed.</exception>
    public AuditBundleWriter(Stream output, AuditBundleHeader header, IReadOnlyList<string> signedCheckpoints, IMerkleProofSource proofs)
    {
        _output = output;
        _header = header;
        _proofs = proofs;
        var checkpoints = new List<(string, Checkpoint)>();
        foreach (var note in signedCheckpoints)
        {
            if (!SignedNote.TryParse(note, out var signed, out var error) || !Checkpoint.TryParseNoteText(signed.Text, out var checkpoint, out error))
            {
                throw new ArgumentException($"Not a signed checkpoint: {error}", nameof(signedCheckpoints));
            }

            if (checkpoint.Origin != header.Origin)
            {
                throw new ArgumentException($"A checkpoint is for log '{checkpoint.Origin}', not '{header.Origin}'.", nameof(signedCheckpoints));
            }

            if (checkpoints.Count > 0 && checkpoint.Size < checkpoints[^1].Item2.Size)
            {
                throw new ArgumentException("Checkpoints must be given by ascending size.", nameof(signedCheckpoints));
            }

            if (checkpoint.Size > proofs.Size)
            {
                throw new ArgumentException($"A checkpoint covers {checkpoint.Size} records but the proof source holds {proofs.Size}.", nameof(signedCheckpoints));
            }

            if (!proofs.RootAt(checkpoint.Size).AsSpan().SequenceEqual(checkpoint.RootHash))
            {
                throw new InvalidOperationException(
                    $"The stored audit records do not reproduce the signed checkpoint at size {checkpoint.Size}: the log has been altered. Run the online verification to find the first bad record.");
            }

            checkpoints.Add((note, checkpoint));
        }

        _checkpoints = checkpoints;
    }

    /// <summary>The tree size records are proven against (the last checkpoint's), or null without checkpoints.</summary>
    public long? FinalSize => _checkpoints.Count == 0 ? null : _checkpoints[^1].Checkpoint.Size;

    /// <summary>Writes a whole bundle synchronously (files, tests, the CLI).</summary>
    public static void Write(Stream output, AuditBundleHeader header, IReadOnlyList<string> signedCheckpoints, IEnumerable<SealedAuditEntry> records, IMerkleProofSource proofs)
    {
        var writer = new AuditBundleWriter(output, header, signedCheckpoints, proofs);
        foreach (var record in records)
        {
            writer.WriteRecord(record);
        }

        writer.Complete();
    }

    /// <summary>Writes a whole bundle asynchronously (HTTP responses, database streams).</summary>
    public static async Task WriteAsync(
        Stream output, AuditBundleHeader header, IReadOnlyList<string> signedCheckpoints, IAsyncEnumerable<SealedAuditEntry> records,
        IMerkleProofSource proofs, CancellationToken cancellationToken = default)
    {
        var writer = new AuditBundleWriter(output, header, signedCheckpoints, proofs);
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteRecordAsync(record, cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the next record (sequences ascending; gapless when the header says contiguous).</summary>
    public void WriteRecord(SealedAuditEntry record)
    {
        Prepare(record);
        _output.Write(_buffer.WrittenSpan);
        _buffer.Clear();
    }

    /// <summary>Writes the next record asynchronously.</summary>
    public async ValueTask WriteRecordAsync(SealedAuditEntry record, CancellationToken cancellationToken = default)
    {
        Prepare(record);
        await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _buffer.Clear();
    }

    /// <summary>Writes the header and checkpoints if no record did, and flushes.</summary>
    public void Complete()
    {
        WritePreamble();
        _output.Write(_buffer.WrittenSpan);
        _buffer.Clear();
        _output.Flush();
    }

    /// <summary>Writes the header and checkpoints if no record did, and flushes, asynchronously.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        WritePreamble();
        await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _buffer.Clear();
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Prepare(SealedAuditEntry record)
    {
        var entry = record.Entry;
        if (FinalSize is not { } finalSize || entry.Sequence < 1 || entry.Sequence > finalSize)
        {
            throw new ArgumentException($"Record {entry.Sequence} is not covered by the final checkpoint; sign a checkpoint covering the export first.", nameof(record));
        }

        if (_lastSequence is { } last && (entry.Sequence <= last || (_header.Contiguous && entry.Sequence != last + 1)))
        {
            throw new ArgumentException($"Record {entry.Sequence} after {last}: records must ascend{(_header.Contiguous ? " without gaps" : string.Empty)}.", nameof(record));
        }

        WritePreamble();
        _lastSequence = entry.Sequence;
        WriteLine(json =>
        {
            json.WriteString("type", AuditBundleFormat.RecordType);
            json.WriteNumber("sequence", entry.Sequence);
            json.WriteString("time", AuditCanonicalForm.FormatTime(entry.Time));
            json.WriteString("accountId", entry.AccountId);
            json.WriteString("principalArn", entry.PrincipalArn);
            json.WriteString("action", entry.Action);
            json.WriteString("resourceArn", entry.ResourceArn);
            json.WriteString("sourceIp", entry.SourceIp);
            json.WriteString("userAgent", entry.UserAgent);
            json.WriteString("requestId", entry.RequestId);
            json.WriteString("outcome", entry.Outcome);
            json.WriteString("errorCode", entry.ErrorCode);
            json.WriteString("previousHash", entry.PreviousHash);
            json.WriteString("hash", record.Hash);
            WriteHashes(json, "proof", _proofs.InclusionProof(entry.Sequence - 1, finalSize));
        });
    }

    private void WritePreamble()
    {
        if (_preambleWritten)
        {
            return;
        }

        _preambleWritten = true;
        WriteLine(json =>
        {
            json.WriteString("type", AuditBundleFormat.HeaderType);
            json.WriteString("format", AuditBundleFormat.FormatName);
            json.WriteString("origin", _header.Origin);
            json.WriteStartArray("keys");
            foreach (var key in _header.Keys)
            {
                json.WriteStringValue(key.ToString());
            }

            json.WriteEndArray();
            json.WriteBoolean("contiguous", _header.Contiguous);
            json.WriteStartObject("filter");
            foreach (var (name, value) in (_header.Filter ?? new Dictionary<string, string>()).OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
        });

        Checkpoint? previous = null;
        foreach (var (note, checkpoint) in _checkpoints)
        {
            WriteLine(json =>
            {
                json.WriteString("type", AuditBundleFormat.CheckpointType);
                json.WriteNumber("size", checkpoint.Size);
                json.WriteString("root", Convert.ToBase64String(checkpoint.RootHash));
                json.WriteString("note", note);
                if (previous is null || previous.Size == 0)
                {
                    json.WriteNull("consistency");
                }
                else
                {
                    json.WriteStartObject("consistency");
                    json.WriteNumber("fromSize", previous.Size);
                    WriteHashes(json, "proof", _proofs.ConsistencyProof(previous.Size, checkpoint.Size));
                    json.WriteEndObject();
                }
            });
            previous = checkpoint;
        }
    }

    private void WriteLine(Action<Utf8JsonWriter> body)
    {
        using (var json = new Utf8JsonWriter(_buffer, JsonOptions))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        _buffer.Write("\n"u8);
    }

    private static void WriteHashes(Utf8JsonWriter json, string name, IReadOnlyList<byte[]> hashes)
    {
        json.WriteStartArray(name);
        foreach (var hash in hashes)
        {
            json.WriteBase64StringValue(hash);
        }

        json.WriteEndArray();
    }
}
