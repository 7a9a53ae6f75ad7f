using System.Text;
using Steward.Server.Audit.Integrity;

namespace Steward.Server.Tests.Audit.Integrity;

/// <summary>C2SP checkpoints and signed notes, Ed25519 signing, key files and rotation.</summary>
public sealed class CheckpointTests : IDisposable
{
    // The example of golang.org/x/mod/sumdb/note (package documentation), an external anchor for the wire format.
    private const string GoSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string GoVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string GoText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string GoSignedNote = GoText + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("steward-audit-key-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Signing_reproduces_the_go_note_reference_signature()
    {
        File.WriteAllText(Path.Combine(_directory, CheckpointSigner.KeyFileName), GoSignerKey + "\n");

        var signer = CheckpointSigner.LoadOrCreate(_directory, "PeterNeumann");

        Assert.Equal(GoVerifierKey, signer.VerifierKey.ToString());
        Assert.Equal(0xc74f20a3u, signer.KeyId);
        Assert.Equal(GoSignedNote, signer.SignNote(GoText));
    }

    [Fact]
    public void Go_reference_note_verifies_with_the_go_verifier_key()
    {
        Assert.True(SignedNote.TryParse(GoSignedNote, out var note, out var error), error);
        var key = NoteVerifierKey.Parse(GoVerifierKey);

        Assert.True(key.Matches(note.Signatures[0]));
        Assert.True(key.Verify(note.Text, note.Signatures[0].Signature));
        Assert.False(key.Verify(note.Text.Replace("cryptography", "Cryptography", StringComparison.Ordinal), note.Signatures[0].Signature));
    }

    [Theory]
    [InlineData("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("PeterNeumanN+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TX")]
    [InlineData("PeterNeumann+c74f20a3+Apc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("PeterNeumann+c74f20a3")]
    [InlineData("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    public void Mangled_verifier_keys_are_refused(string text) => Assert.False(NoteVerifierKey.TryParse(text, out _));

    [Fact]
    public void Signed_checkpoint_has_the_c2sp_shape_and_verifies()
    {
        var signer = CheckpointSigner.Generate(TestAuditLog.Origin);
        var checkpoint = new Checkpoint(TestAuditLog.Origin, 20852163, Convert.FromBase64String("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="));

        var note = signer.Sign(checkpoint);

        var lines = note.Split('\n');
        Assert.Equal([TestAuditLog.Origin, "20852163", "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", ""], lines[..4]);
        Assert.StartsWith($"\u2014 {TestAuditLog.Origin} ", lines[4], StringComparison.Ordinal);
        Assert.Equal(68, Convert.FromBase64String(lines[4].Split(' ')[2]).Length);
        Assert.EndsWith("\n", note, StringComparison.Ordinal);

        var result = new CheckpointVerifier([signer.VerifierKey]).Verify(note, TestAuditLog.Origin);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(checkpoint.Size, result.Checkpoint!.Size);
        Assert.Equal(checkpoint.RootHash, result.Checkpoint.RootHash);
        Assert.Same(signer.VerifierKey, Assert.Single(result.VerifiedBy));
    }

    [Fact]
    public void Signing_by_size_and_root_uses_the_key_name_as_origin()
    {
        var signer = CheckpointSigner.Generate(TestAuditLog.Origin);

        var result = new CheckpointVerifier([signer.VerifierKey]).Verify(signer.Sign(7, new byte[32]), TestAuditLog.Origin);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(7, result.Checkpoint!.Size);
    }

    [Fact]
    public void Key_id_follows_the_signed_note_formula()
    {
        var signer = CheckpointSigner.Generate("example.com/log");
        var input = Encoding.UTF8.GetBytes("example.com/log\n").Concat(new byte[] { 1 }).Concat(signer.VerifierKey.PublicKey()).ToArray();
        var hash = System.Security.Cryptography.SHA256.HashData(input);

        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash), signer.KeyId);
    }

    [Fact]
    public void Checkpoint_signed_by_an_unknown_key_is_untrusted()
    {
        var trusted = CheckpointSigner.Generate(TestAuditLog.Origin);
        var impostor = CheckpointSigner.Generate(TestAuditLog.Origin);

        var result = new CheckpointVerifier([trusted.VerifierKey]).Verify(impostor.Sign(Sample()));

        Assert.False(result.IsValid);
        Assert.Equal(CheckpointFailureKind.UntrustedKey, result.FailureKind);
    }

    [Fact]
    public void Altered_text_or_signature_is_a_bad_signature()
    {
        var signer = CheckpointSigner.Generate(TestAuditLog.Origin);
        var note = signer.Sign(Sample());
        var verifier = new CheckpointVerifier([signer.VerifierKey]);

        var alteredText = note.Replace("\n10\n", "\n11\n", StringComparison.Ordinal);
        var signatureStart = note.LastIndexOf(' ') + 10;
        var alteredSignature = note[..signatureStart] + (note[signatureStart] == 'A' ? 'B' : 'A') + note[(signatureStart + 1)..];

        Assert.Equal(CheckpointFailureKind.BadSignature, verifier.Verify(alteredText).FailureKind);
        Assert.Equal(CheckpointFailureKind.BadSignature, verifier.Verify(alteredSignature).FailureKind);
    }

    [Fact]
    public void Extra_signatures_from_unknown_keys_are_ignored_and_a_failing_known_one_rejects()
    {
        var signer = CheckpointSigner.Generate(TestAuditLog.Origin);
        var witness = CheckpointSigner.Generate("witness.example/w1");
        var text = Sample().ToNoteText();
        var cosigned = signer.SignNote(text) + witness.SignNote(text).Split("\n\n")[1];

        Assert.True(new CheckpointVerifier([signer.VerifierKey]).Verify(cosigned).IsValid);
        Assert.Equal(2, new CheckpointVerifier([signer.VerifierKey, witness.VerifierKey]).Verify(cosigned).VerifiedBy.Count);

        var badWitness = signer.SignNote(text) + witness.SignNote(text + "x\n").Split("\n\n")[1];
        Assert.Equal(CheckpointFailureKind.BadSignature, new CheckpointVerifier([signer.VerifierKey, witness.VerifierKey]).Verify(badWitness).FailureKind);
    }

    [Fact]
    public void Checkpoint_for_another_log_is_refused_when_the_origin_is_expected()
    {
        var signer = CheckpointSigner.Generate(TestAuditLog.Origin);
        var note = signer.Sign(Sample() with { Origin = "other.example/log" });

        Assert.Equal(CheckpointFailureKind.WrongOrigin, new CheckpointVerifier([signer.VerifierKey]).Verify(note, TestAuditLog.Origin).FailureKind);
    }

    [Theory]
    [InlineData("origin\n10\nAAAA\n")]
    [InlineData("origin\n010\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("origin\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("origin\n10\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")]
    [InlineData("origin\n10\n")]
    [InlineData("\n10\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [InlineData("origin\n10\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n")]
    public void Malformed_checkpoint_text_is_refused(string text) => Assert.False(Checkpoint.TryParseNoteText(text, out _, out _));

    [Fact]
    public void Checkpoint_text_with_extensions_round_trips()
    {
        var checkpoint = Sample() with { Extensions = ["time 2026-03-01T00:00:00Z"] };

        Assert.True(Checkpoint.TryParseNoteText(checkpoint.ToNoteText(), out var parsed, out var error), error);
        Assert.Equal(checkpoint.Extensions, parsed.Extensions);
    }

    [Fact]
    public void Key_file_is_created_private_and_reloaded_with_the_same_key()
    {
        var created = CheckpointSigner.LoadOrCreate(_directory, TestAuditLog.Origin);
        var path = Path.Combine(_directory, CheckpointSigner.KeyFileName);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var reloaded = CheckpointSigner.LoadOrCreate(_directory, TestAuditLog.Origin);
        Assert.Equal(created.VerifierKey.ToString(), reloaded.VerifierKey.ToString());
        Assert.StartsWith("PRIVATE+KEY+steward.test/audit+", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal([created.VerifierKey.ToString()], CheckpointSigner.LoadPublicKeys(_directory).Select(k => k.ToString()));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public void Key_file_for_another_log_is_refused()
    {
        CheckpointSigner.LoadOrCreate(_directory, TestAuditLog.Origin);

        var error = Assert.Throws<InvalidOperationException>(() => CheckpointSigner.LoadOrCreate(_directory, "other.example/log"));
        Assert.Contains("must not change", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_key_file_is_refused()
    {
        File.WriteAllText(Path.Combine(_directory, CheckpointSigner.KeyFileName), "PRIVATE+KEY+steward.test/audit+00000000+AAAA\n");

        Assert.Throws<InvalidOperationException>(() => CheckpointSigner.LoadOrCreate(_directory, TestAuditLog.Origin));
    }

    [Fact]
    public void Rotation_keeps_old_checkpoints_verifiable_with_the_published_keys()
    {
        var old = CheckpointSigner.LoadOrCreate(_directory, TestAuditLog.Origin);
        var before = old.Sign(Sample());

        var current = CheckpointSigner.Rotate(_directory, TestAuditLog.Origin);
        var after = current.Sign(Sample() with { Size = 11 });

        Assert.NotEqual(old.KeyId, current.KeyId);
        Assert.Equal(current.KeyId, CheckpointSigner.LoadOrCreate(_directory, TestAuditLog.Origin).KeyId);
        var published = CheckpointSigner.LoadPublicKeys(_directory);
        Assert.Equal([old.VerifierKey.ToString(), current.VerifierKey.ToString()], published.Select(k => k.ToString()));
        Assert.Single(Directory.GetFiles(_directory, "*.retired"));

        var both = new CheckpointVerifier(published);
        Assert.True(both.Verify(before).IsValid);
        Assert.True(both.Verify(after).IsValid);

        var onlyCurrent = new CheckpointVerifier([current.VerifierKey]);
        Assert.Equal(CheckpointFailureKind.UntrustedKey, onlyCurrent.Verify(before).FailureKind);
        Assert.True(onlyCurrent.Verify(after).IsValid);
    }

    [Theory]
    [InlineData("no blank line\n\u2014 k AAAA\n")]
    [InlineData("text\n\n- k AAAAAAAAAA==\n")]
    [InlineData("text\n\n\u2014 k AAAAAAAAAA==")]
    [InlineData("text\n\n\u2014 k notbase64\n")]
    [InlineData("text\n\n\u2014 k AAAA\n")]
    [InlineData("text\n\n\u2014 k+x AAAAAAAAAA==\n")]
    [InlineData("te\txt\n\n\u2014 k AAAAAAAAAA==\n")]
    public void Malformed_signed_notes_are_refused(string note) => Assert.False(SignedNote.TryParse(note, out _, out _));

    private static Checkpoint Sample() => new(TestAuditLog.Origin, 10, new byte[32]);
}
