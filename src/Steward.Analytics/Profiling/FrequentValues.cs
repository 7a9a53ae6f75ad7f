using System.Runtime.InteropServices;

namespace Steward.Analytics.Profiling;

/// <summary>
/// Counts string values exactly while at most <see cref="Capacity"/> distinct values have been seen; past
/// that it prunes to the most frequent half (lossy counting): every surviving count is then an
/// underestimate by at most <see cref="MaxUndercount"/> and <see cref="IsExact"/> is false.
/// Reference: Manku and Motwani, "Approximate Frequency Counts over Data Streams" (VLDB 2002).
/// Looking up a value that is already counted allocates nothing (span lookup).
/// </summary>
public sealed class FrequentValues
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _spanLookup;

    /// <summary>Creates an empty counter.</summary>
    /// <param name="capacity">Maximum number of distinct values kept (≥ 2).</param>
    public FrequentValues(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Capacity = capacity;
        _spanLookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Maximum number of distinct values kept.</summary>
    public int Capacity { get; }

    /// <summary>True while no value has ever been pruned: counts and distinct count are exact.</summary>
    public bool IsExact { get; private set; } = true;

    /// <summary>Upper bound of the amount by which any kept count underestimates the true count.</summary>
    public long MaxUndercount { get; private set; }

    /// <summary>Number of distinct values currently kept.</summary>
    public int Count => _counts.Count;

    /// <summary>Counts one occurrence of <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True when the value was not being counted before (a new distinct value for the caller's HLL).</returns>
    public bool Add(ReadOnlySpan<char> value)
    {
        if (_counts.Count >= Capacity && !_spanLookup.ContainsKey(value))
        {
            Prune();
        }

        ref var c = ref CollectionsMarshal.GetValueRefOrAddDefault(_spanLookup, value, out var exists);
        c++;
        return !exists;
    }

    /// <summary>
    /// Counts <paramref name="count"/> occurrences of <paramref name="value"/> at once (a value counted per chunk);
    /// the same as <paramref name="count"/> calls of <see cref="Add(ReadOnlySpan{char})"/> while the counter is
    /// exact, and keeps the <see cref="MaxUndercount"/> bound when it prunes.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="count">Occurrences (≥ 1).</param>
    /// <returns>True when the value was not being counted before.</returns>
    public bool Add(ReadOnlySpan<char> value, long count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (_counts.Count >= Capacity && !_spanLookup.ContainsKey(value))
        {
            Prune();
        }

        ref var c = ref CollectionsMarshal.GetValueRefOrAddDefault(_spanLookup, value, out var exists);
        c += count;
        return !exists;
    }

    /// <summary>Counts one occurrence of <paramref name="value"/> without copying the string.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True when the value is new to the counter.</returns>
    public bool Add(string value)
    {
        if (_counts.Count >= Capacity && !_counts.ContainsKey(value))
        {
            Prune();
        }

        ref var c = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out var exists);
        c++;
        return !exists;
    }

    /// <summary>Adds the counts of another counter (merge).</summary>
    /// <param name="other">The other counter.</param>
    public void Merge(FrequentValues other)
    {
        ArgumentNullException.ThrowIfNull(other);
        IsExact &= other.IsExact;
        MaxUndercount += other.MaxUndercount;
        foreach (var (value, count) in other._counts)
        {
            ref var c = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out var existed);
            c += count;
            if (!existed && _counts.Count > Capacity)
            {
                Prune();
            }
        }
    }

    /// <summary>The kept values with their counts, most frequent first (ties by ordinal value).</summary>
    /// <param name="max">Maximum number of entries to return.</param>
    /// <returns>Value and count pairs.</returns>
    public IReadOnlyList<KeyValuePair<string, long>> Top(int max)
    {
        var list = _counts.ToList();
        list.Sort(static (a, b) => b.Value != a.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        return list.Count > max ? list.GetRange(0, max) : list;
    }

    private void Prune()
    {
        var counts = new long[_counts.Count];
        _counts.Values.CopyTo(counts, 0);
        Array.Sort(counts);
        Array.Reverse(counts);
        var threshold = counts[Math.Min(counts.Length - 1, Capacity / 2)];
        var toRemove = new List<string>();
        foreach (var (k, v) in _counts)
        {
            if (v <= threshold)
            {
                toRemove.Add(k);
            }
        }

        foreach (var k in toRemove)
        {
            _counts.Remove(k);
        }

        IsExact = false;
        MaxUndercount += threshold;
    }
}
