using System.CommandLine;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary><c>steward cards verify NAME</c>: the server recomputes the card's hash chain; exit 1 when it does not hold.</summary>
public sealed class CardsVerifyCommand : ServerCommand
{
    private readonly Argument<string> _name = CardOptions.Name();

    public CardsVerifyCommand(CliContext context)
        : base("verify", "Recompute a model card's version hash chain; exits 1 when a version does not match.", context) => Arguments.Add(_name);

    protected override async Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken)
    {
        var result = await client.VerifyModelCardAsync(parse.GetValue(_name)!, cancellationToken);
        if (json)
        {
            Context.WriteJson(result);
        }
        else if (result.Valid)
        {
            Context.OutWriter.WriteLine($"OK: {result.Name}: {result.VersionsChecked} version(s), hash chain intact; latest hash {result.LatestHash}");
        }

        if (result.Valid)
        {
            return ExitCodes.Success;
        }

        foreach (var failure in result.Failures)
        {
            Context.Fail($"{result.Name} version {failure.Version}: {failure.Reason}"
                + (failure.Expected is null ? string.Empty : $" (expected {failure.Expected}, found {failure.Actual})"));
        }

        if (result.Failures.Count == 0)
        {
            Context.Fail($"{result.Name}: the hash chain does not verify.");
        }

        return ExitCodes.Refused;
    }
}
