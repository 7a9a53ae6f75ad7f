namespace Steward.Analytics.Bias;

/// <summary>
/// The intervals Clarify builds from a threshold (smclarify <c>report._interval_index</c>): breaks =
/// sorted(thresholds + [max]), the max added unless |max| is already a threshold; intervals are left-open and
/// right-closed, so one threshold t selects (t, max]. A value belongs to the group when any interval contains it.
/// </summary>
internal sealed class ThresholdIntervals
{
    private readonly double[] breaks;
    private readonly bool integral;

    private ThresholdIntervals(double[] breaks, bool integral)
    {
        this.breaks = breaks;
        this.integral = integral;
    }

    public static ThresholdIntervals Create(IReadOnlyList<(double Value, bool Integral)> thresholds, double max, bool maxIntegral)
    {
        var list = thresholds.Select(t => t.Value).ToList();
        var allIntegral = thresholds.All(t => t.Integral);
        if (!list.Contains(Math.Abs(max)))
        {
            list.Add(max);
            allIntegral &= maxIntegral;
        }

        list.Sort();
        return new ThresholdIntervals([.. list], allIntegral);
    }

    /// <summary>Whether (b₀, b₁] ∪ … ∪ (b_{k−1}, b_k] contains the value; that union is (b₀, b_k].</summary>
    public bool Contains(double value) => breaks.Length >= 2 && value > breaks[0] && value <= breaks[^1];

    /// <summary>The intervals as pandas prints them, comma-joined: <c>"(2, 4]"</c>.</summary>
    public override string ToString()
    {
        var parts = new string[Math.Max(0, breaks.Length - 1)];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = $"({Format(breaks[i])}, {Format(breaks[i + 1])}]";
        }

        return string.Join(',', parts);
    }

    private string Format(double value) => integral ? ClarifyFormat.Integer(value) : ClarifyFormat.Float(value);
}
