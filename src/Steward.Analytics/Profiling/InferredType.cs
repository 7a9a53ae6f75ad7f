namespace Steward.Analytics.Profiling;

/// <summary>
/// Column type as SageMaker Model Monitor infers it (Deequ <c>DataType</c> analyzer): a column with no
/// non-null value is <see cref="Unknown"/>; any value that is not a number (or booleans mixed with numbers)
/// makes it <see cref="String"/>; otherwise any fractional value makes it <see cref="Fractional"/>, else
/// <see cref="Integral"/>. A column of only <c>true</c>/<c>false</c> is reported as <see cref="String"/>
/// (Model Monitor has no Boolean type; Steward's documented choice).
/// </summary>
public enum InferredType
{
    /// <summary>Only whole numbers (regex <c>^(-|\+)? ?\d+$</c>).</summary>
    Integral,

    /// <summary>Numbers, at least one with a fraction or exponent.</summary>
    Fractional,

    /// <summary>At least one non-numeric value.</summary>
    String,

    /// <summary>No non-null value at all.</summary>
    Unknown,
}

/// <summary>Class of a single textual value under Deequ's type-inference regular expressions.</summary>
public enum ValueClass
{
    /// <summary>Matches <c>^(-|\+)? ?\d+$</c>.</summary>
    Integral,

    /// <summary>Matches <c>^(-|\+)? ?\d+((\.\d+)|((?:\.\d+)?[Ee][-+]?\d+))$</c>.</summary>
    Fractional,

    /// <summary>Exactly <c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>Anything else.</summary>
    String,
}
