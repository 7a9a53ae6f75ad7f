using System.CommandLine;
using System.Net.Sockets;
using Steward.Client;

namespace Steward.Cli.Infrastructure;

/// <summary>
/// A verb that talks to a server: connects as <see cref="ServerConnection"/> says and turns the ways a call can
/// fail into the documented exit codes and messages (JSON problem on stdout with <c>--json</c>).
/// </summary>
public abstract class ServerCommand : Command
{
    protected ServerCommand(string name, string description, CliContext context)
        : base(name, description)
    {
        Context = context;
        SetAction((parse, cancellationToken) => CallAsync(parse, context, (client, json, ct) => RunAsync(parse, client, json, ct), cancellationToken));
    }

    /// <summary>
    /// Connects, runs <paramref name="run"/>, and reports a refusal or an unreachable server the one documented way.
    /// Every verb that talks to a server goes through here.
    /// </summary>
    public static async Task<int> CallAsync(
        ParseResult parse, CliContext context, Func<StewardClient, bool, CancellationToken, Task<int>> run, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        try
        {
            var client = ServerConnection.CreateClient(parse, context, http);
            return await run(client, GlobalOptions.Json(parse), cancellationToken);
        }
        catch (StewardApiException ex)
        {
            if (GlobalOptions.Json(parse))
            {
                context.WriteJson(ex.Errors.Count == 0
                    ? new { error = new { status = ex.Status, code = ex.Code, detail = ex.Detail, requestId = ex.RequestId } }
                    : (object)new { error = new { status = ex.Status, code = ex.Code, detail = ex.Detail, requestId = ex.RequestId, errors = ex.Errors } });
            }

            context.Fail($"{ex.Code} ({ex.Status}): {ex.Detail}");
            // A validation problem names every offending field: one line each, after the one-line summary.
            foreach (var (field, messages) in ex.Errors)
            {
                foreach (var message in messages)
                {
                    context.ErrorWriter.WriteLine($"  {field}: {message}".ReplaceLineEndings(" "));
                }
            }

            return ExitCodes.Refused;
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException || ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            context.Fail($"cannot reach the Steward server ({ex.Message}). Is 'steward serve' running, and is --endpoint right?");
            return ExitCodes.Refused;
        }
    }

    protected CliContext Context { get; }

    protected abstract Task<int> RunAsync(ParseResult parse, StewardClient client, bool json, CancellationToken cancellationToken);
}
