using Steward.Analytics.Profiling;

namespace Steward.Analytics.Data.Readers;

/// <summary>
/// Entry points for the offline analyses: profile a file of any supported format, or read a few columns
/// (label, prediction, probability) as strings.
/// </summary>
public static class TableReader
{
    /// <summary>Profiles a data file into a mergeable profiler.</summary>
    /// <param name="path">The file.</param>
    /// <param name="format">Its format.</param>
    /// <param name="options">Sketch parameters; null for defaults.</param>
    /// <param name="progress">Receives the number of rows read so far; may be null.</param>
    /// <param name="parallelism">Parquet workers (row groups are spread over them); default = processor count.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The profiler holding every column's state.</returns>
    /// <exception cref="AnalyticsInputException">Missing, empty, header-only, ragged or otherwise invalid input.</exception>
    public static async Task<DatasetProfiler> ProfileAsync(
        string path,
        DataFormat format,
        ProfilerOptions? options = null,
        IProgress<long>? progress = null,
        int? parallelism = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        RequireFile(path);
        options ??= ProfilerOptions.Default;
        if (format == DataFormat.Parquet)
        {
            return await ParquetSource.ProfileAsync(path, options, progress, parallelism ?? Environment.ProcessorCount, cancellationToken).ConfigureAwait(false);
        }

        var profiler = new DatasetProfiler([], options);
        RowReaders.Read(path, format, new ProfileSink(profiler), progress, cancellationToken);
        return profiler;
    }

    /// <summary>
    /// Profiles a range of row groups of a Parquet file (for example one window of a partitioned log), with the
    /// same streaming and parallelism as <see cref="ProfileAsync"/>.
    /// </summary>
    /// <param name="path">The Parquet file.</param>
    /// <param name="rowGroups">Row groups to read.</param>
    /// <param name="options">Sketch parameters; null for defaults.</param>
    /// <param name="parallelism">Workers; default = processor count.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The profiler.</returns>
    public static async Task<DatasetProfiler> ProfileParquetRowGroupsAsync(
        string path,
        Range rowGroups,
        ProfilerOptions? options = null,
        int? parallelism = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        RequireFile(path);
        return await ParquetSource.ProfileAsync(path, options ?? ProfilerOptions.Default, null, parallelism ?? Environment.ProcessorCount, cancellationToken, rowGroups).ConfigureAwait(false);
    }

    /// <summary>Reads the named columns as strings (null = missing value), in row order.</summary>
    /// <param name="path">The file.</param>
    /// <param name="format">Its format.</param>
    /// <param name="columns">Column names to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Values per requested column.</returns>
    /// <exception cref="AnalyticsInputException">A column is absent, or the file is invalid.</exception>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string?>>> ReadColumnsAsync(
        string path,
        DataFormat format,
        IReadOnlyList<string> columns,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(columns);
        RequireFile(path);
        if (format == DataFormat.Parquet)
        {
            return (await ParquetSource.ReadColumnsAsync(path, columns, cancellationToken).ConfigureAwait(false)).Columns;
        }

        var sink = new ColumnsSink(columns);
        RowReaders.Read(path, format, sink, null, cancellationToken);
        return sink.Result(path);
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new AnalyticsInputException(path, "file not found");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new AnalyticsInputException(path, "is empty");
        }
    }
}
