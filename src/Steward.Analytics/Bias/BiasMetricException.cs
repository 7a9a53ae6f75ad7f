namespace Steward.Analytics.Bias;

/// <summary>
/// A bias metric is undefined for the given data (an empty facet, no common label value, no group variable, ...).
/// The message is the exact text smclarify raises, so reports can carry it as the metric's <c>error</c>.
/// </summary>
/// <remarks>Reference: the <c>ValueError</c> messages of smclarify 0.5, listed in Model Monitor NOTES §0.</remarks>
public sealed class BiasMetricException : Exception
{
    /// <summary>Creates the exception with the upstream message.</summary>
    /// <param name="message">The exact upstream error text.</param>
    public BiasMetricException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an empty message (serialization and tooling only).</summary>
    public BiasMetricException()
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BiasMetricException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
