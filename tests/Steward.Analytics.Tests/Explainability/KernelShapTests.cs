using Steward.Analytics.Explainability;

namespace Steward.Analytics.Tests.Explainability;

public sealed class KernelShapTests
{
    [Fact]
    public async Task Notes_example_gives_the_documented_values()
    {
        // NOTES §4: f = 3x1 + 2x2x3 − x4, x = (1,2,3,4), baselines (0,0,0,0) and (1,1,1,1) → φ = (1.5, 5, 6, −3.5).
        var model = new FunctionModel(4, x => (3 * x[0]) + (2 * x[1] * x[2]) - x[3]);
        var explainer = new KernelShapExplainer(model, new float[] { 0, 0, 0, 0, 1, 1, 1, 1 });

        var result = await explainer.ExplainAsync(new float[] { 1, 2, 3, 4 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2.0, result.ExpectedValue(0), 12);
        Assert.Equal(11.0, result.ModelOutput(0, 0), 12);
        AssertValues([1.5, 5, 6, -3.5], result.LocalValues(0, 0), 1e-9);
        Assert.Equal(14, result.SampleCounts[0]); // 2^4 − 2 coalitions: exact
    }

    [Fact]
    public async Task Linear_model_matches_the_closed_form_even_when_sampling()
    {
        // f = w·x + c, baselines r_b → φ_i = w_i (x_i − mean_b r_b,i), whatever the coalitions (the fit is exact).
        const int M = 30;
        var random = new Random(7);
        var w = Enumerable.Range(0, M).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
        var model = new FunctionModel(M, x => 0.25 + x.Select((v, i) => w[i] * v).Sum());
        var baseline = RandomRows(random, 3, M);
        var rows = RandomRows(random, 5, M);
        var explainer = new KernelShapExplainer(model, baseline, new KernelShapOptions { NumSamples = 300, Seed = 1 });

        var result = await explainer.ExplainAsync(rows, cancellationToken: TestContext.Current.CancellationToken);

        for (var r = 0; r < 5; r++)
        {
            var expected = Enumerable.Range(0, M)
                .Select(i => w[i] * (rows[(r * M) + i] - ((baseline[i] + baseline[M + i] + baseline[(2 * M) + i]) / 3.0)))
                .ToArray();
            AssertValues(expected, result.LocalValues(r, 0), 1e-4);
            Assert.Equal(300, result.SampleCounts[r]);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public async Task Exact_enumeration_agrees_with_brute_force_Shapley_values(int m)
    {
        var random = new Random(m);
        var model = new FunctionModel(m, Nonlinear);
        var baseline = RandomRows(random, 4, m);
        var rows = RandomRows(random, 3, m);
        var explainer = new KernelShapExplainer(model, baseline, new KernelShapOptions { Seed = 3 });

        var result = await explainer.ExplainAsync(rows, cancellationToken: TestContext.Current.CancellationToken);

        for (var r = 0; r < 3; r++)
        {
            var x = rows.AsSpan(r * m, m).ToArray();
            AssertValues(BruteForceShapley(Nonlinear, x, baseline, m), result.LocalValues(r, 0), 1e-6);
            Assert.Equal((1 << m) - 2, result.SampleCounts[r]);
        }
    }

    [Fact]
    public async Task Sampled_values_are_additive_and_close_to_brute_force()
    {
        const int M = 12; // 2^12 − 2 = 4094 > 2·12 + 2048: the default budget samples
        var random = new Random(11);
        var model = new FunctionModel(M, Nonlinear);
        var baseline = RandomRows(random, 2, M);
        var rows = RandomRows(random, 4, M);
        var explainer = new KernelShapExplainer(model, baseline, new KernelShapOptions { Seed = 5 });

        var result = await explainer.ExplainAsync(rows, cancellationToken: TestContext.Current.CancellationToken);

        for (var r = 0; r < 4; r++)
        {
            var x = rows.AsSpan(r * M, M).ToArray();
            var phi = result.LocalValues(r, 0).ToArray();
            Assert.Equal(2072, result.SampleCounts[r]);
            Assert.Equal(result.ModelOutput(r, 0) - result.ExpectedValue(0), phi.Sum(), 9);
            AssertValues(BruteForceShapley(Nonlinear, x, baseline, M), phi, 0.05);
        }
    }

    [Fact]
    public async Task Logit_link_makes_values_add_up_in_log_odds()
    {
        const int M = 6;
        var random = new Random(2);
        var model = new FunctionModel(M, x => 1 / (1 + Math.Exp(-Nonlinear(x))));
        var explainer = new KernelShapExplainer(model, RandomRows(random, 2, M), new KernelShapOptions { Link = ShapLink.Logit });

        var result = await explainer.ExplainAsync(RandomRows(random, 2, M), cancellationToken: TestContext.Current.CancellationToken);

        for (var r = 0; r < 2; r++)
        {
            var p = result.ModelOutput(r, 0);
            Assert.Equal(Math.Log(p / (1 - p)) - result.ExpectedValue(0), result.LocalValues(r, 0).ToArray().Sum(), 6);
        }
    }

    [Fact]
    public async Task Features_equal_to_the_baseline_get_zero_and_are_left_out()
    {
        var model = new FunctionModel(4, x => (x[0] * x[1]) + x[2] + (5 * x[3]));
        var explainer = new KernelShapExplainer(model, new float[] { 1, 1, 1, 1 });

        var result = await explainer.ExplainAsync(new float[] { 2, 1, 3, 1, /* row 2: only x3 varies */ 1, 1, 4, 1 }, cancellationToken: TestContext.Current.CancellationToken);

        AssertValues([1, 0, 2, 0], result.LocalValues(0, 0), 1e-9);
        Assert.Equal(2, result.SampleCounts[0]); // M′ = 2 → 2^2 − 2 coalitions
        AssertValues([0, 0, 3, 0], result.LocalValues(1, 0), 1e-9);
        Assert.Equal(0, result.SampleCounts[1]);
    }

    [Fact]
    public async Task Same_seed_gives_same_values_and_batching_or_parallelism_do_not_change_them()
    {
        const int M = 14;
        var random = new Random(3);
        var baseline = RandomRows(random, 2, M);
        var rows = RandomRows(random, 6, M);
        var ct = TestContext.Current.CancellationToken;

        async Task<double[]> Run(KernelShapOptions options)
        {
            var result = await new KernelShapExplainer(new FunctionModel(M, Nonlinear), baseline, options).ExplainAsync(rows, cancellationToken: ct);
            return [.. Enumerable.Range(0, 6).SelectMany(r => result.LocalValues(r, 0).ToArray())];
        }

        var reference = await Run(new KernelShapOptions { NumSamples = 200, Seed = 9 });
        Assert.Equal(reference, await Run(new KernelShapOptions { NumSamples = 200, Seed = 9, MaxBatchRows = 7 }));
        Assert.Equal(reference, await Run(new KernelShapOptions { NumSamples = 200, Seed = 9, MaxDegreeOfParallelism = 2 }));
        Assert.NotEqual(reference, await Run(new KernelShapOptions { NumSamples = 200, Seed = 10 }));
    }

    [Fact]
    public async Task Synthetic_rows_are_packed_into_few_model_calls()
    {
        const int M = 5; // 30 coalitions, one baseline row: 31 rows per explained row
        var model = new FunctionModel(M, Nonlinear);
        var explainer = new KernelShapExplainer(model, new float[M], new KernelShapOptions { MaxBatchRows = 1000 });
        var rows = RandomRows(new Random(1), 100, M);

        await explainer.ExplainAsync(rows, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1 + (100 * 31), model.Rows); // baseline + (x + 30 coalitions) per row
        Assert.Equal(1 + 4, model.Calls);
    }

    [Fact]
    public async Task Every_output_of_a_multi_output_model_is_explained()
    {
        var model = new FunctionModel(3, 2, (x, y) =>
        {
            y[0] = (2 * x[0]) + x[1];
            y[1] = x[1] * x[2];
        });
        var explainer = new KernelShapExplainer(model, new float[] { 0, 0, 0 });

        var result = await explainer.ExplainAsync(new float[] { 1, 2, 3 }, cancellationToken: TestContext.Current.CancellationToken);

        AssertValues([2, 2, 0], result.LocalValues(0, 0), 1e-9);
        AssertValues([0, 3, 3], result.LocalValues(0, 1), 1e-9);
    }

    [Fact]
    public async Task Global_values_aggregate_local_values()
    {
        var model = new FunctionModel(2, x => x[0] - (2 * x[1]));
        var explainer = new KernelShapExplainer(model, new float[] { 0, 0 });

        var result = await explainer.ExplainAsync(new float[] { 1, 1, -3, 2, 2, 0 }, cancellationToken: TestContext.Current.CancellationToken);

        // φ rows: (1, −2), (−3, −4), (2, 0)
        AssertValues([2, 2], result.GlobalValues(0), 1e-9);
        AssertValues([1, -2], result.GlobalValues(0, ShapAggregation.Median), 1e-9);
        AssertValues([14 / 3.0, 20 / 3.0], result.GlobalValues(0, ShapAggregation.MeanSquare), 1e-9);
    }

    [Fact]
    public async Task Non_finite_inputs_and_outputs_are_rejected_with_the_field()
    {
        var model = new FunctionModel(2, x => x[0]);
        var baselineError = Assert.Throws<AnalyticsInputException>(() => new KernelShapExplainer(model, new float[] { 0, float.NaN }));
        Assert.Equal("baseline", baselineError.Field);

        var explainer = new KernelShapExplainer(model, new float[] { 0, 0 });
        var dataError = await Assert.ThrowsAsync<AnalyticsInputException>(
            () => explainer.ExplainAsync(new float[] { 1, 2, float.PositiveInfinity, 0 }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(("data", 2L), (dataError.Field, dataError.Row!.Value));

        var broken = new KernelShapExplainer(new FunctionModel(2, x => x[0] > 0 ? double.NaN : 0), new float[] { 0, 0 });
        var outputError = await Assert.ThrowsAsync<AnalyticsInputException>(
            () => broken.ExplainAsync(new float[] { 1, 2 }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("model output", outputError.Field);
    }

    internal static double Nonlinear(float[] x)
    {
        double y = 0.5;
        for (var i = 0; i < x.Length; i++)
        {
            y += (i + 1) * 0.3 * x[i];
            y += 0.7 * x[i] * x[(i + 1) % x.Length];
        }

        return y + Math.Sin(x[0] * x[^1]);
    }

    /// <summary>φ_i = Σ_(S ⊆ N∖i) |S|!(M − |S| − 1)!/M! · (v(S ∪ i) − v(S)), v(S) = mean_b f(x_S, b_S̄).</summary>
    internal static double[] BruteForceShapley(Func<float[], double> f, float[] x, float[] baseline, int m)
    {
        var b = baseline.Length / m;
        double Value(int set)
        {
            double sum = 0;
            var row = new float[m];
            for (var r = 0; r < b; r++)
            {
                for (var i = 0; i < m; i++)
                {
                    row[i] = (set & (1 << i)) != 0 ? x[i] : baseline[(r * m) + i];
                }

                sum += f(row);
            }

            return sum / b;
        }

        var values = new double[1 << m];
        for (var s = 0; s < values.Length; s++)
        {
            values[s] = Value(s);
        }

        var phi = new double[m];
        for (var i = 0; i < m; i++)
        {
            for (var s = 0; s < values.Length; s++)
            {
                if ((s & (1 << i)) != 0)
                {
                    continue;
                }

                var size = System.Numerics.BitOperations.PopCount((uint)s);
                phi[i] += Factorial(size) * Factorial(m - size - 1) / Factorial(m) * (values[s | (1 << i)] - values[s]);
            }
        }

        return phi;
    }

    internal static float[] RandomRows(Random random, int rows, int m) =>
        [.. Enumerable.Range(0, rows * m).Select(_ => (float)Math.Round((random.NextDouble() * 4) - 2, 2))];

    private static double Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    private static void AssertValues(IReadOnlyList<double> expected, ReadOnlySpan<double> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Length);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"feature {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
