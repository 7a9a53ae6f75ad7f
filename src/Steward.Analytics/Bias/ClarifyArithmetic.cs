namespace Steward.Analytics.Bias;

/// <summary>smclarify's division and difference conventions (Model Monitor NOTES §0).</summary>
internal static class ClarifyArithmetic
{
    /// <summary><c>divide(a, b)</c>: 0/0 → 0; a/0 → +∞ when a ≥ 0, −∞ otherwise; else a/b.</summary>
    public static double Divide(double a, double b)
    {
        if (b == 0)
        {
            return a == 0 ? 0.0 : a < 0 ? double.NegativeInfinity : double.PositiveInfinity;
        }

        return a / b;
    }

    /// <summary><c>left − right</c>, except that two +∞ ratios give 0 (smclarify's guard after every ratio difference).</summary>
    public static double Difference(double left, double right) =>
        left == right && double.IsPositiveInfinity(left) ? 0.0 : left - right;
}
