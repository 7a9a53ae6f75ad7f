namespace Steward.Analytics.Bias;

/// <summary>The Flip Test's feature matrix: every other column of the data set, row-major, built once per report.</summary>
internal sealed class FlipFeatures
{
    private readonly double[]? rows;
    private readonly int featureCount;
    private readonly string? error;

    private FlipFeatures(double[]? rows, int featureCount, string? error)
    {
        this.rows = rows;
        this.featureCount = featureCount;
        this.error = error;
    }

    public static FlipFeatures Create(IReadOnlyList<BiasColumn> columns, int rowCount)
    {
        if (columns.Any(c => !c.IsNumeric))
        {
            // smclarify checks df.select_dtypes([np.number, bool]); booleans count as numbers.
            return new FlipFeatures(null, 0, "FlipTest does not support non-numeric columns");
        }

        if (columns.Count == 0)
        {
            return new FlipFeatures(null, 0, "FlipTest needs at least one feature column besides the facet, label and predicted label");
        }

        var rows = new double[rowCount * columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            columns[c].RequireComplete();
            var values = columns[c].Numbers;
            for (var r = 0; r < rowCount; r++)
            {
                rows[(r * columns.Count) + c] = values[r];
            }
        }

        return new FlipFeatures(rows, columns.Count, null);
    }

    public double Compute(bool[] facet, bool[] predicted)
    {
        if (error is null)
        {
            return PostTrainingBias.FlipTest(rows, featureCount, facet, predicted);
        }

        // smclarify checks the facets before the column types.
        var nd = facet.Count(static d => d);
        throw new BiasMetricException(nd == 0 ? "Facet set is empty" : nd == facet.Length ? "Negated Facet set is empty" : error);
    }
}
