using Spectre.Console;
using Steward.Cli.Infrastructure;
using Steward.Server.Audit.Integrity;

namespace Steward.Cli.Commands;

public sealed partial class AuditCommand
{
    /// <summary>Checks an export with no server: hashes, chain, inclusion proofs, checkpoint signatures and consistency.</summary>
    private static int VerifyFile(CliContext context, FileInfo file, string[] publicKeys, bool json)
    {
        if (!file.Exists)
        {
            throw new UsageException($"{file.FullName} does not exist.");
        }

        var trusted = new List<NoteVerifierKey>();
        foreach (var text in publicKeys)
        {
            if (!NoteVerifierKey.TryParse(text, out var key))
            {
                throw new UsageException($"'{text}' is not a verifier key (the lines of audit-signing.pub in the server's data directory).");
            }

            trusted.Add(key);
        }

        AuditBundleVerification result;
        using (var stream = file.OpenRead())
        {
            result = AuditBundleVerifier.Verify(stream, trusted.Count == 0 ? null : trusted);
        }

        if (json)
        {
            context.WriteJson(new
            {
                valid = result.IsValid,
                records = result.RecordsChecked,
                checkpoints = result.CheckpointsChecked,
                treeSize = result.TreeSize,
                rootHash = result.RootHash,
                contiguous = result.Contiguous,
                keysFromBundle = result.KeysFromBundle,
                firstBad = result.Failure is { } f ? new { line = f.Line, sequence = f.Sequence, kind = f.Kind.ToString(), reason = f.Reason } : null,
            });
        }
        else if (result.IsValid)
        {
            context.Out.WriteLine($"OK: {result.RecordsChecked} records and {result.CheckpointsChecked} signed checkpoints verified (tree size {result.TreeSize}, root {result.RootHash}).");
            if (result.KeysFromBundle)
            {
                context.Error.WriteLine("note: checkpoints were checked against the keys named in the file; pass --public-key with the server's audit-signing.pub to pin them.");
            }
        }

        if (!result.IsValid)
        {
            context.Fail($"tampering found at {result.Failure}");
        }

        return result.IsValid ? ExitCodes.Success : ExitCodes.Refused;
    }
}
