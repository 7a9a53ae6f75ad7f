namespace Steward.Analytics.Bias;

/// <summary>
/// Clarify's <c>bias_report</c>, reproduced: types the facet and label columns (<see cref="BiasColumnTyping"/>), turns
/// values or thresholds into boolean indexes, splits the facet into groups (the given values, a threshold interval, or
/// one-vs-all), and computes the requested metrics per group into a <see cref="BiasReport"/>. A metric that is
/// undefined for a group (an empty facet, ...) is reported with its upstream error text; input that cannot be
/// analysed without a wrong number (missing values, a threshold on text, ...) throws <see cref="AnalyticsInputException"/>.
/// </summary>
/// <remarks>Reference: smclarify <c>src/smclarify/bias/report.py</c> (<c>bias_report</c>, <c>_report</c>, <c>_do_report</c>); NOTES §0.</remarks>
public static class BiasAnalysis
{
    /// <summary>Runs the analysis.</summary>
    /// <param name="options">Columns, values/thresholds and metrics.</param>
    /// <returns>The report, with a pre-training and/or post-training section.</returns>
    /// <exception cref="AnalyticsInputException">The input cannot be analysed; the message names the column.</exception>
    public static BiasReport Run(BiasAnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (preMetrics, postMetrics) = SelectMetrics(options);
        var rows = options.Label.Length;
        foreach (var column in EnumerateColumns(options))
        {
            if (column.Length != rows)
            {
                throw new AnalyticsInputException(column.Name, $"has {column.Length} rows but the label column '{options.Label.Name}' has {rows}");
            }
        }

        var label = BiasIndexes.PositiveLabels(options);
        var predicted = postMetrics.Count > 0 ? BiasIndexes.PositivePredictions(options, label) : null;
        var groups = options.GroupVariable is { } g ? BiasIndexes.GroupCodes(g) : [];
        var flipFeatures = postMetrics.Contains(BiasMetric.FT) ? FlipFeatures.Create(options.OtherColumns, rows) : null;
        var facetGroups = BiasIndexes.FacetGroups(options);

        var pre = new List<BiasFacetReport>();
        var post = new List<BiasFacetReport>();
        foreach (var (display, sensitive) in facetGroups)
        {
            var facet = sensitive();
            var counts = FacetCounts.Count(facet, label.Index, predicted ?? label.Index);
            if (preMetrics.Count > 0)
            {
                pre.Add(new BiasFacetReport(display, [.. preMetrics.Select(m => Evaluate(m, counts, facet, label.Index, predicted, groups, flipFeatures))]));
            }

            if (postMetrics.Count > 0)
            {
                post.Add(new BiasFacetReport(display, [.. postMetrics.Select(m => Evaluate(m, counts, facet, label.Index, predicted, groups, flipFeatures))]));
            }
        }

        BiasStageReport Stage(List<BiasFacetReport> facets) => new(
            options.Label.Name,
            label.Display,
            new Dictionary<string, IReadOnlyList<BiasFacetReport>> { [options.Facet.Name] = facets });

        return new BiasReport(
            "1.0",
            preMetrics.Count > 0 ? Stage(pre) : null,
            postMetrics.Count > 0 ? Stage(post) : null);
    }

    private static (List<BiasMetric> Pre, List<BiasMetric> Post) SelectMetrics(BiasAnalysisOptions options)
    {
        if (options.Metrics is null)
        {
            return ([.. BiasMetricCatalog.PreTraining], options.PredictedLabel is null ? [] : [.. BiasMetricCatalog.PostTraining]);
        }

        var requested = options.Metrics.ToHashSet();
        var pre = BiasMetricCatalog.PreTraining.Where(requested.Contains).ToList();
        var post = BiasMetricCatalog.PostTraining.Where(requested.Contains).ToList();
        if (post.Count > 0 && options.PredictedLabel is null)
        {
            throw new AnalyticsInputException(
                "predicted label",
                $"post-training metrics ({string.Join(", ", post)}) need a predicted label column");
        }

        return (pre, post);
    }

    private static IEnumerable<BiasColumn> EnumerateColumns(BiasAnalysisOptions options)
    {
        yield return options.Facet;
        if (options.PredictedLabel is { } p)
        {
            yield return p;
        }

        if (options.GroupVariable is { } g)
        {
            yield return g;
        }

        foreach (var c in options.OtherColumns)
        {
            yield return c;
        }
    }

    private static BiasMetricResult Evaluate(
        BiasMetric metric,
        FacetCounts counts,
        bool[] facet,
        bool[] label,
        bool[]? predicted,
        int[] groups,
        FlipFeatures? flipFeatures)
    {
        var name = metric.ToString();
        var description = BiasMetricCatalog.DescriptionOf(metric);
        try
        {
            ReadOnlySpan<long> histogramA = [counts.CountA - counts.PositivesA, counts.PositivesA];
            ReadOnlySpan<long> histogramD = [counts.CountD - counts.PositivesD, counts.PositivesD];
            var value = metric switch
            {
                BiasMetric.CI => PreTrainingBias.ClassImbalance(counts),
                BiasMetric.DPL => PreTrainingBias.DifferenceInPositiveProportionsInLabels(counts),
                BiasMetric.KL => PreTrainingBias.KullbackLeiblerFromCounts(histogramA, histogramD),
                BiasMetric.JS => PreTrainingBias.JensenShannonFromCounts(histogramA, histogramD),
                BiasMetric.LP => PreTrainingBias.LpNormFromCounts(histogramA, histogramD),
                BiasMetric.TVD => PreTrainingBias.TotalVariationDistanceFromCounts(histogramA, histogramD),
                BiasMetric.KS => PreTrainingBias.KolmogorovSmirnovFromCounts(histogramA, histogramD),
                BiasMetric.CDDL => PreTrainingBias.ConditionalDemographicDisparity(facet, label, groups),
                BiasMetric.DPPL => PostTrainingBias.DifferenceInPositiveProportionsInPredictedLabels(counts),
                BiasMetric.DI => PostTrainingBias.DisparateImpact(counts),
                BiasMetric.DCA => PostTrainingBias.DifferenceInConditionalAcceptance(counts),
                BiasMetric.DCR => PostTrainingBias.DifferenceInConditionalRejection(counts),
                BiasMetric.DAR => PostTrainingBias.DifferenceInAcceptanceRates(counts),
                BiasMetric.DRR => PostTrainingBias.DifferenceInRejectionRates(counts),
                BiasMetric.RD => PostTrainingBias.RecallDifference(counts),
                BiasMetric.SD => PostTrainingBias.SpecificityDifference(counts),
                BiasMetric.AD => PostTrainingBias.AccuracyDifference(counts),
                BiasMetric.TE => PostTrainingBias.TreatmentEquality(counts),
                BiasMetric.GE => PostTrainingBias.GeneralizedEntropy(counts),
                BiasMetric.CDDPL => PostTrainingBias.ConditionalDemographicDisparityInPredictedLabels(facet, predicted, groups),
                BiasMetric.FT => flipFeatures!.Compute(facet, predicted!),
                _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown bias metric."),
            };
            return new BiasMetricResult(name, description, value, null);
        }
        catch (BiasMetricException e)
        {
            return new BiasMetricResult(name, description, null, e.Message);
        }
    }
}
