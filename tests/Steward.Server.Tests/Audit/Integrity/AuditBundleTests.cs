using System.Text;
using System.Text.Json.Nodes;
using Steward.Server.Audit.Integrity;

namespace Steward.Server.Tests.Audit.Integrity;

/// <summary>
/// Export bundles: written, verified offline, and tampered with in every way the issue names. The bundle used here holds
/// a 40-record log with checkpoints at sizes 10 and 25 (old key) and 40 (after rotation); line 1 is the header, lines
/// 2-4 the checkpoints, and record <c>s</c> is on line <c>4 + s</c> (list index <c>3 + s</c>).
/// </summary>
public sealed class AuditBundleTests
{
    private const int Size = 40;
    private readonly TestAuditLog _log = TestAuditLog.Create(Size);
    private readonly CheckpointSigner _oldKey = CheckpointSigner.Generate(TestAuditLog.Origin);
    private readonly CheckpointSigner _newKey = CheckpointSigner.Generate(TestAuditLog.Origin);
    private readonly List<string> _checkpoints;

    public AuditBundleTests() =>
        _checkpoints = [_log.Sign(_oldKey, 10), _log.Sign(_oldKey, 25), _log.Sign(_newKey, Size)];

    private NoteVerifierKey[] TrustedKeys => [_oldKey.VerifierKey, _newKey.VerifierKey];

    [Fact]
    public void Whole_log_export_verifies_offline()
    {
        var result = Verify(ExportLines());

        Assert.True(result.IsValid, result.Failure?.ToString());
        Assert.Equal(Size, result.RecordsChecked);
        Assert.Equal(3, result.CheckpointsChecked);
        Assert.Equal(Size, result.TreeSize);
        Assert.Equal(Convert.ToHexStringLower(_log.Tree.Root()), result.RootHash);
        Assert.Equal(TestAuditLog.Origin, result.Origin);
        Assert.True(result.CoversWholeLog);
        Assert.False(result.KeysFromBundle);
    }

    [Fact]
    public void Bundle_lines_are_json_objects_with_type_first()
    {
        var lines = ExportLines();

        Assert.Equal(1 + 3 + Size, lines.Count);
        Assert.All(lines, l => Assert.StartsWith("{\"type\":\"", l, StringComparison.Ordinal));
        Assert.Contains("\"format\":\"steward-audit-export/1\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"consistency\":null", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"consistency\":{\"fromSize\":10,", lines[2], StringComparison.Ordinal);
        var record = JsonNode.Parse(lines[3 + 17])!.AsObject();
        Assert.Equal(
            ["type", "sequence", "time", "accountId", "principalArn", "action", "resourceArn", "sourceIp", "userAgent", "requestId", "outcome", "errorCode", "previousHash", "hash", "proof"],
            record.Select(p => p.Key));
        Assert.Equal(_log.Entries[16].Hash, (string?)record["hash"]);
    }

    [Fact]
    public void Without_trusted_keys_the_header_keys_are_used_and_that_is_reported()
    {
        var result = Verify(ExportLines(), trusted: null);

        Assert.True(result.IsValid, result.Failure?.ToString());
        Assert.True(result.KeysFromBundle);
    }

    [Theory]
    [InlineData("accountId")]
    [InlineData("principalArn")]
    [InlineData("action")]
    [InlineData("resourceArn")]
    [InlineData("sourceIp")]
    [InlineData("userAgent")]
    [InlineData("requestId")]
    [InlineData("outcome")]
    [InlineData("errorCode")]
    [InlineData("previousHash")]
    [InlineData("time")]
    [InlineData("hash")]
    public void Edited_record_field_names_that_record(string field)
    {
        var lines = ExportLines();
        lines[3 + 17] = EditField(lines[3 + 17], field);

        AssertFirstBad(lines, AuditBundleFailureKind.RecordHashMismatch, line: 21, sequence: 17);
    }

    [Fact]
    public void Edited_record_with_its_hash_recomputed_fails_its_inclusion_proof()
    {
        var lines = ExportLines();
        var record = JsonNode.Parse(lines[3 + 17])!.AsObject();
        var forged = _log.Entries[16].Entry with { Outcome = "Denied" };
        record["outcome"] = "Denied";
        record["hash"] = AuditCanonicalForm.Hash(forged);
        lines[3 + 17] = record.ToJsonString();

        AssertFirstBad(lines, AuditBundleFailureKind.InclusionProofFailed, line: 21, sequence: 17);
    }

    [Fact]
    public void Edited_sequence_reads_as_a_missing_record_at_that_line()
    {
        var lines = ExportLines();
        lines[3 + 17] = lines[3 + 17].Replace("\"sequence\":17,", "\"sequence\":18,", StringComparison.Ordinal);

        AssertFirstBad(lines, AuditBundleFailureKind.MissingRecord, line: 21, sequence: 17);
    }

    [Fact]
    public void Edited_proof_fails_inclusion()
    {
        var lines = ExportLines();
        var record = JsonNode.Parse(lines[3 + 17])!.AsObject();
        var proof = record["proof"]!.AsArray();
        var first = Convert.FromBase64String((string)proof[0]!);
        first[0] ^= 1;
        proof[0] = Convert.ToBase64String(first);
        lines[3 + 17] = record.ToJsonString();

        AssertFirstBad(lines, AuditBundleFailureKind.InclusionProofFailed, line: 21, sequence: 17);
    }

    [Fact]
    public void Deleted_record_names_the_missing_sequence()
    {
        var lines = ExportLines();
        lines.RemoveAt(3 + 17);

        AssertFirstBad(lines, AuditBundleFailureKind.MissingRecord, line: 21, sequence: 17);
    }

    [Fact]
    public void Deleted_last_record_of_a_whole_log_export_is_visible_in_the_result()
    {
        var lines = ExportLines();
        lines.RemoveAt(lines.Count - 1);

        var result = Verify(lines);

        Assert.True(result.IsValid, result.Failure?.ToString());
        Assert.False(result.CoversWholeLog);
        Assert.Equal(Size - 1, result.LastSequence);
    }

    [Fact]
    public void Reordered_records_name_the_first_displaced_position()
    {
        var lines = ExportLines();
        (lines[3 + 17], lines[3 + 18]) = (lines[3 + 18], lines[3 + 17]);

        AssertFirstBad(lines, AuditBundleFailureKind.MissingRecord, line: 21, sequence: 17);
    }

    [Fact]
    public void Reordered_records_in_a_filtered_export_are_out_of_order()
    {
        var lines = ExportLines(FilteredRecords(), contiguous: false);
        (lines[5], lines[6]) = (lines[6], lines[5]);

        AssertFirstBad(lines, AuditBundleFailureKind.RecordOutOfOrder, line: 7, sequence: 7);
    }

    [Fact]
    public void Inserted_record_is_named_where_it_was_inserted()
    {
        var lines = ExportLines();
        var forged = TestAuditLog.Sample(18, _log.Entries[16].Hash) with { Action = "sagemaker:DeleteModelCard" };
        var line = JsonNode.Parse(lines[3 + 18])!.AsObject();
        line["action"] = forged.Action;
        line["hash"] = AuditCanonicalForm.Hash(forged);
        lines.Insert(3 + 18, line.ToJsonString());

        AssertFirstBad(lines, AuditBundleFailureKind.InclusionProofFailed, line: 22, sequence: 18);
    }

    [Fact]
    public void Duplicated_record_is_out_of_order()
    {
        var lines = ExportLines();
        lines.Insert(3 + 18, lines[3 + 17]);

        AssertFirstBad(lines, AuditBundleFailureKind.RecordOutOfOrder, line: 22, sequence: 17);
    }

    [Fact]
    public void Checkpoint_forged_with_another_key_is_untrusted()
    {
        var lines = ExportLines();
        var impostor = CheckpointSigner.Generate(TestAuditLog.Origin);
        lines[2] = ReplaceNote(lines[2], impostor.Sign(_log.Checkpoint(25)));

        AssertFirstBad(lines, AuditBundleFailureKind.UntrustedCheckpoint, line: 3, sequence: null);
    }

    [Fact]
    public void Checkpoint_with_a_flipped_signature_byte_is_a_bad_signature()
    {
        var lines = ExportLines();
        var note = (string)JsonNode.Parse(lines[2])!["note"]!;
        var signature = note.TrimEnd('\n').Split(' ')[^1];
        var bytes = Convert.FromBase64String(signature);
        bytes[^1] ^= 1;
        lines[2] = ReplaceNote(lines[2], note.Replace(signature, Convert.ToBase64String(bytes), StringComparison.Ordinal));

        AssertFirstBad(lines, AuditBundleFailureKind.BadCheckpointSignature, line: 3, sequence: null);
    }

    [Fact]
    public void Checkpoint_line_disagreeing_with_its_note_is_a_mismatch()
    {
        var lines = ExportLines();
        lines[2] = lines[2].Replace("\"size\":25,", "\"size\":24,", StringComparison.Ordinal);

        AssertFirstBad(lines, AuditBundleFailureKind.CheckpointMismatch, line: 3, sequence: null);
    }

    [Theory]
    [InlineData(4, 3)]
    [InlineData(10, 4)]
    public void Checkpoint_of_a_forked_history_signed_by_the_real_key_is_inconsistent(int sharedPrefix, int firstBadLine)
    {
        // The server signs a different history at size 25 (a split view). It contradicts the size-10 checkpoint when the
        // histories part before 10, and otherwise the size-40 checkpoint that follows it.
        var fork = TestAuditLog.Create(sharedPrefix);
        for (var i = sharedPrefix + 1; i <= 25; i++)
        {
            fork.Append(i + 1000);
        }

        var lines = ExportLines();
        var line = JsonNode.Parse(lines[2])!.AsObject();
        line["note"] = _oldKey.Sign(fork.Checkpoint(25));
        line["root"] = Convert.ToBase64String(fork.Tree.RootAt(25));
        line["consistency"]!["proof"] = new JsonArray([.. fork.Tree.ConsistencyProof(10, 25).Select(h => (JsonNode)Convert.ToBase64String(h))]);
        lines[2] = line.ToJsonString();

        AssertFirstBad(lines, AuditBundleFailureKind.InconsistentCheckpoints, line: firstBadLine, sequence: null);
    }

    [Fact]
    public void Swapped_checkpoint_lines_are_refused_at_the_first_displaced_line()
    {
        var lines = ExportLines();
        (lines[2], lines[3]) = (lines[3], lines[2]);

        AssertFirstBad(lines, AuditBundleFailureKind.InconsistentCheckpoints, line: 3, sequence: null);
    }

    [Fact]
    public void Final_checkpoint_swapped_for_another_genuine_one_fails_the_first_record()
    {
        var lines = ExportLines();
        var line = JsonNode.Parse(lines[3])!.AsObject();
        line["note"] = _log.Sign(_newKey, 30);
        line["size"] = 30;
        line["root"] = Convert.ToBase64String(_log.Tree.RootAt(30));
        line["consistency"]!["proof"] = new JsonArray([.. _log.Tree.ConsistencyProof(25, 30).Select(h => (JsonNode)Convert.ToBase64String(h))]);
        lines[3] = line.ToJsonString();

        AssertFirstBad(lines, AuditBundleFailureKind.InclusionProofFailed, line: 5, sequence: 1);
    }

    [Fact]
    public void Unknown_signing_key_is_untrusted_at_the_first_checkpoint()
    {
        var unrelated = CheckpointSigner.Generate(TestAuditLog.Origin).VerifierKey;

        var result = Verify(ExportLines(), [unrelated]);

        Assert.Equal(AuditBundleFailureKind.UntrustedCheckpoint, result.Failure?.Kind);
        Assert.Equal(2, result.Failure?.Line);
    }

    [Fact]
    public void Key_rotation_needs_both_keys_to_verify_the_whole_history()
    {
        var lines = ExportLines();

        Assert.True(Verify(lines, [_oldKey.VerifierKey, _newKey.VerifierKey]).IsValid);
        var onlyNew = Verify(lines, [_newKey.VerifierKey]);
        Assert.Equal((AuditBundleFailureKind.UntrustedCheckpoint, 2), (onlyNew.Failure!.Kind, onlyNew.Failure.Line));
        var onlyOld = Verify(lines, [_oldKey.VerifierKey]);
        Assert.Equal((AuditBundleFailureKind.UntrustedCheckpoint, 4), (onlyOld.Failure!.Kind, onlyOld.Failure.Line));
    }

    [Fact]
    public void Filtered_export_verifies_and_says_it_is_partial()
    {
        var result = Verify(ExportLines(FilteredRecords(), contiguous: false));

        Assert.True(result.IsValid, result.Failure?.ToString());
        Assert.Equal(5, result.RecordsChecked);
        Assert.False(result.Contiguous);
        Assert.False(result.CoversWholeLog);
        Assert.Equal((3L, 20L), (result.FirstSequence!.Value, result.LastSequence!.Value));
    }

    [Fact]
    public void Chain_is_checked_between_adjacent_records_of_a_filtered_export()
    {
        var lines = ExportLines(FilteredRecords(), contiguous: false);
        var line = JsonNode.Parse(lines[6])!.AsObject();
        var forged = _log.Entries[7].Entry with { PreviousHash = new string('a', 64) };
        line["previousHash"] = forged.PreviousHash;
        line["hash"] = AuditCanonicalForm.Hash(forged);
        lines[6] = line.ToJsonString();

        AssertFirstBad(lines, AuditBundleFailureKind.ChainBroken, line: 7, sequence: 8);
    }

    [Fact]
    public void Gap_in_a_bundle_declared_contiguous_is_a_missing_record()
    {
        var lines = ExportLines(FilteredRecords(), contiguous: false);
        lines[0] = lines[0].Replace("\"contiguous\":false", "\"contiguous\":true", StringComparison.Ordinal);

        AssertFirstBad(lines, AuditBundleFailureKind.MissingRecord, line: 6, sequence: 4);
    }

    [Fact]
    public void Every_single_byte_flip_in_header_checkpoints_and_records_is_detected_at_or_before_its_line()
    {
        var text = string.Join('\n', ExportLines()) + "\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length - 1; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        int[] linesToFlip = [1, 2, 3, 4, 4 + 1, 4 + 17, 4 + Size];
        foreach (var line in linesToFlip)
        {
            var start = lineStarts[line - 1];
            var end = line < lineStarts.Count ? lineStarts[line] : bytes.Length;
            for (var i = start; i < end; i++)
            {
                var tampered = (byte[])bytes.Clone();
                tampered[i] ^= 0x01;
                var result = AuditBundleVerifier.Verify(new MemoryStream(tampered), TrustedKeys);
                Assert.False(result.IsValid, $"flip of byte {i - start} on line {line} went unnoticed");
                Assert.True(result.Failure!.Line <= Math.Max(line, 4), $"flip on line {line} reported at line {result.Failure.Line}");
                if (line > 4)
                {
                    Assert.Equal(line, result.Failure.Line);
                }
            }
        }
    }

    [Fact]
    public void Empty_log_exports_and_verifies()
    {
        var empty = new InMemoryMerkleTree();
        var note = _newKey.Sign(new Checkpoint(TestAuditLog.Origin, 0, empty.Root()));
        var stream = new MemoryStream();
        AuditBundleWriter.Write(stream, Header(contiguous: true), [note], [], empty);

        var result = AuditBundleVerifier.Verify(new MemoryStream(stream.ToArray()), TrustedKeys);

        Assert.True(result.IsValid, result.Failure?.ToString());
        Assert.True(result.CoversWholeLog);
    }

    [Theory]
    [InlineData("", AuditBundleFailureKind.Malformed, 1)]
    [InlineData("{\"type\":\"record\"}\n", AuditBundleFailureKind.Malformed, 1)]
    [InlineData("{\"type\":\"header\",\"format\":\"steward-audit-export/2\",\"origin\":\"o\",\"keys\":[],\"contiguous\":true,\"filter\":{}}\n", AuditBundleFailureKind.UnsupportedFormat, 1)]
    [InlineData("{\"format\":\"steward-audit-export/1\",\"type\":\"header\",\"origin\":\"o\",\"keys\":[],\"contiguous\":true,\"filter\":{}}\n", AuditBundleFailureKind.Malformed, 1)]
    [InlineData("{\"type\":\"header\",\"format\":\"steward-audit-export/1\",\"origin\":\"o\",\"keys\":[],\"contiguous\":true,\"filter\":{},\"extra\":1}\n", AuditBundleFailureKind.Malformed, 1)]
    [InlineData("{\"type\":\"header\",\"type\":\"header\",\"format\":\"steward-audit-export/1\",\"origin\":\"o\",\"keys\":[],\"contiguous\":true,\"filter\":{}}\n", AuditBundleFailureKind.Malformed, 1)]
    [InlineData("{\"type\":\"header\",\"format\":\"steward-audit-export/1\",\"origin\":\"o\",\"keys\":[],\"contiguous\":true,\"filter\":{}}\n\n", AuditBundleFailureKind.Malformed, 2)]
    public void Malformed_bundles_name_the_bad_line(string text, AuditBundleFailureKind kind, int line)
    {
        var result = AuditBundleVerifier.Verify(new MemoryStream(Encoding.UTF8.GetBytes(text)), TrustedKeys);

        Assert.Equal((kind, line), (result.Failure?.Kind, result.Failure?.Line));
    }

    [Fact]
    public void Checkpoint_after_records_is_malformed()
    {
        var lines = ExportLines();
        lines.Add(lines[3]);

        AssertFirstBad(lines, AuditBundleFailureKind.Malformed, line: lines.Count, sequence: null);
    }

    [Fact]
    public void Writer_refuses_records_the_final_checkpoint_does_not_cover()
    {
        var stream = new MemoryStream();
        var writer = new AuditBundleWriter(stream, Header(contiguous: true), _checkpoints[..2], _log.Tree);

        Assert.Throws<ArgumentException>(() => writer.WriteRecord(_log.Entries[25]));
    }

    [Fact]
    public void Writer_refuses_a_gap_in_a_contiguous_export()
    {
        var writer = new AuditBundleWriter(new MemoryStream(), Header(contiguous: true), _checkpoints, _log.Tree);
        writer.WriteRecord(_log.Entries[0]);

        Assert.Throws<ArgumentException>(() => writer.WriteRecord(_log.Entries[2]));
    }

    [Fact]
    public void Writer_refuses_to_export_a_log_that_no_longer_matches_its_checkpoints()
    {
        var altered = new InMemoryMerkleTree();
        foreach (var entry in _log.Entries)
        {
            altered.Append(AuditCanonicalForm.LeafHash(entry.Entry.Sequence == 5 ? entry.Entry with { Outcome = "Failed" } : entry.Entry));
        }

        Assert.Throws<InvalidOperationException>(() => new AuditBundleWriter(new MemoryStream(), Header(contiguous: true), _checkpoints, altered));
    }

    [Fact]
    public async Task Async_writer_produces_the_same_bundle()
    {
        var stream = new MemoryStream();
        await AuditBundleWriter.WriteAsync(stream, Header(contiguous: true), _checkpoints, _log.Entries.ToAsyncEnumerable(), _log.Tree,
            TestContext.Current.CancellationToken);

        Assert.Equal(string.Join('\n', ExportLines()) + "\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    private List<SealedAuditEntry> FilteredRecords() => [.. _log.Entries.Where(e => e.Entry.Sequence is 3 or 7 or 8 or 9 or 20)];

    private AuditBundleHeader Header(bool contiguous) =>
        new(TestAuditLog.Origin, TrustedKeys, contiguous, contiguous ? null : new Dictionary<string, string> { ["principal"] = "user-1" });

    private List<string> ExportLines(IEnumerable<SealedAuditEntry>? records = null, bool contiguous = true)
    {
        var stream = new MemoryStream();
        AuditBundleWriter.Write(stream, Header(contiguous), _checkpoints, records ?? _log.Entries, _log.Tree);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return [.. text[..^1].Split('\n')];
    }

    private AuditBundleVerification Verify(List<string> lines, IReadOnlyCollection<NoteVerifierKey>? trusted = null) =>
        AuditBundleVerifier.Verify(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n")), trusted);

    private AuditBundleVerification Verify(List<string> lines) => Verify(lines, TrustedKeys);

    private void AssertFirstBad(List<string> lines, AuditBundleFailureKind kind, int line, long? sequence)
    {
        var result = Verify(lines);

        Assert.False(result.IsValid, "tampering went unnoticed");
        Assert.Equal((kind, line, sequence), (result.Failure!.Kind, result.Failure.Line, result.Failure.Sequence));
    }

    private static string EditField(string line, string field)
    {
        var record = JsonNode.Parse(line)!.AsObject();
        var value = (string?)record[field];
        record[field] = value switch
        {
            null => "X",
            _ when field == "time" => value[..^2] + (value[^2] == '1' ? '2' : '1') + "Z",
            _ => value[..^1] + (value[^1] == 'a' ? 'b' : 'a'),
        };
        return record.ToJsonString();
    }

    private static string ReplaceNote(string line, string note)
    {
        var checkpoint = JsonNode.Parse(line)!.AsObject();
        checkpoint["note"] = note;
        return checkpoint.ToJsonString();
    }
}
