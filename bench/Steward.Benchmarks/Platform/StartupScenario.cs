using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Steward.Benchmarks.Platform;

/// <summary>
/// <c>steward serve</c> as an operator runs it: time from process start to the first healthy answer, on a fresh
/// SQLite data directory and again on the existing one, and resident memory after a few idle seconds.
/// Usage: <c>dotnet run -c Release --project bench/Steward.Benchmarks -- startup [--runs 5] [--idle-seconds 5] [--steward path/to/steward.dll]</c>
/// </summary>
public static class StartupScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = int.Parse(LoadScenario.Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var idle = int.Parse(LoadScenario.Option(args, "--idle-seconds") ?? "5", CultureInfo.InvariantCulture);
        // --steward points at another build, e.g. a ReadyToRun publish; the default is the one beside this program.
        var steward = LoadScenario.Option(args, "--steward") ?? Path.Combine(AppContext.BaseDirectory, "steward.dll");
        var fresh = new List<double>();
        var existing = new List<double>();
        var memory = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var data = Directory.CreateTempSubdirectory("steward-startup-");
            foreach (var list in new[] { fresh, existing })
            {
                var (elapsed, process) = await StartAsync(steward, data.FullName);
                list.Add(elapsed.TotalMilliseconds);
                if (list == existing)
                {
                    await Task.Delay(TimeSpan.FromSeconds(idle));
                    process.Refresh();
                    memory.Add(ResidentMegabytes(process.Id));
                }

                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            data.Delete(recursive: true);
        }

        Console.WriteLine("| measure | median | min | max |");
        Console.WriteLine("|---|---:|---:|---:|");
        Print("start to healthy, new data directory (ms)", fresh);
        Print("start to healthy, existing data directory (ms)", existing);
        Print($"resident memory after {idle}s idle (MB)", memory);
        return 0;
    }

    private static async Task<(TimeSpan Elapsed, Process Process)> StartAsync(string steward, string data)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { steward, "serve", "--urls", $"http://127.0.0.1:{port}", "--data", data })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["STEWARD_ADMIN_ACCESS_KEY_ID"] = "AKIASTARTUPBENCH0000";
        info.Environment["STEWARD_ADMIN_SECRET_ACCESS_KEY"] = new string('s', 40);
        info.Environment["STEWARD_ADMIN_PASSWORD"] = "startup benchmark password";
        var watch = Stopwatch.StartNew();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/healthz")).IsSuccessStatusCode)
                {
                    return (watch.Elapsed, process);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("steward serve did not become healthy in 60 s");
    }

    private static double ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Print(string name, List<double> values)
    {
        var sorted = values.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {sorted[sorted.Length / 2]:F0} | {sorted[0]:F0} | {sorted[^1]:F0} |"));
    }
}
