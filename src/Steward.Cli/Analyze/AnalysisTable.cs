using System.Globalization;
using Steward.Analytics;
using Steward.Analytics.Bias;
using Steward.Analytics.Data.Readers;

namespace Steward.Cli.Analyze;

/// <summary>
/// A data file (CSV, JSON Lines, Parquet, capture) read through Steward.Analytics.Data as named text columns in file
/// order, with the typing the bias and SHAP verbs need on top. The readers give column names through a profile pass
/// and values through <see cref="TableReader.ReadColumnsAsync"/>.
/// </summary>
internal sealed class AnalysisTable
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string?>> columns;

    private AnalysisTable(string path, IReadOnlyList<string> names, IReadOnlyDictionary<string, IReadOnlyList<string?>> columns, int rowCount)
    {
        Path = path;
        Names = names;
        this.columns = columns;
        RowCount = rowCount;
    }

    public string Path { get; }

    /// <summary>Column names in file order.</summary>
    public IReadOnlyList<string> Names { get; }

    public int RowCount { get; }

    public static async Task<AnalysisTable> ReadAsync(string path, string? format, CancellationToken cancellationToken)
    {
        var resolved = DataFormats.Resolve(path, format);
        var profile = await TableReader.ProfileAsync(path, resolved, cancellationToken: cancellationToken).ConfigureAwait(false);
        var names = profile.ColumnNames.ToList();
        if (names.Count == 0 || profile.ItemCount == 0)
        {
            throw new AnalyticsInputException(path, "has no data rows");
        }

        var values = await TableReader.ReadColumnsAsync(path, resolved, names, cancellationToken).ConfigureAwait(false);
        return new AnalysisTable(path, names, values, checked((int)profile.ItemCount));
    }

    /// <summary>Checks that a column exists; the error names the option that asked for it.</summary>
    public string Require(string name, string option) =>
        columns.ContainsKey(name)
            ? name
            : throw new AnalyticsInputException(option, $"column '{name}' not found in {Path}; columns: {string.Join(", ", Names)}");

    /// <summary>
    /// The column typed as pandas would read it: all integers → int64, all numbers → float64 (a missing value makes
    /// integers float64 too), all true/false → bool, otherwise text.
    /// </summary>
    public BiasColumn BiasColumn(string name)
    {
        var values = columns[name];
        bool integral = true, numeric = true, boolean = true, missing = false;
        foreach (var v in values)
        {
            if (v is null)
            {
                missing = true;
                continue;
            }

            integral &= long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
            numeric &= double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            boolean &= bool.TryParse(v.Trim(), out _);
        }

        if (values.All(v => v is null))
        {
            return Steward.Analytics.Bias.BiasColumn.FromText(name, [.. values]); // every value missing: reported when used
        }

        if (numeric)
        {
            var numbers = values.Select(v => v is null ? double.NaN : double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            return Steward.Analytics.Bias.BiasColumn.FromNumbers(name, numbers, integral && !missing);
        }

        return boolean && !missing
            ? Steward.Analytics.Bias.BiasColumn.FromBooleans(name, [.. values.Select(v => bool.Parse(v!.Trim()))])
            : Steward.Analytics.Bias.BiasColumn.FromText(name, [.. values]);
    }

    /// <summary>The named columns as row-major floats; a missing or non-numeric value names its column and row.</summary>
    public float[] Floats(IReadOnlyList<string> names)
    {
        var rows = new float[RowCount * names.Count];
        for (var c = 0; c < names.Count; c++)
        {
            var values = columns[names[c]];
            for (var r = 0; r < RowCount; r++)
            {
                var text = values[r] ?? throw new AnalyticsInputException(names[c], $"missing value in {Path}", r + 1);
                if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
                {
                    throw new AnalyticsInputException(names[c], $"'{text}' in {Path} is not a finite number; SHAP needs numeric features", r + 1);
                }

                rows[(r * names.Count) + c] = value;
            }
        }

        return rows;
    }
}
