using System.Globalization;

namespace Steward.Analytics.Bias;

/// <summary>Clarify's two column data types (smclarify <c>common.DataType</c>).</summary>
public enum BiasColumnType
{
    /// <summary>Values are categories: facets and labels are selected by value.</summary>
    Categorical,

    /// <summary>Values are numbers: a single threshold t selects the interval (t, max].</summary>
    Continuous,
}

/// <summary>
/// Clarify's report-level column typing (smclarify <c>common.series_datatype</c>), reproduced rule for rule, since it
/// decides whether a single facet/label value is a category or a threshold.
/// </summary>
/// <remarks>
/// Rules, with uniqueness = distinct values / non-missing values and threshold <see cref="UniquenessThreshold"/>:
/// more than one value given → CATEGORICAL; text → CONTINUOUS when every value parses as an integer and uniqueness ≥ 5 %,
/// else CATEGORICAL; floats → CONTINUOUS; integers → CONTINUOUS when uniqueness ≥ 5 %, else CATEGORICAL; booleans →
/// CATEGORICAL. The trap (NOTES §0): an integer 0/1 label on a small data set has uniqueness ≥ 5 %, so it is CONTINUOUS
/// and the label value <c>0</c> means "label &gt; 0".
/// </remarks>
public static class BiasColumnTyping
{
    /// <summary>smclarify <c>UNIQUENESS_THRESHOLD</c> = 0.05.</summary>
    public const double UniquenessThreshold = 0.05;

    /// <summary>Infers the Clarify data type of a column given the facet/label values the user supplied.</summary>
    /// <param name="column">The column.</param>
    /// <param name="valueCount">How many values (or thresholds) were given for it; more than one forces CATEGORICAL.</param>
    /// <returns>The data type.</returns>
    public static BiasColumnType Infer(BiasColumn column, int valueCount)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (valueCount > 1)
        {
            return BiasColumnType.Categorical;
        }

        var uniqueEnough = Uniqueness(column) >= UniquenessThreshold;
        return column.Kind switch
        {
            BiasColumnKind.Fractional => BiasColumnType.Continuous,
            BiasColumnKind.Integral => uniqueEnough ? BiasColumnType.Continuous : BiasColumnType.Categorical,
            BiasColumnKind.Text => uniqueEnough && TryParseIntegers(column, out _) ? BiasColumnType.Continuous : BiasColumnType.Categorical,
            BiasColumnKind.Boolean => BiasColumnType.Categorical,
            _ => throw new ArgumentOutOfRangeException(nameof(column)),
        };
    }

    /// <summary>Distinct values divided by non-missing values (pandas <c>nunique() / count()</c>; 0/0 → 0).</summary>
    /// <param name="column">The column.</param>
    /// <returns>The uniqueness fraction in [0, 1].</returns>
    public static double Uniqueness(BiasColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        int count = 0, distinct;
        if (column.IsNumeric)
        {
            var seen = new HashSet<double>();
            foreach (var v in column.Numbers)
            {
                if (!double.IsNaN(v))
                {
                    count++;
                    seen.Add(v);
                }
            }

            distinct = seen.Count;
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var v in column.Text)
            {
                if (v is not null)
                {
                    count++;
                    seen.Add(v);
                }
            }

            distinct = seen.Count;
        }

        return count == 0 ? 0 : (double)distinct / count;
    }

    /// <summary>Parses every value of a text column as an integer (numpy <c>astype("int64")</c>).</summary>
    internal static bool TryParseIntegers(BiasColumn column, out double[] values)
    {
        var text = column.Text;
        values = new double[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not { } s || !long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            {
                return false;
            }

            values[i] = v;
        }

        return true;
    }

    /// <summary>Parses a user-given value as a number (Python <c>float()</c> accepts the same invariant forms).</summary>
    internal static bool TryParseNumber(string token, out double value, out bool integral)
    {
        var t = token.Trim();
        if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            value = l;
            integral = true;
            return true;
        }

        integral = false;
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}
