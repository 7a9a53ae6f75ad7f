using MathNet.Numerics.LinearAlgebra;

namespace Steward.Analytics.Explainability;

/// <summary>
/// The coalitions Kernel SHAP evaluates for M′ varying features, their kernel weights, and the precomputed
/// constrained weighted-least-squares solver. Depends only on M′, the sample budget and the seed, so one design serves
/// every explained row with the same number of varying features.
/// </summary>
/// <remarks>
/// Sampling follows the reference implementation (shap <c>KernelExplainer.explain</c>, Lundberg and Lee 2017): subset
/// sizes s and M′ − s are enumerated completely, largest kernel weight first, while the budget covers them; the rest is
/// drawn at random with the Shapley kernel's size distribution, paired with complements, duplicates merged by weight.
/// Regression (same source): with z the 0/1 coalition matrix, W the kernel weights, Δ = g(f(x)) − g(E f), the
/// constraint Σφ = Δ is eliminated through the last feature: X = z[:, :−1] − z[:, −1], y′ = y − z[:, −1]·Δ,
/// φ[:−1] = (XᵀWX)⁻¹XᵀW y′ and φ[−1] = Δ − Σφ[:−1]. The matrix S = (XᵀWX)⁻¹XᵀW is stored, so a row costs (M′ − 1)·n
/// multiply-adds. Shapley kernel π(S) = (M′ − 1) / (C(M′, |S|)·|S|·(M′ − |S|)).
/// </remarks>
internal sealed class CoalitionDesign
{
    private CoalitionDesign(int featureCount, bool[] masks, double[] weights, double[] solver, bool exact)
    {
        FeatureCount = featureCount;
        SampleCount = weights.Length;
        Weights = weights;
        Solver = solver;
        Exact = exact;
        Masks = masks;
        var offsets = new int[SampleCount + 1];
        var positions = new List<int>();
        for (var s = 0; s < SampleCount; s++)
        {
            for (var j = 0; j < featureCount; j++)
            {
                if (masks[(s * featureCount) + j])
                {
                    positions.Add(j);
                }
            }

            offsets[s + 1] = positions.Count;
        }

        MaskOffsets = offsets;
        MaskPositions = [.. positions];
        SelectMasks = [.. masks.Select(static on => on ? -1 : 0)];
    }

    /// <summary>M′.</summary>
    public int FeatureCount { get; }

    /// <summary>n, the number of coalitions.</summary>
    public int SampleCount { get; }

    /// <summary>Row-major n × M′ coalition matrix z (true = the feature takes the explained row's value).</summary>
    public bool[] Masks { get; }

    /// <summary>Kernel weights, one per coalition.</summary>
    public double[] Weights { get; }

    /// <summary>CSR offsets into <see cref="MaskPositions"/> per coalition.</summary>
    public int[] MaskOffsets { get; }

    /// <summary>Positions (0 ≤ j &lt; M′) switched on in each coalition.</summary>
    public int[] MaskPositions { get; }

    /// <summary>Row-major n × M′ select masks (−1 = take x, 0 = take the baseline) for vectorised row building.</summary>
    public int[] SelectMasks { get; }

    /// <summary>Row-major (M′ − 1) × n matrix S with φ[:−1] = S·y′.</summary>
    public double[] Solver { get; }

    /// <summary>Whether every coalition was enumerated (exact Shapley values).</summary>
    public bool Exact { get; }

    /// <summary>min(requested ?? 2M′ + 2048, 2^M′ − 2).</summary>
    public static int SampleBudget(int featureCount, int? requested)
    {
        var budget = requested ?? ((2 * featureCount) + 2048);
        if (featureCount <= 30)
        {
            budget = (int)Math.Min(budget, (1L << featureCount) - 2);
        }

        return budget;
    }

    public static CoalitionDesign Create(int featureCount, int? requestedSamples, int seed)
    {
        var m = featureCount;
        if (m < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(featureCount), "A design needs at least two varying features.");
        }

        var nsamples = SampleBudget(m, requestedSamples);
        if (nsamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(requestedSamples), "The number of samples must be positive.");
        }

        var masks = new List<bool[]>(nsamples);
        var weights = new List<double>(nsamples);
        var random = new Random(unchecked((seed * 16777619) ^ m));

        var numSubsetSizes = m / 2;              // ceil((M − 1)/2)
        var numPairedSubsetSizes = (m - 1) / 2;  // floor((M − 1)/2)
        var weightVector = new double[numSubsetSizes];
        for (var i = 1; i <= numSubsetSizes; i++)
        {
            weightVector[i - 1] = (m - 1.0) / (i * (m - i));
        }

        for (var i = 0; i < numPairedSubsetSizes; i++)
        {
            weightVector[i] *= 2;
        }

        var total = weightVector.Sum();
        for (var i = 0; i < weightVector.Length; i++)
        {
            weightVector[i] /= total;
        }

        // Enumerate whole subset sizes while the budget covers them.
        var numFullSubsets = 0;
        double samplesLeft = nsamples;
        var remaining = (double[])weightVector.Clone();
        for (var size = 1; size <= numSubsetSizes; size++)
        {
            var paired = size <= numPairedSubsetSizes;
            var nsubsets = Binomial(m, size) * (paired ? 2 : 1);
            if (samplesLeft * remaining[size - 1] / nsubsets < 1.0 - 1e-8)
            {
                break;
            }

            numFullSubsets++;
            samplesLeft -= nsubsets;
            if (remaining[size - 1] < 1.0)
            {
                var scale = 1 - remaining[size - 1];
                for (var i = 0; i < remaining.Length; i++)
                {
                    remaining[i] /= scale;
                }
            }

            var w = weightVector[size - 1] / Binomial(m, size) / (paired ? 2.0 : 1.0);
            foreach (var mask in Combinations(m, size))
            {
                masks.Add(mask);
                weights.Add(w);
                if (paired)
                {
                    masks.Add(Complement(mask));
                    weights.Add(w);
                }
            }
        }

        var fixedSamples = masks.Count;
        var left = nsamples - fixedSamples;
        if (numFullSubsets != numSubsetSizes && left > 0)
        {
            SampleRemaining(m, numFullSubsets, numPairedSubsetSizes, weightVector, left, random, masks, weights);
            var weightLeft = weightVector.Skip(numFullSubsets).Sum();
            var randomTotal = weights.Skip(fixedSamples).Sum();
            for (var i = fixedSamples; i < weights.Count; i++)
            {
                weights[i] *= weightLeft / randomTotal;
            }
        }

        var flat = new bool[masks.Count * m];
        for (var s = 0; s < masks.Count; s++)
        {
            masks[s].CopyTo(flat, s * m);
        }

        var weightArray = weights.ToArray();
        var exact = numFullSubsets == numSubsetSizes;
        return new CoalitionDesign(m, flat, weightArray, BuildSolver(m, flat, weightArray), exact);
    }

    private static void SampleRemaining(
        int m,
        int numFullSubsets,
        int numPairedSubsetSizes,
        double[] weightVector,
        int samplesLeft,
        Random random,
        List<bool[]> masks,
        List<double> weights)
    {
        var distribution = weightVector.Skip(numFullSubsets).ToArray();
        for (var i = 0; i < distribution.Length; i++)
        {
            if (i + numFullSubsets < numPairedSubsetSizes)
            {
                distribution[i] /= 2; // each paired draw adds two samples
            }
        }

        var sum = distribution.Sum();
        var cumulative = new double[distribution.Length];
        double running = 0;
        for (var i = 0; i < distribution.Length; i++)
        {
            running += distribution[i] / sum;
            cumulative[i] = running;
        }

        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        var permutation = new int[m];
        var draws = 4 * samplesLeft;
        for (var draw = 0; draw < draws && samplesLeft > 0; draw++)
        {
            var u = random.NextDouble();
            var ind = Array.FindIndex(cumulative, c => c > u);
            if (ind < 0)
            {
                ind = cumulative.Length - 1;
            }

            var size = ind + numFullSubsets + 1;
            for (var i = 0; i < m; i++)
            {
                permutation[i] = i;
            }

            var mask = new bool[m];
            for (var i = 0; i < size; i++)
            {
                var j = random.Next(i, m);
                (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
                mask[permutation[i]] = true;
            }

            var key = Key(mask);
            var isNew = !used.TryGetValue(key, out var at);
            if (isNew)
            {
                at = masks.Count;
                used[key] = at;
                samplesLeft--;
                masks.Add(mask);
                weights.Add(1.0);
            }
            else
            {
                weights[at] += 1.0;
            }

            if (samplesLeft > 0 && size <= numPairedSubsetSizes)
            {
                if (isNew)
                {
                    samplesLeft--;
                    masks.Add(Complement(mask));
                    weights.Add(1.0);
                }
                else
                {
                    weights[at + 1] += 1.0;
                }
            }
        }
    }

    private static double[] BuildSolver(int m, bool[] masks, double[] weights)
    {
        var n = weights.Length;
        var p = m - 1;
        var xtw = Matrix<double>.Build.Dense(p, n);
        var xtwx = Matrix<double>.Build.Dense(p, p);
        var x = new double[p];
        for (var s = 0; s < n; s++)
        {
            var last = masks[(s * m) + p] ? 1.0 : 0.0;
            for (var j = 0; j < p; j++)
            {
                x[j] = (masks[(s * m) + j] ? 1.0 : 0.0) - last;
                xtw[j, s] = x[j] * weights[s];
            }

            for (var j = 0; j < p; j++)
            {
                if (x[j] == 0)
                {
                    continue;
                }

                var wj = x[j] * weights[s];
                for (var k = 0; k < p; k++)
                {
                    xtwx[j, k] += wj * x[k];
                }
            }
        }

        Matrix<double> solver;
        try
        {
            solver = xtwx.Cholesky().Solve(xtw);
        }
        catch (ArgumentException)
        {
            // Too few coalitions for a full-rank system: the minimum-norm least-squares solution.
            solver = xtwx.PseudoInverse() * xtw;
        }

        var flat = new double[p * n];
        for (var j = 0; j < p; j++)
        {
            for (var s = 0; s < n; s++)
            {
                flat[(j * n) + s] = solver[j, s];
            }
        }

        return flat;
    }

    private static IEnumerable<bool[]> Combinations(int m, int size)
    {
        var indices = Enumerable.Range(0, size).ToArray();
        while (true)
        {
            var mask = new bool[m];
            foreach (var i in indices)
            {
                mask[i] = true;
            }

            yield return mask;
            var k = size - 1;
            while (k >= 0 && indices[k] == m - size + k)
            {
                k--;
            }

            if (k < 0)
            {
                yield break;
            }

            indices[k]++;
            for (var j = k + 1; j < size; j++)
            {
                indices[j] = indices[j - 1] + 1;
            }
        }
    }

    private static bool[] Complement(bool[] mask) => [.. mask.Select(b => !b)];

    private static string Key(bool[] mask) => string.Create(mask.Length, mask, static (span, m) =>
    {
        for (var i = 0; i < m.Length; i++)
        {
            span[i] = m[i] ? '1' : '0';
        }
    });

    internal static double Binomial(int n, int k)
    {
        double result = 1;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return Math.Round(result);
    }
}
