namespace Steward.Analytics.Bias;

/// <summary>
/// The confusion counts of both facets: for facet <c>a</c> (rows not in the sensitive group) and facet <c>d</c>
/// (rows in the sensitive group), the true/false positives/negatives of predicted against observed labels.
/// Every count-based bias metric is a function of these eight numbers, so one pass over the rows serves them all,
/// and counts from chunks of a data set add up (<see cref="op_Addition"/>).
/// </summary>
/// <remarks>
/// For pre-training use (no predictions) count with <see cref="Count(ReadOnlySpan{bool}, ReadOnlySpan{bool})"/>:
/// the observed label stands in for the prediction, so <c>TP + FN</c> is the number of positives and
/// <c>FP + TN</c> the number of negatives. Reference: smclarify <c>common.calc_confusion_matrix_quadrants</c>.
/// </remarks>
/// <param name="TruePositivesA">Facet a: observed positive, predicted positive.</param>
/// <param name="FalsePositivesA">Facet a: observed negative, predicted positive.</param>
/// <param name="FalseNegativesA">Facet a: observed positive, predicted negative.</param>
/// <param name="TrueNegativesA">Facet a: observed negative, predicted negative.</param>
/// <param name="TruePositivesD">Facet d: observed positive, predicted positive.</param>
/// <param name="FalsePositivesD">Facet d: observed negative, predicted positive.</param>
/// <param name="FalseNegativesD">Facet d: observed positive, predicted negative.</param>
/// <param name="TrueNegativesD">Facet d: observed negative, predicted negative.</param>
public readonly record struct FacetCounts(
    long TruePositivesA,
    long FalsePositivesA,
    long FalseNegativesA,
    long TrueNegativesA,
    long TruePositivesD,
    long FalsePositivesD,
    long FalseNegativesD,
    long TrueNegativesD)
{
    /// <summary>n_a, the size of facet a (rows outside the sensitive group).</summary>
    public long CountA => TruePositivesA + FalsePositivesA + FalseNegativesA + TrueNegativesA;

    /// <summary>n_d, the size of facet d (the sensitive group).</summary>
    public long CountD => TruePositivesD + FalsePositivesD + FalseNegativesD + TrueNegativesD;

    /// <summary>n = n_a + n_d.</summary>
    public long Total => CountA + CountD;

    /// <summary>n_a^(1): observed positives in facet a (TP_a + FN_a).</summary>
    public long PositivesA => TruePositivesA + FalseNegativesA;

    /// <summary>n_d^(1): observed positives in facet d (TP_d + FN_d).</summary>
    public long PositivesD => TruePositivesD + FalseNegativesD;

    /// <summary>n'_a^(1): predicted positives in facet a (TP_a + FP_a).</summary>
    public long PredictedPositivesA => TruePositivesA + FalsePositivesA;

    /// <summary>n'_d^(1): predicted positives in facet d (TP_d + FP_d).</summary>
    public long PredictedPositivesD => TruePositivesD + FalsePositivesD;

    /// <summary>Counts observed labels only (pre-training): the label doubles as the prediction.</summary>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <param name="positiveLabel">Per row, <see langword="true"/> when the observed label is positive.</param>
    /// <returns>The counts; <c>FP</c> and <c>FN</c> are zero.</returns>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static FacetCounts Count(ReadOnlySpan<bool> sensitiveFacet, ReadOnlySpan<bool> positiveLabel) =>
        Count(sensitiveFacet, positiveLabel, positiveLabel);

    /// <summary>Counts the confusion quadrants of each facet in one pass.</summary>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <param name="positiveLabel">Per row, <see langword="true"/> when the observed label is positive.</param>
    /// <param name="positivePrediction">Per row, <see langword="true"/> when the predicted label is positive.</param>
    /// <returns>The eight counts.</returns>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static FacetCounts Count(
        ReadOnlySpan<bool> sensitiveFacet,
        ReadOnlySpan<bool> positiveLabel,
        ReadOnlySpan<bool> positivePrediction)
    {
        if (positiveLabel.Length != sensitiveFacet.Length || positivePrediction.Length != sensitiveFacet.Length)
        {
            throw new ArgumentException("The facet, label and prediction columns must have the same length.");
        }

        // cell = 4·d + 2·label + prediction; eight counters, no branches per row.
        Span<long> cells = stackalloc long[8];
        cells.Clear();
        for (var i = 0; i < sensitiveFacet.Length; i++)
        {
            var cell = (sensitiveFacet[i] ? 4 : 0) | (positiveLabel[i] ? 2 : 0) | (positivePrediction[i] ? 1 : 0);
            cells[cell]++;
        }

        return new FacetCounts(
            TruePositivesA: cells[3], FalsePositivesA: cells[1], FalseNegativesA: cells[2], TrueNegativesA: cells[0],
            TruePositivesD: cells[7], FalsePositivesD: cells[5], FalseNegativesD: cells[6], TrueNegativesD: cells[4]);
    }

    /// <summary>Adds the counts of two disjoint chunks of rows.</summary>
    /// <param name="left">Counts of the first chunk.</param>
    /// <param name="right">Counts of the second chunk.</param>
    /// <returns>The counts of both chunks together.</returns>
    public static FacetCounts operator +(FacetCounts left, FacetCounts right) => new(
        left.TruePositivesA + right.TruePositivesA,
        left.FalsePositivesA + right.FalsePositivesA,
        left.FalseNegativesA + right.FalseNegativesA,
        left.TrueNegativesA + right.TrueNegativesA,
        left.TruePositivesD + right.TruePositivesD,
        left.FalsePositivesD + right.FalsePositivesD,
        left.FalseNegativesD + right.FalseNegativesD,
        left.TrueNegativesD + right.TrueNegativesD);

    /// <summary>Adds the counts of two disjoint chunks of rows (named alternative to the operator).</summary>
    /// <param name="left">Counts of the first chunk.</param>
    /// <param name="right">Counts of the second chunk.</param>
    /// <returns>The counts of both chunks together.</returns>
    public static FacetCounts Add(FacetCounts left, FacetCounts right) => left + right;
}
