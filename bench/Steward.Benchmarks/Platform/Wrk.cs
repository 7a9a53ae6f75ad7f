using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Steward.Benchmarks.Platform;

/// <summary>Drives wrk (Debian package <c>wrk</c>): a separate, low-overhead load process with fixed headers.</summary>
public static partial class Wrk
{
    public static bool Available => File.Exists("/usr/bin/wrk");

    /// <summary>Runs 1-second slices of each scenario in turn, <paramref name="slices"/> times, and sums them.</summary>
    public static async Task<(double Rps, double P99)[]> InterleavedAsync(Uri baseAddress, string[] paths, string[][] headers, int connections, int slices) =>
        [.. (await InterleavedWithCpuAsync(baseAddress, paths, headers, new string?[paths.Length], connections, slices)).Select(r => (r.Rps, r.P99))];

    /// <summary>As above; a scenario with a body is sent as a POST of that body (through a wrk Lua script).</summary>
    public static async Task<(double Rps, double P99)[]> InterleavedAsync(Uri baseAddress, string[] paths, string[][] headers, string?[] bodies, int connections, int slices) =>
        [.. (await InterleavedWithCpuAsync(baseAddress, paths, headers, bodies, connections, slices)).Select(r => (r.Rps, r.P99))];

    /// <summary>
    /// As <see cref="InterleavedAsync(Uri, string[], string[][], string?[], int, int)"/>, plus this process's CPU time per
    /// request (the server runs in-process): a cost that other work on a shared machine slows down far less than it
    /// slows down throughput.
    /// </summary>
    public static async Task<(double Rps, double P99, double CpuUs, double AllocatedBytes)[]> InterleavedWithCpuAsync(Uri baseAddress, string[] paths, string[][] headers, string?[] bodies, int connections, int slices)
    {
        var scripts = bodies.Select(body => body is null ? null : PostScript(body)).ToArray();
        try
        {
            return await RunInterleavedAsync(baseAddress, paths, headers, scripts, connections, slices);
        }
        finally
        {
            foreach (var script in scripts.OfType<string>())
            {
                File.Delete(script);
            }
        }
    }

    /// <summary>
    /// Interleaved rounds of 1-second slices of every scenario, not counted, until the server (in this process) runs
    /// steady (<see cref="UntilJitQuietAsync"/>). With dynamic PGO the JIT instruments, then recompiles, the hot paths
    /// for a minute or so of load, and its CPU would otherwise be charged to whichever slice it fell in.
    /// </summary>
    /// <returns>The rounds run.</returns>
    public static Task<int> WarmUpAsync(Uri baseAddress, string[] paths, string[][] headers, string?[] bodies, int connections, int minRounds, int maxRounds) =>
        UntilJitQuietAsync(() => InterleavedWithCpuAsync(baseAddress, paths, headers, bodies, connections, 1), minRounds, maxRounds);

    /// <summary>
    /// Runs <paramref name="round"/> at least <paramref name="minRounds"/> times, then until a round in which the JIT
    /// compiled for less than 1 % of the round's time, at most <paramref name="maxRounds"/> times: warm-up that ends
    /// when the server hosted in this process has reached its steady code.
    /// </summary>
    /// <returns>The rounds run.</returns>
    public static async Task<int> UntilJitQuietAsync(Func<Task> round, int minRounds, int maxRounds)
    {
        for (var rounds = 1; ; rounds++)
        {
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            var clock = Stopwatch.StartNew();
            await round();
            var quiet = System.Runtime.JitInfo.GetCompilationTime() - jitBefore < clock.Elapsed / 100;
            if (rounds >= maxRounds || (rounds >= minRounds && quiet))
            {
                return rounds;
            }
        }
    }

    private static string PostScript(string body)
    {
        var path = Path.Combine(Path.GetTempPath(), $"steward-wrk-{Guid.NewGuid():N}.lua");
        var escaped = body.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        File.WriteAllText(path, $"wrk.method = \"POST\"\nwrk.body = \"{escaped}\"\n");
        return path;
    }

    private static async Task<(double Rps, double P99, double CpuUs, double AllocatedBytes)[]> RunInterleavedAsync(Uri baseAddress, string[] paths, string[][] headers, string?[] scripts, int connections, int slices)
    {
        using var self = Process.GetCurrentProcess();
        var cpu = new TimeSpan[paths.Length];
        var allocated = new long[paths.Length];
        var requests = new double[paths.Length];
        var p99 = new List<double>[paths.Length];
        for (var i = 0; i < paths.Length; i++)
        {
            p99[i] = [];
            await RunAsync(baseAddress, paths[i], headers[i], scripts[i], connections, 1); // warm-up
        }

        for (var slice = 0; slice < slices; slice++)
        {
            for (var i = 0; i < paths.Length; i++)
            {
                self.Refresh();
                var before = self.TotalProcessorTime;
                var allocatedBefore = GC.GetTotalAllocatedBytes();
                var (rps, latency) = await RunAsync(baseAddress, paths[i], headers[i], scripts[i], connections, 1);
                allocated[i] += GC.GetTotalAllocatedBytes() - allocatedBefore;
                self.Refresh();
                cpu[i] += self.TotalProcessorTime - before;
                requests[i] += rps;
                p99[i].Add(latency);
            }
        }

        return [.. requests.Select((r, i) => (r / slices, p99[i].Order().ElementAt(p99[i].Count / 2), cpu[i].TotalMicroseconds / r, allocated[i] / r))];
    }

    private static async Task<(double Rps, double P99Ms)> RunAsync(Uri baseAddress, string path, string[] headers, string? script, int connections, int seconds)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t1", $"-c{connections}", $"-d{seconds}s", "--latency" })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var header in headers)
        {
            info.ArgumentList.Add("-H");
            info.ArgumentList.Add(header);
        }

        if (script is not null)
        {
            info.ArgumentList.Add("-s");
            info.ArgumentList.Add(script);
        }

        info.ArgumentList.Add(new Uri(baseAddress, path).ToString());
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (output.Contains("Non-2xx", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path} answered errors under load:\n{output}");
        }

        var rps = double.Parse(Rps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var p99 = P99().Match(output);
        var value = double.Parse(p99.Groups[1].Value, CultureInfo.InvariantCulture);
        var ms = p99.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        return (rps, ms);
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex Rps();

    [GeneratedRegex(@"99%\s+([0-9.]+)(us|ms|s)")]
    private static partial Regex P99();
}
