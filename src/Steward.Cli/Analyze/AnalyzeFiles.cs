using System.Text.Json;
using Spectre.Console;
using Steward.Analytics;
using Steward.Analytics.Data.Formats;
using Steward.Analytics.Data.Readers;
using Steward.Analytics.Profiling;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Analyze;

/// <summary>
/// File handling shared by the data-quality verbs (profile, suggest-constraints, check, drift, model-quality):
/// reading documents, writing JSON to <c>-o FILE</c> or stdout, profiling with a live row count on a terminal.
/// </summary>
internal static class AnalyzeFiles
{
    public static readonly string[] FormatNames = ["csv", "jsonl", "parquet", "capture"];

    public static string ReadText(FileInfo file, string option)
    {
        try
        {
            return File.ReadAllText(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AnalyticsInputException(option, $"cannot read {file.FullName}: {e.Message}");
        }
    }

    /// <summary>Writes a JSON document (already serialised) to the file or stdout.</summary>
    public static async Task WriteAsync(CliContext context, FileInfo? file, string json, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            await context.OutWriter.WriteLineAsync(json.AsMemory(), cancellationToken).ConfigureAwait(false);
            await context.OutWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await File.WriteAllTextAsync(file.FullName, json + "\n", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"-o: cannot write {file.FullName}: {e.Message}");
        }
    }

    /// <summary>Reads a data-quality statistics.json; errors name the option and the JSON field.</summary>
    public static DatasetProfile ReadStatistics(FileInfo file, string option)
    {
        var text = ReadText(file, option);
        try
        {
            return StatisticsJson.Read(text, $"{option} {file.Name}");
        }
        catch (AnalyticsInputException e) when (!e.Message.StartsWith(option, StringComparison.Ordinal))
        {
            throw new AnalyticsInputException($"{option} {file.Name}: {e.Message}");
        }
    }

    /// <summary>True when the file is a JSON document with a <c>features</c> array (statistics), not a data file.</summary>
    public static bool IsStatisticsFile(FileInfo file)
    {
        if (!file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file.FullName));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("features", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Profiles a data file; on a terminal a status line shows the rows read so far (stderr).</summary>
    public static async Task<DatasetProfile> ProfileAsync(CliContext context, FileInfo data, string? format, CancellationToken cancellationToken)
    {
        var resolved = DataFormats.Resolve(data.FullName, format);
        if (!context.Interactive)
        {
            return (await TableReader.ProfileAsync(data.FullName, resolved, cancellationToken: cancellationToken).ConfigureAwait(false)).ToProfile();
        }

        return await context.Error.Status().StartAsync($"Profiling {data.Name}", async status =>
        {
            var progress = new RowProgress(status, data.Name);
            var profiler = await TableReader.ProfileAsync(data.FullName, resolved, progress: progress, cancellationToken: cancellationToken).ConfigureAwait(false);
            return profiler.ToProfile();
        }).ConfigureAwait(false);
    }

    private sealed class RowProgress(StatusContext status, string name) : IProgress<long>
    {
        public void Report(long value) => status.Status($"Profiling {Markup.Escape(name)}: {value:N0} rows");
    }
}
