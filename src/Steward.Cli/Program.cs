using Steward.Cli;
using Steward.Cli.Infrastructure;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await StewardCli.RunAsync(args, CliContext.FromProcess(), cancellation.Token);
