namespace Steward.Analytics.Bias;

/// <summary>
/// Pre-training bias metrics: computed from the facet membership and the observed labels, before any model exists.
/// Facet d is the sensitive group (<c>sensitiveFacet[i] == true</c>), facet a everyone else.
/// Every method reproduces smclarify 0.5 exactly, including its error messages (thrown as
/// <see cref="BiasMetricException"/>) and the quirks listed in Model Monitor NOTES §1.
/// </summary>
/// <remarks>
/// Reference: aws/amazon-sagemaker-clarify <c>src/smclarify/bias/metrics/pretraining.py</c> and <c>common.py</c>;
/// AWS documentation "Pre-training Bias Metrics".
/// </remarks>
public static class PreTrainingBias
{
    private const string NoCommonLabel = "No instance of common facet found, dataset may be too small";

    /// <summary>Class Imbalance: CI = (n_a − n_d) / (n_a + n_d), in [−1, 1].</summary>
    /// <param name="counts">Facet counts (only the facet sizes are used).</param>
    /// <returns>CI.</returns>
    /// <exception cref="BiasMetricException">Either facet is empty (smclarify's <c>"CI: negated facet set is empty. ..."</c> / <c>"CI: facet set is empty. ..."</c>).</exception>
    public static double ClassImbalance(in FacetCounts counts)
    {
        long na = counts.CountA, nd = counts.CountD;
        if (na == 0)
        {
            throw new BiasMetricException("CI: negated facet set is empty. Check that x[~facet] has non-zero length.");
        }

        if (nd == 0)
        {
            throw new BiasMetricException("CI: facet set is empty. Check that x[facet] has non-zero length.");
        }

        return (double)(na - nd) / (na + nd);
    }

    /// <summary>Class Imbalance from the facet column: CI = (n_a − n_d) / (n_a + n_d).</summary>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <returns>CI.</returns>
    /// <exception cref="BiasMetricException">Either facet is empty.</exception>
    public static double ClassImbalance(ReadOnlySpan<bool> sensitiveFacet) =>
        ClassImbalance(FacetCounts.Count(sensitiveFacet, sensitiveFacet));

    /// <summary>
    /// Difference in Positive Proportions in Labels: DPL = q_a − q_d with q = n^(1) / n per facet, in [−1, 1].
    /// </summary>
    /// <param name="counts">Facet counts of observed labels (see <see cref="FacetCounts.Count(ReadOnlySpan{bool}, ReadOnlySpan{bool})"/>).</param>
    /// <returns>DPL.</returns>
    /// <exception cref="BiasMetricException"><c>"Negative facet set is empty."</c> / <c>"Facet set is empty."</c></exception>
    public static double DifferenceInPositiveProportionsInLabels(in FacetCounts counts) =>
        PositiveProportionDifference(counts.CountA, counts.PositivesA, counts.CountD, counts.PositivesD);

    /// <summary>DPL = n_a^(1)/n_a − n_d^(1)/n_d from the facet and label columns.</summary>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <param name="positiveLabel">Per row, <see langword="true"/> when the observed label is positive.</param>
    /// <returns>DPL.</returns>
    /// <exception cref="BiasMetricException">Either facet is empty.</exception>
    public static double DifferenceInPositiveProportionsInLabels(ReadOnlySpan<bool> sensitiveFacet, ReadOnlySpan<bool> positiveLabel) =>
        DifferenceInPositiveProportionsInLabels(FacetCounts.Count(sensitiveFacet, positiveLabel));

    /// <summary>
    /// Kullback-Leibler divergence KL(P_a‖P_d) = Σ_y P_a(y)·ln(P_a(y)/P_d(y)) (nats) of the label distributions of the
    /// two facets. As in smclarify, the sum runs only over label values present in both facets and the
    /// probabilities are not renormalised, so the result can be negative.
    /// </summary>
    /// <param name="labelCodes">Per row, the label as a non-negative category code (codes ordered like the values).</param>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <returns>KL.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets (<c>"No instance of common facet found, dataset may be too small"</c>).</exception>
    public static double KullbackLeibler(ReadOnlySpan<int> labelCodes, ReadOnlySpan<bool> sensitiveFacet) =>
        WithHistograms(labelCodes, sensitiveFacet, static (a, d) => KullbackLeiblerFromCounts(a, d));

    /// <summary>KL divergence of a binary label (see <see cref="KullbackLeibler(ReadOnlySpan{int}, ReadOnlySpan{bool})"/>); Clarify's report passes the positive-label index here.</summary>
    /// <param name="label">Per row, the boolean label.</param>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <returns>KL.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double KullbackLeibler(ReadOnlySpan<bool> label, ReadOnlySpan<bool> sensitiveFacet) =>
        WithHistograms(label, sensitiveFacet, static (a, d) => KullbackLeiblerFromCounts(a, d));

    /// <summary>KL(P_a‖P_d) = Σ_y P_a(y)·ln(P_a(y)/P_d(y)) from per-facet label histograms (mergeable form).</summary>
    /// <param name="countsA">Label-value counts in facet a, indexed by label code.</param>
    /// <param name="countsD">Label-value counts in facet d, same indexing.</param>
    /// <returns>KL over the label values with a non-zero count in both facets.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double KullbackLeiblerFromCounts(ReadOnlySpan<long> countsA, ReadOnlySpan<long> countsD)
    {
        var (na, nd) = Totals(countsA, countsD);
        double sum = 0;
        var common = 0;
        for (var y = 0; y < Math.Min(countsA.Length, countsD.Length); y++)
        {
            if (countsA[y] > 0 && countsD[y] > 0)
            {
                double pa = (double)countsA[y] / na, pd = (double)countsD[y] / nd;
                sum += pa * Math.Log(pa / pd);
                common++;
            }
        }

        return common == 0 ? throw new BiasMetricException(NoCommonLabel) : sum;
    }

    /// <summary>
    /// Jensen-Shannon divergence JS = ½[KL(P_a‖P) + KL(P_d‖P)] with P = ½(P_a + P_d), over the label values
    /// present in both facets (smclarify's alignment; natural log, so JS ∈ [0, ln 2)).
    /// </summary>
    /// <param name="labelCodes">Per row, the label as a non-negative category code.</param>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <returns>JS.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double JensenShannon(ReadOnlySpan<int> labelCodes, ReadOnlySpan<bool> sensitiveFacet) =>
        WithHistograms(labelCodes, sensitiveFacet, static (a, d) => JensenShannonFromCounts(a, d));

    /// <summary>JS of a binary label (see <see cref="JensenShannon(ReadOnlySpan{int}, ReadOnlySpan{bool})"/>).</summary>
    /// <param name="label">Per row, the boolean label.</param>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <returns>JS.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double JensenShannon(ReadOnlySpan<bool> label, ReadOnlySpan<bool> sensitiveFacet) =>
        WithHistograms(label, sensitiveFacet, static (a, d) => JensenShannonFromCounts(a, d));

    /// <summary>JS = ½[Σ P_a ln(P_a/P) + Σ P_d ln(P_d/P)], P = ½(P_a + P_d), from per-facet label histograms.</summary>
    /// <param name="countsA">Label-value counts in facet a, indexed by label code.</param>
    /// <param name="countsD">Label-value counts in facet d, same indexing.</param>
    /// <returns>JS over the label values with a non-zero count in both facets.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double JensenShannonFromCounts(ReadOnlySpan<long> countsA, ReadOnlySpan<long> countsD)
    {
        var (na, nd) = Totals(countsA, countsD);
        double sumA = 0, sumD = 0;
        var common = 0;
        for (var y = 0; y < Math.Min(countsA.Length, countsD.Length); y++)
        {
            if (countsA[y] > 0 && countsD[y] > 0)
            {
                double pa = (double)countsA[y] / na, pd = (double)countsD[y] / nd, p = 0.5 * (pa + pd);
                sumA += pa * Math.Log(pa / p);
                sumD += pd * Math.Log(pd / p);
                common++;
            }
        }

        return common == 0 ? throw new BiasMetricException(NoCommonLabel) : 0.5 * (sumA + sumD);
    }

    /// <summary>
    /// L-p norm with p = 2: LP = (Σ_y |P_a(y) − P_d(y)|²)^½ over the label values present in both facets,
    /// in [0, √2). smclarify (and the vectors) use proportions, not the counts of the AWS prose.
    /// </summary>
    /// <param name="labelCodes">Per row, the label as a non-negative category code.</param>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <returns>LP.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double LpNorm(ReadOnlySpan<int> labelCodes, ReadOnlySpan<bool> sensitiveFacet) =>
        WithHistograms(labelCodes, sensitiveFacet, static (a, d) => LpNormFromCounts(a, d));

    /// <summary>LP of a binary label (see <see cref="LpNorm(ReadOnlySpan{int}, ReadOnlySpan{bool})"/>).</summary>
    /// <param name="label">Per row, the boolean label.</param>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <returns>LP.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double LpNorm(ReadOnlySpan<bool> label, ReadOnlySpan<bool> sensitiveFacet) =>
        WithHistograms(label, sensitiveFacet, static (a, d) => LpNormFromCounts(a, d));

    /// <summary>LP = (Σ_y (P_a(y) − P_d(y))²)^½ from per-facet label histograms.</summary>
    /// <param name="countsA">Label-value counts in facet a, indexed by label code.</param>
    /// <param name="countsD">Label-value counts in facet d, same indexing.</param>
    /// <returns>LP over the label values with a non-zero count in both facets.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double LpNormFromCounts(ReadOnlySpan<long> countsA, ReadOnlySpan<long> countsD) =>
        Math.Sqrt(DifferenceNorms(countsA, countsD).SumOfSquares);

    /// <summary>
    /// Total Variation Distance: TVD = ½ Σ_y |P_a(y) − P_d(y)| over the label values present in both facets, in [0, 1).
    /// </summary>
    /// <param name="labelCodes">Per row, the label as a non-negative category code.</param>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <returns>TVD.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double TotalVariationDistance(ReadOnlySpan<int> labelCodes, ReadOnlySpan<bool> sensitiveFacet) =>
        WithHistograms(labelCodes, sensitiveFacet, static (a, d) => TotalVariationDistanceFromCounts(a, d));

    /// <summary>TVD of a binary label (see <see cref="TotalVariationDistance(ReadOnlySpan{int}, ReadOnlySpan{bool})"/>).</summary>
    /// <param name="label">Per row, the boolean label.</param>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <returns>TVD.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double TotalVariationDistance(ReadOnlySpan<bool> label, ReadOnlySpan<bool> sensitiveFacet) =>
        WithHistograms(label, sensitiveFacet, static (a, d) => TotalVariationDistanceFromCounts(a, d));

    /// <summary>TVD = ½ Σ_y |P_a(y) − P_d(y)| from per-facet label histograms.</summary>
    /// <param name="countsA">Label-value counts in facet a, indexed by label code.</param>
    /// <param name="countsD">Label-value counts in facet d, same indexing.</param>
    /// <returns>TVD over the label values with a non-zero count in both facets.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double TotalVariationDistanceFromCounts(ReadOnlySpan<long> countsA, ReadOnlySpan<long> countsD) =>
        0.5 * DifferenceNorms(countsA, countsD).SumOfAbsolutes;

    /// <summary>
    /// Kolmogorov-Smirnov distance as Clarify defines it: KS = max_y |P_a(y) − P_d(y)| over the label values present
    /// in both facets (a difference of label probabilities, not of CDFs), in [0, 1].
    /// </summary>
    /// <param name="labelCodes">Per row, the label as a non-negative category code.</param>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <returns>KS.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double KolmogorovSmirnov(ReadOnlySpan<int> labelCodes, ReadOnlySpan<bool> sensitiveFacet) =>
        WithHistograms(labelCodes, sensitiveFacet, static (a, d) => KolmogorovSmirnovFromCounts(a, d));

    /// <summary>KS of a binary label (see <see cref="KolmogorovSmirnov(ReadOnlySpan{int}, ReadOnlySpan{bool})"/>).</summary>
    /// <param name="label">Per row, the boolean label.</param>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <returns>KS.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double KolmogorovSmirnov(ReadOnlySpan<bool> label, ReadOnlySpan<bool> sensitiveFacet) =>
        WithHistograms(label, sensitiveFacet, static (a, d) => KolmogorovSmirnovFromCounts(a, d));

    /// <summary>KS = max_y |P_a(y) − P_d(y)| from per-facet label histograms.</summary>
    /// <param name="countsA">Label-value counts in facet a, indexed by label code.</param>
    /// <param name="countsD">Label-value counts in facet d, same indexing.</param>
    /// <returns>KS over the label values with a non-zero count in both facets.</returns>
    /// <exception cref="BiasMetricException">No label value occurs in both facets.</exception>
    public static double KolmogorovSmirnovFromCounts(ReadOnlySpan<long> countsA, ReadOnlySpan<long> countsD) =>
        DifferenceNorms(countsA, countsD).Maximum;

    /// <summary>
    /// Conditional Demographic Disparity in Labels: CDD = (1/n) Σ_i n_i·DD_i over the subgroups i of the group
    /// variable (sorted), DD_i = n_d,i^(0)/n_i^(0) − n_d,i^(1)/n_i^(1) (each ratio 0 when its denominator is 0),
    /// n_i = subgroup size. In [−1, 1].
    /// </summary>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <param name="positiveLabel">Per row, <see langword="true"/> when the observed label is positive.</param>
    /// <param name="groupCodes">Per row, the subgroup as a non-negative code (codes ordered like the values); empty when there is no group variable.</param>
    /// <returns>CDDL.</returns>
    /// <exception cref="BiasMetricException">
    /// <c>"Group variable is empty or not provided"</c>, <c>"No positive labels in set"</c>, <c>"No negative labels in set"</c>.
    /// </exception>
    public static double ConditionalDemographicDisparity(
        ReadOnlySpan<bool> sensitiveFacet,
        ReadOnlySpan<bool> positiveLabel,
        ReadOnlySpan<int> groupCodes) =>
        ConditionalDemographicDisparityCore(sensitiveFacet, positiveLabel, groupCodes);

    internal static double ConditionalDemographicDisparityCore(
        ReadOnlySpan<bool> sensitiveFacet,
        ReadOnlySpan<bool> outcome,
        ReadOnlySpan<int> groupCodes)
    {
        if (groupCodes.IsEmpty)
        {
            throw new BiasMetricException("Group variable is empty or not provided");
        }

        if (sensitiveFacet.Length != outcome.Length || groupCodes.Length != outcome.Length)
        {
            throw new ArgumentException("The facet, label and group columns must have the same length.");
        }

        long positives = 0;
        var groups = 0;
        foreach (var outcomeValue in outcome)
        {
            positives += outcomeValue ? 1 : 0;
        }

        foreach (var code in groupCodes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(code, nameof(groupCodes));
            groups = Math.Max(groups, code + 1);
        }

        if (positives == 0)
        {
            throw new BiasMetricException("No positive labels in set");
        }

        if (positives == outcome.Length)
        {
            throw new BiasMetricException("No negative labels in set");
        }

        // Per group: [size, positives, positives in d, negatives in d].
        var cells = groups * 4 <= 1024 ? stackalloc long[groups * 4] : new long[groups * 4];
        cells.Clear();
        for (var i = 0; i < groupCodes.Length; i++)
        {
            var g = groupCodes[i] * 4;
            cells[g]++;
            if (outcome[i])
            {
                cells[g + 1]++;
                cells[g + 2] += sensitiveFacet[i] ? 1 : 0;
            }
            else
            {
                cells[g + 3] += sensitiveFacet[i] ? 1 : 0;
            }
        }

        double weighted = 0;
        long total = 0;
        for (var g = 0; g < groups; g++)
        {
            long size = cells[g * 4], pos = cells[g * 4 + 1], posD = cells[g * 4 + 2], negD = cells[g * 4 + 3];
            if (size == 0)
            {
                continue; // a code with no rows is not a subgroup (np.unique only sees present values)
            }

            var neg = size - pos;
            var a = pos != 0 ? (double)posD / pos : 0;
            var d = neg != 0 ? (double)negD / neg : 0;
            weighted += size * (d - a);
            total += size;
        }

        return ClarifyArithmetic.Divide(weighted, total);
    }

    internal static double PositiveProportionDifference(long na, long naPositive, long nd, long ndPositive)
    {
        if (na == 0)
        {
            throw new BiasMetricException("Negative facet set is empty.");
        }

        if (nd == 0)
        {
            throw new BiasMetricException("Facet set is empty.");
        }

        return ((double)naPositive / na) - ((double)ndPositive / nd);
    }

    private delegate double HistogramMetric(ReadOnlySpan<long> countsA, ReadOnlySpan<long> countsD);

    private static double WithHistograms(ReadOnlySpan<int> labelCodes, ReadOnlySpan<bool> sensitiveFacet, HistogramMetric metric)
    {
        if (labelCodes.Length != sensitiveFacet.Length)
        {
            throw new ArgumentException("The label and facet columns must have the same length.");
        }

        var size = 0;
        foreach (var code in labelCodes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(code, nameof(labelCodes));
            size = Math.Max(size, code + 1);
        }

        var counts = size <= 256 ? stackalloc long[2 * size] : new long[2 * size];
        counts.Clear();
        Span<long> a = counts[..size], d = counts[size..];
        for (var i = 0; i < labelCodes.Length; i++)
        {
            (sensitiveFacet[i] ? d : a)[labelCodes[i]]++;
        }

        return metric(a, d);
    }

    private static double WithHistograms(ReadOnlySpan<bool> label, ReadOnlySpan<bool> sensitiveFacet, HistogramMetric metric)
    {
        var counts = FacetCounts.Count(sensitiveFacet, label);
        ReadOnlySpan<long> a = [counts.TrueNegativesA, counts.TruePositivesA];
        ReadOnlySpan<long> d = [counts.TrueNegativesD, counts.TruePositivesD];
        return metric(a, d);
    }

    private static (long CountA, long CountD) Totals(ReadOnlySpan<long> countsA, ReadOnlySpan<long> countsD)
    {
        long na = 0, nd = 0;
        foreach (var c in countsA)
        {
            na += c;
        }

        foreach (var c in countsD)
        {
            nd += c;
        }

        return (na, nd);
    }

    private static (double SumOfSquares, double SumOfAbsolutes, double Maximum) DifferenceNorms(
        ReadOnlySpan<long> countsA,
        ReadOnlySpan<long> countsD)
    {
        var (na, nd) = Totals(countsA, countsD);
        double squares = 0, absolutes = 0, maximum = 0;
        var common = 0;
        for (var y = 0; y < Math.Min(countsA.Length, countsD.Length); y++)
        {
            if (countsA[y] > 0 && countsD[y] > 0)
            {
                var diff = Math.Abs(((double)countsA[y] / na) - ((double)countsD[y] / nd));
                squares += diff * diff;
                absolutes += diff;
                maximum = Math.Max(maximum, diff);
                common++;
            }
        }

        return common == 0 ? throw new BiasMetricException(NoCommonLabel) : (squares, absolutes, maximum);
    }
}
