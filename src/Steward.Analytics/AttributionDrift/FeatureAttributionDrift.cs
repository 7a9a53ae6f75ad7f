namespace Steward.Analytics.AttributionDrift;

/// <summary>
/// Feature attribution drift as SageMaker Model Monitor measures it: the Normalized Discounted Cumulative Gain of the
/// current global attributions' ranking, scored with the baseline attributions as relevance.
/// </summary>
/// <remarks>
/// <para>With F the features sorted by baseline attribution (descending), F′ sorted by current attribution and
/// a(f) the <em>baseline</em> attribution of f: DCG = Σ_(i=1..m) a(F′_i)/log₂(i + 1), iDCG = Σ_(i=1..m) a(F_i)/log₂(i + 1),
/// NDCG = DCG/iDCG ∈ [0, 1]. A label drifts when NDCG &lt; <see cref="DefaultThreshold"/> (0.90).</para>
/// <para>Ties in the current attributions follow scikit-learn's <c>ndcg_score</c> (the gains of tied features are
/// averaged over the positions they share); NOTES §4 verified the documented example against it. When every
/// baseline attribution is 0 (iDCG = 0), NDCG is 0, as in scikit-learn.</para>
/// <para>Reference: AWS documentation "Feature attribution drift for models in production"; Järvelin and Kekäläinen,
/// "Cumulated gain-based evaluation of IR techniques", ACM TOIS 2002; Model Monitor NOTES §4.</para>
/// </remarks>
public static class FeatureAttributionDrift
{
    /// <summary>Model Monitor's fixed threshold: NDCG below 0.90 is a violation.</summary>
    public const double DefaultThreshold = 0.90;

    /// <summary>NDCG of the current ranking with baseline attributions as gains.</summary>
    /// <param name="baseline">Baseline global attribution per feature.</param>
    /// <param name="current">Current global attribution per feature, same feature order.</param>
    /// <returns>NDCG in [0, 1] (for non-negative baseline attributions).</returns>
    /// <exception cref="ArgumentException">The spans differ in length or are empty.</exception>
    public static double Ndcg(ReadOnlySpan<double> baseline, ReadOnlySpan<double> current)
    {
        if (baseline.Length != current.Length || baseline.IsEmpty)
        {
            throw new ArgumentException("Baseline and current attributions must cover the same, non-empty set of features.");
        }

        var m = baseline.Length;
        var ideal = baseline.ToArray();
        Array.Sort(ideal, static (x, y) => y.CompareTo(x));
        double idcg = 0;
        for (var i = 0; i < m; i++)
        {
            idcg += ideal[i] / Math.Log2(i + 2);
        }

        var order = new int[m];
        for (var i = 0; i < m; i++)
        {
            order[i] = i;
        }

        var scores = current.ToArray();
        Array.Sort(order, (x, y) => scores[y].CompareTo(scores[x]));
        double dcg = 0;
        for (var start = 0; start < m;)
        {
            // A group of tied current scores shares its positions: mean gain × sum of their discounts.
            var end = start + 1;
            while (end < m && scores[order[end]] == scores[order[start]])
            {
                end++;
            }

            double gain = 0, discount = 0;
            for (var i = start; i < end; i++)
            {
                gain += baseline[order[i]];
                discount += 1 / Math.Log2(i + 2);
            }

            dcg += gain / (end - start) * discount;
            start = end;
        }

        return idcg == 0 ? 0 : dcg / idcg;
    }
}
