using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;
using Steward.Analytics;
using Steward.Cli.Infrastructure;

namespace Steward.Cli.Analyze;

/// <summary>What the analyze verbs share: JSON to <c>-o FILE</c> or stdout, input errors as exit code 2, progress on a terminal.</summary>
internal static class AnalyzeOutput
{
    /// <summary>Runs a verb body, turning input errors into <see cref="UsageException"/> (exit code 2 with the message).</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (AnalyticsInputException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Writes indented JSON to the file, or to stdout when no file is given.</summary>
    public static async Task WriteAsync<T>(CliContext context, FileInfo? file, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            await context.OutWriter.WriteLineAsync(JsonSerializer.Serialize(value, typeInfo).AsMemory(), cancellationToken).ConfigureAwait(false);
            await context.OutWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await using var stream = file.Create();
            await JsonSerializer.SerializeAsync(stream, value, typeInfo, cancellationToken).ConfigureAwait(false);
            stream.WriteByte((byte)'\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"-o: cannot write {file.FullName}: {e.Message}");
        }
    }

    /// <summary>Runs work with a progress bar on stderr when a person is at the terminal; silently otherwise.</summary>
    public static async Task<T> WithProgressAsync<T>(CliContext context, string description, int total, Func<IProgress<int>?, Task<T>> work)
    {
        if (!context.Interactive || total <= 0)
        {
            return await work(null).ConfigureAwait(false);
        }

        return await context.Error.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(description, maxValue: total);
                return await work(new Reporter(task)).ConfigureAwait(false);
            })
            .ConfigureAwait(false);
    }

    /// <summary>Splits <c>a,b,c</c> into trimmed, non-empty values.</summary>
    public static List<string> List(string? value) =>
        value is null ? [] : [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private sealed class Reporter(ProgressTask task) : IProgress<int>
    {
        public void Report(int value) => task.Value = value;
    }
}
