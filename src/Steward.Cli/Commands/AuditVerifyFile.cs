using Steward.Cli.Infrastructure;

namespace Steward.Cli.Commands;

public sealed partial class AuditCommand
{
    private static int VerifyFile(CliContext context, FileInfo file, string[] publicKeys, bool json) => throw new NotImplementedException();
}
