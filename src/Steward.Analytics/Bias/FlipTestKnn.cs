namespace Steward.Analytics.Bias;

/// <summary>
/// The k-NN behind the Flip Test (smclarify <c>posttraining.FT</c>): scikit-learn's <c>KNeighborsClassifier</c> with
/// Euclidean distance and uniform weights, k = 5 when facet a has more than 9 rows, else 1. Brute force, O(n_a·n_d·m),
/// parallel over the facet-d rows; distance ties keep the earlier row.
/// </summary>
internal static class FlipTestKnn
{
    private const int DefaultNeighbours = 5;
    private const int MinNeighbours = 1;
    private const int SampleCountThreshold = 9;

    public static double Compute(
        ReadOnlySpan<double> features,
        int featureCount,
        ReadOnlySpan<bool> sensitiveFacet,
        ReadOnlySpan<bool> positivePrediction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(featureCount);
        var n = sensitiveFacet.Length;
        if (positivePrediction.Length != n || features.Length != (long)n * featureCount)
        {
            throw new ArgumentException("The feature rows, facet and prediction columns must describe the same rows.");
        }

        int nd = 0;
        foreach (var isD in sensitiveFacet)
        {
            nd += isD ? 1 : 0;
        }

        var na = n - nd;
        if (nd == 0)
        {
            throw new BiasMetricException("Facet set is empty");
        }

        if (na == 0)
        {
            throw new BiasMetricException("Negated Facet set is empty");
        }

        // Split once into contiguous facet-a / facet-d blocks (two allocations per call, none per row).
        var rowsA = new double[na * featureCount];
        var labelsA = new bool[na];
        var rowsD = new double[nd * featureCount];
        var labelsD = new bool[nd];
        int ia = 0, id = 0;
        for (var i = 0; i < n; i++)
        {
            var row = features.Slice(i * featureCount, featureCount);
            if (sensitiveFacet[i])
            {
                row.CopyTo(rowsD.AsSpan(id * featureCount));
                labelsD[id++] = positivePrediction[i];
            }
            else
            {
                row.CopyTo(rowsA.AsSpan(ia * featureCount));
                labelsA[ia++] = positivePrediction[i];
            }
        }

        var k = na > SampleCountThreshold ? DefaultNeighbours : MinNeighbours;
        long flipsToNegative = 0, flipsToPositive = 0;
        Parallel.For(
            0,
            nd,
            () => (Negative: 0L, Positive: 0L),
            (j, _, local) =>
            {
                var knnPositive = Predict(rowsA, labelsA, rowsD.AsSpan(j * featureCount, featureCount), featureCount, k);
                var model = labelsD[j];
                if (model && !knnPositive)
                {
                    local.Positive++; // model 1, k-NN 0: counted in smclarify's FS_pos
                }
                else if (!model && knnPositive)
                {
                    local.Negative++;
                }

                return local;
            },
            local =>
            {
                Interlocked.Add(ref flipsToPositive, local.Positive);
                Interlocked.Add(ref flipsToNegative, local.Negative);
            });

        return ClarifyArithmetic.Divide(flipsToPositive - flipsToNegative, nd);
    }

    private static bool Predict(double[] rowsA, bool[] labelsA, ReadOnlySpan<double> query, int featureCount, int k)
    {
        Span<double> bestDistance = stackalloc double[DefaultNeighbours];
        Span<int> bestIndex = stackalloc int[DefaultNeighbours];
        var found = 0;
        for (var i = 0; i < labelsA.Length; i++)
        {
            var row = rowsA.AsSpan(i * featureCount, featureCount);
            double distance = 0;
            for (var f = 0; f < featureCount; f++)
            {
                var diff = row[f] - query[f];
                distance += diff * diff;
            }

            if (found == k && distance >= bestDistance[k - 1])
            {
                continue; // ties keep the earlier row
            }

            var slot = found < k ? found++ : k - 1;
            while (slot > 0 && bestDistance[slot - 1] > distance)
            {
                bestDistance[slot] = bestDistance[slot - 1];
                bestIndex[slot] = bestIndex[slot - 1];
                slot--;
            }

            bestDistance[slot] = distance;
            bestIndex[slot] = i;
        }

        var votes = 0;
        for (var i = 0; i < found; i++)
        {
            votes += labelsA[bestIndex[i]] ? 1 : 0;
        }

        // Uniform weights; scikit-learn's mode picks the smaller class (false) on a tied vote.
        return 2 * votes > found;
    }
}
