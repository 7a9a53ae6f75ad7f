namespace Steward.Analytics.Bias;

/// <summary>How a column's values are stored, as pandas would hold them after reading a data set.</summary>
public enum BiasColumnKind
{
    /// <summary>Whole numbers (pandas <c>int64</c>); <see cref="double.NaN"/> is not allowed.</summary>
    Integral,

    /// <summary>Real numbers (pandas <c>float64</c>).</summary>
    Fractional,

    /// <summary>Booleans (pandas <c>bool</c>), stored as 0 and 1.</summary>
    Boolean,

    /// <summary>Strings (pandas <c>object</c>).</summary>
    Text,
}

/// <summary>
/// One named column handed to <see cref="BiasAnalysis"/>: numbers, booleans or strings. The kind drives Clarify's
/// column typing (CATEGORICAL or CONTINUOUS, see <see cref="BiasColumnTyping"/>). Missing values are not accepted:
/// <see cref="double.NaN"/>, infinities and <see langword="null"/> strings are rejected with an
/// <see cref="AnalyticsInputException"/> naming the column and row when the column is used.
/// </summary>
public sealed class BiasColumn
{
    private readonly double[]? numbers;
    private readonly string?[]? text;

    private BiasColumn(string name, BiasColumnKind kind, double[]? numbers, string?[]? text)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Kind = kind;
        this.numbers = numbers;
        this.text = text;
    }

    /// <summary>The column name (header).</summary>
    public string Name { get; }

    /// <summary>How the values are stored.</summary>
    public BiasColumnKind Kind { get; }

    /// <summary>Number of rows.</summary>
    public int Length => numbers?.Length ?? text!.Length;

    /// <summary><see langword="true"/> for <see cref="BiasColumnKind.Integral"/>, <see cref="BiasColumnKind.Fractional"/> and <see cref="BiasColumnKind.Boolean"/>.</summary>
    public bool IsNumeric => numbers is not null;

    /// <summary>The values of a numeric or boolean column (booleans as 0/1).</summary>
    /// <exception cref="InvalidOperationException">The column holds text.</exception>
    public ReadOnlySpan<double> Numbers =>
        numbers ?? throw new InvalidOperationException($"Column '{Name}' holds text, not numbers.");

    /// <summary>The values of a text column.</summary>
    /// <exception cref="InvalidOperationException">The column holds numbers.</exception>
    public ReadOnlySpan<string?> Text =>
        text ?? throw new InvalidOperationException($"Column '{Name}' holds numbers, not text.");

    /// <summary>A numeric column; <paramref name="integral"/> marks whole numbers (pandas <c>int64</c>).</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">The values (the array is kept, not copied).</param>
    /// <param name="integral">Whether every value is a whole number stored as an integer type.</param>
    /// <returns>The column.</returns>
    public static BiasColumn FromNumbers(string name, double[] values, bool integral)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new BiasColumn(name, integral ? BiasColumnKind.Integral : BiasColumnKind.Fractional, values, null);
    }

    /// <summary>A boolean column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">The values.</param>
    /// <returns>The column.</returns>
    public static BiasColumn FromBooleans(string name, ReadOnlySpan<bool> values)
    {
        var numbers = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            numbers[i] = values[i] ? 1 : 0;
        }

        return new BiasColumn(name, BiasColumnKind.Boolean, numbers, null);
    }

    /// <summary>A text column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="values">The values (the array is kept, not copied); <see langword="null"/> marks a missing value.</param>
    /// <returns>The column.</returns>
    public static BiasColumn FromText(string name, string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new BiasColumn(name, BiasColumnKind.Text, null, values);
    }

    /// <summary>Throws when a value is missing or not finite (NaN, ±∞).</summary>
    /// <exception cref="AnalyticsInputException">The first bad value, with its 1-based row.</exception>
    internal void RequireComplete()
    {
        if (numbers is not null)
        {
            for (var i = 0; i < numbers.Length; i++)
            {
                if (!double.IsFinite(numbers[i]))
                {
                    throw new AnalyticsInputException(
                        Name, double.IsNaN(numbers[i]) ? "missing or NaN value" : "infinite value", i + 1);
                }
            }

            return;
        }

        for (var i = 0; i < text!.Length; i++)
        {
            if (text[i] is null)
            {
                throw new AnalyticsInputException(Name, "missing value", i + 1);
            }
        }
    }

    /// <summary>The value as Python's <c>str()</c> prints it (for <c>value_or_threshold</c> strings).</summary>
    internal string Display(int row) => Kind switch
    {
        BiasColumnKind.Integral => ClarifyFormat.Integer(numbers![row]),
        BiasColumnKind.Fractional => ClarifyFormat.Float(numbers![row]),
        BiasColumnKind.Boolean => numbers![row] != 0 ? "True" : "False",
        BiasColumnKind.Text => text![row]!,
        _ => throw new InvalidOperationException(),
    };
}
