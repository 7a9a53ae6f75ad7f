namespace Steward.Analytics.Bias;

/// <summary>The positive-label index of a report, with what the typing decided about the label column.</summary>
internal sealed record LabelIndex(bool[] Index, string Display, BiasColumnType Type, double[]? Numbers, bool Integral, IReadOnlyList<string> Values);

/// <summary>
/// Clarify's boolean indexes: positive labels and predictions (<c>_positive_label_index</c>,
/// <c>_positive_predicted_index</c>), facet groups (<c>_do_report</c>) and group-variable codes.
/// </summary>
internal static class BiasIndexes
{
    public static LabelIndex PositiveLabels(BiasAnalysisOptions options)
    {
        var column = options.Label;
        var values = options.LabelValuesOrThreshold;
        if (values.Count == 0)
        {
            throw new AnalyticsInputException(column.Name, "Positive label values or thresholds are empty for Label column");
        }

        column.RequireComplete();
        var type = options.LabelIsThreshold ? BiasColumnType.Continuous : BiasColumnTyping.Infer(column, values.Count);
        if (type == BiasColumnType.Categorical)
        {
            return new LabelIndex(MatchValues(column, values), string.Join(',', values), type, null, false, values);
        }

        var (numbers, integral) = NumbersOf(column);
        var threshold = Threshold(column, values);
        var intervals = ThresholdIntervals.Create([threshold], numbers.Max(), integral);
        var index = new bool[numbers.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            index[i] = intervals.Contains(numbers[i]);
        }

        return new LabelIndex(index, intervals.ToString(), type, numbers, integral, values);
    }

    public static bool[] PositivePredictions(BiasAnalysisOptions options, LabelIndex label)
    {
        var column = options.PredictedLabel!;
        column.RequireComplete();
        var type = options.LabelIsThreshold ? BiasColumnType.Continuous : BiasColumnTyping.Infer(column, label.Values.Count);
        if (type != label.Type)
        {
            throw new AnalyticsInputException(
                column.Name,
                $"Predicted Label Column series datatype is not the same as Label Column series ({type} vs {label.Type})");
        }

        bool[] index;
        if (type == BiasColumnType.Categorical)
        {
            index = MatchValues(column, label.Values);
        }
        else
        {
            // pandas casts predictions to the label's dtype (int64 truncates) and takes the max over label ∪ prediction.
            var (numbers, _) = NumbersOf(column);
            if (label.Integral)
            {
                numbers = [.. numbers.Select(Math.Truncate)];
            }

            var max = Math.Max(label.Numbers!.Max(), numbers.Max());
            var intervals = ThresholdIntervals.Create([Threshold(column, label.Values)], max, label.Integral);
            index = [.. numbers.Select(intervals.Contains)];
        }

        if (!index.Contains(true))
        {
            throw new AnalyticsInputException(
                column.Name,
                "No Label values are present in the predicted Label Column,Positive Predicted Index Series contains all False values");
        }

        return index;
    }

    public static int[] GroupCodes(BiasColumn column)
    {
        column.RequireComplete();
        var codes = new int[column.Length];
        if (column.IsNumeric)
        {
            var numbers = column.Numbers;
            var sorted = numbers.ToArray().Distinct().Order().ToArray();
            for (var i = 0; i < codes.Length; i++)
            {
                codes[i] = Array.BinarySearch(sorted, numbers[i]);
            }
        }
        else
        {
            var text = column.Text;
            var sorted = text.ToArray().Distinct().Order(StringComparer.Ordinal).ToArray();
            for (var i = 0; i < codes.Length; i++)
            {
                codes[i] = Array.BinarySearch(sorted, text[i], StringComparer.Ordinal);
            }
        }

        return codes;
    }

    public static List<(string Display, Func<bool[]> Sensitive)> FacetGroups(BiasAnalysisOptions options)
    {
        var column = options.Facet;
        column.RequireComplete();
        var values = options.FacetValuesOrThreshold is { Count: > 0 } v ? v : null;
        var type = options.FacetIsThreshold ? BiasColumnType.Continuous : BiasColumnTyping.Infer(column, values?.Count ?? 0);
        if (type == BiasColumnType.Continuous)
        {
            if (values is null)
            {
                throw new AnalyticsInputException(
                    column.Name,
                    "Threshold values must be provided for continuous features (the column is numeric with many distinct values; give a facet threshold or facet values)");
            }

            var (numbers, integral) = NumbersOf(column);
            var intervals = ThresholdIntervals.Create([Threshold(column, values)], numbers.Max(), integral);
            return [(intervals.ToString(), () => [.. numbers.Select(intervals.Contains)])];
        }

        if (values is not null)
        {
            return [(string.Join(',', values), () => MatchValues(column, values))];
        }

        // One-vs-all, in order of first appearance.
        var groups = new List<(string, Func<bool[]>)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var row = 0; row < column.Length; row++)
        {
            var display = column.Display(row);
            if (seen.Add(display))
            {
                var first = row;
                groups.Add((display, () => SameAs(column, first)));
            }
        }

        return groups;
    }

    private static bool[] SameAs(BiasColumn column, int row)
    {
        var index = new bool[column.Length];
        if (column.IsNumeric)
        {
            var numbers = column.Numbers;
            var value = numbers[row];
            for (var i = 0; i < index.Length; i++)
            {
                index[i] = numbers[i] == value;
            }
        }
        else
        {
            var text = column.Text;
            var value = text[row];
            for (var i = 0; i < index.Length; i++)
            {
                index[i] = string.Equals(text[i], value, StringComparison.Ordinal);
            }
        }

        return index;
    }

    /// <summary>
    /// pandas <c>col == v₁ | col == v₂ …</c> with smclarify's fallback of converting the values to the column's type:
    /// numbers compare numerically, booleans accept true/false/1/0, text compares ordinally.
    /// </summary>
    private static bool[] MatchValues(BiasColumn column, IReadOnlyList<string> values)
    {
        var index = new bool[column.Length];
        if (column.IsNumeric)
        {
            var wanted = new HashSet<double>();
            foreach (var token in values)
            {
                if (column.Kind == BiasColumnKind.Boolean && bool.TryParse(token.Trim(), out var b))
                {
                    wanted.Add(b ? 1 : 0);
                }
                else if (BiasColumnTyping.TryParseNumber(token, out var number, out _))
                {
                    wanted.Add(number);
                }
            }

            var numbers = column.Numbers;
            for (var i = 0; i < index.Length; i++)
            {
                index[i] = wanted.Contains(numbers[i]);
            }
        }
        else
        {
            var wanted = values.ToHashSet(StringComparer.Ordinal);
            var text = column.Text;
            for (var i = 0; i < index.Length; i++)
            {
                index[i] = wanted.Contains(text[i]!);
            }
        }

        return index;
    }

    private static (double[] Numbers, bool Integral) NumbersOf(BiasColumn column)
    {
        if (column.IsNumeric)
        {
            return (column.Numbers.ToArray(), column.Kind is BiasColumnKind.Integral or BiasColumnKind.Boolean);
        }

        // pd.to_numeric: integers when every value is one, else floats; anything else cannot take a threshold.
        if (BiasColumnTyping.TryParseIntegers(column, out var integers))
        {
            return (integers, true);
        }

        var text = column.Text;
        var numbers = new double[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (!BiasColumnTyping.TryParseNumber(text[i]!, out numbers[i], out _))
            {
                throw new AnalyticsInputException(column.Name, $"value '{text[i]}' is not a number, so the column cannot take a threshold", i + 1);
            }
        }

        return (numbers, false);
    }

    private static (double Value, bool Integral) Threshold(BiasColumn column, IReadOnlyList<string> values)
    {
        if (values.Count != 1)
        {
            throw new AnalyticsInputException(column.Name, $"a threshold is one number, got {values.Count} values");
        }

        return BiasColumnTyping.TryParseNumber(values[0], out var value, out var integral)
            ? (value, integral)
            : throw new AnalyticsInputException(
                column.Name,
                $"Facet/label value provided must be a single numeric threshold for continuous data (got '{values[0]}')");
    }
}
