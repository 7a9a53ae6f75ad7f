using Steward.Analytics.Profiling;

namespace Steward.Analytics.Data.Readers;

/// <summary>Receives the rows of a row-oriented file (CSV, JSON Lines, capture) value by value.</summary>
internal interface IRowSink
{
    /// <summary>Index of the named column, adding it if new.</summary>
    int Column(string name);

    /// <summary>A non-null value of column <paramref name="column"/> in data row <paramref name="row"/> (1-based).</summary>
    void Value(int column, ReadOnlySpan<char> text, long row);

    /// <summary>End of data row <paramref name="row"/>; columns without a value are missing.</summary>
    void EndRow(long row);
}

/// <summary>Feeds rows into a <see cref="DatasetProfiler"/>.</summary>
internal sealed class ProfileSink(DatasetProfiler profiler) : IRowSink
{
    private bool[] _seen = new bool[16];

    public DatasetProfiler Profiler => profiler;

    public int Column(string name)
    {
        var i = profiler.IndexOf(name);
        if (i < 0)
        {
            i = profiler.AddColumn(name);
        }

        if (i >= _seen.Length)
        {
            Array.Resize(ref _seen, Math.Max(_seen.Length * 2, i + 1));
        }

        return i;
    }

    public void Value(int column, ReadOnlySpan<char> text, long row)
    {
        if (_seen[column])
        {
            throw new AnalyticsInputException(profiler.Column(column).Name, "appears twice in the same record", row);
        }

        _seen[column] = true;
        profiler.Column(column).AddText(text, row);
    }

    public void EndRow(long row)
    {
        for (var i = 0; i < profiler.ColumnCount; i++)
        {
            if (!_seen[i])
            {
                profiler.Column(i).AddMissing();
            }

            _seen[i] = false;
        }

        profiler.AddRows(1);
    }
}

/// <summary>Collects selected columns as strings (null = missing), for model-quality inputs.</summary>
internal sealed class ColumnsSink : IRowSink
{
    private readonly Dictionary<string, int> _wanted;
    private readonly List<string?>[] _values;
    private readonly List<int> _map = [];
    private readonly List<string> _names = [];
    private long _rows;

    public ColumnsSink(IReadOnlyList<string> columns)
    {
        _wanted = columns.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i, StringComparer.Ordinal);
        _values = columns.Select(_ => new List<string?>()).ToArray();
    }

    public IReadOnlyList<string> Names => _names;

    public long Rows => _rows;

    public int Column(string name)
    {
        var i = _names.IndexOf(name);
        if (i >= 0)
        {
            return i;
        }

        _names.Add(name);
        _map.Add(_wanted.TryGetValue(name, out var w) ? w : -1);
        return _names.Count - 1;
    }

    public void Value(int column, ReadOnlySpan<char> text, long row)
    {
        var w = _map[column];
        if (w >= 0)
        {
            var list = _values[w];
            while (list.Count < row - 1)
            {
                list.Add(null);
            }

            list.Add(text.ToString());
        }
    }

    public void EndRow(long row)
    {
        _rows = row;
        foreach (var list in _values)
        {
            while (list.Count < row)
            {
                list.Add(null);
            }
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string?>> Result(string source)
    {
        foreach (var (name, _) in _wanted)
        {
            if (!_names.Contains(name))
            {
                throw new AnalyticsInputException(name, $"column not found in {source}; available columns: {string.Join(", ", _names)}");
            }
        }

        return _wanted.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string?>)_values[kv.Value], StringComparer.Ordinal);
    }
}
