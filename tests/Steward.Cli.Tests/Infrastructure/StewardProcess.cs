using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Steward.Server.Access;

namespace Steward.Cli.Tests.Infrastructure;

/// <summary>The real <c>steward</c> executable in a child process, as an operator runs it.</summary>
public sealed class StewardProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private StewardProcess(Process process, Uri endpoint, string keyId, string secret)
    {
        _process = process;
        Endpoint = endpoint;
        KeyId = keyId;
        Secret = secret;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Endpoint { get; }
    public string KeyId { get; }
    public string Secret { get; }
    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public static string StewardDll => Path.Combine(AppContext.BaseDirectory, "steward.dll");

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(StewardDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["STEWARD_LOG_FORMAT"] = "text";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>Starts <c>steward serve</c> on a free port with a known administrator key and waits until healthy.</summary>
    /// <remarks>With <paramref name="generateAdministrator"/>, no credentials are given and the server generates them.</remarks>
    /// <remarks><paramref name="arguments"/> are added to <c>serve</c>'s command line (for example <c>--demo</c>, <c>--db</c>).</remarks>
    public static async Task<StewardProcess> StartAsync(
        string dataDirectory, TimeSpan? timeout = null, bool generateAdministrator = false, (string KeyId, string Secret)? administrator = null, IEnumerable<string>? arguments = null)
    {
        var (keyId, secret) = administrator ?? (Credentials.NewAccessKeyId(), Credentials.NewSecret());
        var endpoint = new Uri($"http://127.0.0.1:{FreePort()}/");
        var environment = generateAdministrator
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["STEWARD_ADMIN_ACCESS_KEY_ID"] = keyId, ["STEWARD_ADMIN_SECRET_ACCESS_KEY"] = secret, ["STEWARD_ADMIN_PASSWORD"] = "a long test password" };
        var info = StartInfo(["serve", "--urls", endpoint.ToString().TrimEnd('/'), "--data", dataDirectory, .. arguments ?? []], environment);
        var process = new StewardProcess(Process.Start(info)!, endpoint, keyId, secret);
        await process.WaitHealthyAsync(timeout ?? TimeSpan.FromSeconds(30));
        return process;
    }

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"steward exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"steward was not healthy within {timeout}:\n{Output}");
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>Runs a short-lived verb to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(args, environment))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
