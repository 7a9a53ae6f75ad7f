namespace Steward.Analytics.Profiling;

/// <summary>
/// Profiles a table column by column. Readers feed values through <see cref="Column(int)"/> and count rows
/// with <see cref="AddRows"/>; independent chunks can be profiled by separate profilers and combined with
/// <see cref="Merge"/> (counts and moments identical, sketches within their error bounds).
/// </summary>
public sealed class DatasetProfiler
{
    private readonly List<ColumnAccumulator> _columns = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly ProfilerOptions _options;

    /// <summary>Creates a profiler for the given columns.</summary>
    /// <param name="columnNames">Column names, unique.</param>
    /// <param name="options">Sketch parameters; null for defaults.</param>
    /// <exception cref="AnalyticsInputException">A name is empty or repeated.</exception>
    public DatasetProfiler(IEnumerable<string> columnNames, ProfilerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        _options = options ?? ProfilerOptions.Default;
        foreach (var name in columnNames)
        {
            AddColumn(name);
        }
    }

    /// <summary>Rows profiled so far.</summary>
    public long ItemCount { get; private set; }

    /// <summary>Number of columns.</summary>
    public int ColumnCount => _columns.Count;

    /// <summary>Column names in order.</summary>
    public IEnumerable<string> ColumnNames => _columns.Select(c => c.Name);

    /// <summary>The accumulator of column <paramref name="index"/>.</summary>
    /// <param name="index">0-based column index.</param>
    /// <returns>The accumulator.</returns>
    public ColumnAccumulator Column(int index) => _columns[index];

    /// <summary>Index of the named column, or −1.</summary>
    /// <param name="name">Column name.</param>
    /// <returns>The index or −1.</returns>
    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Adds a column discovered late (JSON Lines); earlier rows count as missing for it.</summary>
    /// <param name="name">Column name.</param>
    /// <returns>Its index.</returns>
    public int AddColumn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new AnalyticsInputException("header", $"column {_columns.Count + 1} has an empty name");
        }

        if (_index.ContainsKey(name))
        {
            throw new AnalyticsInputException(name, "column name appears more than once");
        }

        var acc = new ColumnAccumulator(name, _options);
        acc.AddMissing(ItemCount);
        _index[name] = _columns.Count;
        _columns.Add(acc);
        return _columns.Count - 1;
    }

    /// <summary>Counts <paramref name="rows"/> more rows (values are fed per column).</summary>
    /// <param name="rows">Row count.</param>
    public void AddRows(long rows) => ItemCount += rows;

    /// <summary>Merges the profile of other rows of the same table; columns are matched by name.</summary>
    /// <param name="other">The other profiler.</param>
    public void Merge(DatasetProfiler other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var col in other._columns)
        {
            var i = IndexOf(col.Name);
            if (i < 0)
            {
                i = AddColumn(col.Name);
            }

            _columns[i].Merge(col);
        }

        foreach (var col in _columns)
        {
            if (other.IndexOf(col.Name) < 0)
            {
                col.AddMissing(other.ItemCount);
            }
        }

        ItemCount += other.ItemCount;
    }

    /// <summary>Builds the dataset profile (statistics.json content).</summary>
    /// <returns>The profile.</returns>
    public DatasetProfile ToProfile() => new(ItemCount, _columns.Select(c => c.ToProfile()).ToList());
}
