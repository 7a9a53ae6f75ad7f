using System.Collections.Concurrent;

namespace Steward.Analytics.Explainability;

/// <summary>
/// Kernel SHAP (Lundberg and Lee, "A Unified Approach to Interpreting Model Predictions", NeurIPS 2017) for any
/// <see cref="IBatchModel"/>, against a set of baseline rows, as SageMaker Clarify computes it.
/// </summary>
/// <remarks>
/// <para>Value function: v(S) = g(E_b[f(x_S, b_S̄)]), the model averaged over the baseline rows b with the features in S
/// taken from the explained row x; expected value = g(E_b[f(b)]); g is the identity or the logit
/// (<see cref="KernelShapOptions.Link"/>). The Shapley values solve the weighted least-squares problem
/// min Σ_S π(S)·(v(S) − v(∅) − Σ_(i∈S) φ_i)² subject to Σ_i φ_i = v(all) − v(∅), with the Shapley kernel
/// π(S) = (M′ − 1)/(C(M′, |S|)·|S|·(M′ − |S|)).</para>
/// <para>Features whose value equals the baseline's in every baseline row get φ = 0 exactly and are left out of the
/// coalitions (M′ = the remaining count). The number of coalitions is min(num_samples, 2^M′ − 2), default 2M′ + 2048
/// (NOTES §4); at 2^M′ − 2 every coalition is enumerated and the result equals the exact Shapley values.</para>
/// <para>Coalitions are drawn once per M′ from <see cref="KernelShapOptions.Seed"/> and reused for every row (each
/// row's estimate has the same distribution as with fresh draws; the regression matrix is then factorised once).
/// Synthetic rows of several explained rows are packed into batches of up to
/// <see cref="KernelShapOptions.MaxBatchRows"/> rows per model call.</para>
/// </remarks>
public sealed class KernelShapExplainer
{
    private readonly IBatchModel model;
    private readonly float[] baseline;
    private readonly int baselineRows;
    private readonly int featureCount;
    private readonly KernelShapOptions options;
    private readonly ConcurrentDictionary<int, Lazy<CoalitionDesign>> designs = new();

    /// <summary>Creates an explainer.</summary>
    /// <param name="model">The model; its <see cref="IBatchModel.FeatureCount"/> fixes M.</param>
    /// <param name="baselineRows">Row-major baseline rows (at least one), M values each, all finite.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="AnalyticsInputException">The baseline is empty, ragged or not finite.</exception>
    public KernelShapExplainer(IBatchModel model, ReadOnlyMemory<float> baselineRows, KernelShapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        this.options = options ?? new KernelShapOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxBatchRows, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxDegreeOfParallelism, 1, nameof(options));
        if (this.options.NumSamples is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "NumSamples must be at least 1.");
        }

        featureCount = model.FeatureCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1, "model.FeatureCount");
        ArgumentOutOfRangeException.ThrowIfLessThan(model.OutputCount, 1, "model.OutputCount");
        RequireRows("baseline", baselineRows.Span, featureCount);
        if (baselineRows.IsEmpty)
        {
            throw new AnalyticsInputException("baseline", "needs at least one row");
        }

        baseline = baselineRows.ToArray();
        this.baselineRows = baseline.Length / featureCount;
    }

    /// <summary>The number of coalitions used for a row with <paramref name="varyingFeatures"/> features differing from the baseline.</summary>
    /// <param name="varyingFeatures">M′.</param>
    /// <returns>min(num_samples, 2^M′ − 2), or 0 when M′ &lt; 2.</returns>
    public int SampleCount(int varyingFeatures) =>
        varyingFeatures < 2 ? 0 : CoalitionDesign.SampleBudget(varyingFeatures, options.NumSamples);

    /// <summary>Computes SHAP values for every row.</summary>
    /// <param name="rows">Row-major rows to explain, M values each, all finite.</param>
    /// <param name="progress">Receives the number of rows completed so far.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Local values, expected values and model outputs.</returns>
    /// <exception cref="AnalyticsInputException">The rows are ragged or not finite, or the model returned a non-finite output.</exception>
    public async Task<KernelShapResult> ExplainAsync(
        ReadOnlyMemory<float> rows,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        RequireRows("data", rows.Span, featureCount);
        var rowCount = rows.Length / featureCount;
        var outputCount = model.OutputCount;
        var expected = await BaselineExpectationAsync(cancellationToken).ConfigureAwait(false);
        var run = new Run(this, rows, rowCount, outputCount, expected, progress);
        var workers = new Task[Math.Min(options.MaxDegreeOfParallelism, Math.Max(1, rowCount))];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = options.MaxDegreeOfParallelism == 1
                ? new Worker(run).RunAsync(cancellationToken)
                : Task.Run(() => new Worker(run).RunAsync(cancellationToken), cancellationToken);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        return new KernelShapResult(rowCount, featureCount, outputCount, run.Local, [.. expected.Select(Link)], run.ModelOutputs, run.SampleCounts);
    }

    private double Link(double p) => options.Link == ShapLink.Logit ? Math.Log(p / (1 - p)) : p;

    private CoalitionDesign Design(int varying) =>
        designs.GetOrAdd(varying, m => new Lazy<CoalitionDesign>(() => CoalitionDesign.Create(m, options.NumSamples, options.Seed))).Value;

    private async Task<double[]> BaselineExpectationAsync(CancellationToken cancellationToken)
    {
        var k = model.OutputCount;
        var sums = new double[k];
        var batch = Math.Min(baselineRows, options.MaxBatchRows);
        var outputs = new float[batch * k];
        for (var start = 0; start < baselineRows; start += batch)
        {
            var count = Math.Min(batch, baselineRows - start);
            await model.PredictAsync(
                baseline.AsMemory(start * featureCount, count * featureCount), count, outputs.AsMemory(0, count * k), cancellationToken)
                .ConfigureAwait(false);
            for (var i = 0; i < count * k; i++)
            {
                RequireFinite(outputs[i]);
                sums[i % k] += outputs[i];
            }
        }

        return [.. sums.Select(s => s / baselineRows)];
    }

    private static void RequireRows(string field, ReadOnlySpan<float> rows, int featureCount)
    {
        if (rows.Length % featureCount != 0)
        {
            throw new AnalyticsInputException(field, $"holds {rows.Length} values, not a whole number of rows of {featureCount} features");
        }

        for (var i = 0; i < rows.Length; i++)
        {
            if (!float.IsFinite(rows[i]))
            {
                throw new AnalyticsInputException(field, $"feature {(i % featureCount) + 1} is {rows[i]}; SHAP needs finite values", (i / featureCount) + 1);
            }
        }
    }

    private static void RequireFinite(float output)
    {
        if (!float.IsFinite(output))
        {
            throw new AnalyticsInputException("model output", $"the model returned {output}; Kernel SHAP needs finite outputs");
        }
    }

    /// <summary>State shared by the workers of one <see cref="ExplainAsync"/> call.</summary>
    private sealed class Run(KernelShapExplainer owner, ReadOnlyMemory<float> rows, int rowCount, int outputCount, double[] expected, IProgress<int>? progress)
    {
        private int next = -1;
        private int completed;

        public KernelShapExplainer Owner { get; } = owner;

        public ReadOnlyMemory<float> Rows { get; } = rows;

        public int RowCount { get; } = rowCount;

        public int OutputCount { get; } = outputCount;

        public double[] ExpectedLinked { get; } = [.. expected.Select(owner.Link)];

        public double[] Local { get; } = new double[rowCount * outputCount * owner.featureCount];

        public double[] ModelOutputs { get; } = new double[rowCount * outputCount];

        public int[] SampleCounts { get; } = new int[rowCount];

        public int NextRow() => Interlocked.Increment(ref next);

        public void Completed() => progress?.Report(Interlocked.Increment(ref completed));
    }

    /// <summary>One explained row in flight: its varying features, design and accumulated model outputs.</summary>
    private sealed class RowState
    {
        public int Row;
        public int[] Varying = [];
        public int VaryingCount;
        public CoalitionDesign? Design;
        public double[] Sums = [];
        public double[] Fx = [];
        public int Remaining;
    }

    /// <summary>Builds synthetic rows into a batch buffer, calls the model when it is full, and solves finished rows.</summary>
    private sealed class Worker
    {
        private readonly Run run;
        private readonly KernelShapExplainer owner;
        private readonly int m;
        private readonly int k;
        private readonly float[] input;
        private readonly float[] output;
        private readonly RowState?[] tagState;
        private readonly int[] tagSample;
        private readonly Stack<RowState> pool = new();
        private double[] adjusted = [];
        private int filled;

        public Worker(Run run)
        {
            this.run = run;
            owner = run.Owner;
            m = owner.featureCount;
            k = run.OutputCount;
            var capacity = owner.options.MaxBatchRows;
            input = new float[capacity * m];
            output = new float[capacity * k];
            tagState = new RowState?[capacity];
            tagSample = new int[capacity];
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            int row;
            while ((row = run.NextRow()) < run.RowCount)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var state = Start(row);
                var total = state.Remaining;
                for (var emitted = 0; emitted < total; emitted += Fill(state, emitted, total))
                {
                    if (filled == tagSample.Length)
                    {
                        await FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Writes the row's synthetic rows <paramref name="from"/>.. into the free part of the batch: index 0 is x itself,
        /// index 1 + s·B + b is coalition s over baseline row b. Returns how many were written.
        /// </summary>
        private int Fill(RowState state, int from, int total)
        {
            var count = Math.Min(tagSample.Length - filled, total - from);
            var x = run.Rows.Span.Slice(state.Row * m, m);
            var baselineRows = owner.baselineRows;
            var baseline = owner.baseline.AsSpan();
            var design = state.Design;
            var varying = state.Varying;
            for (var i = 0; i < count; i++)
            {
                var index = from + i;
                var slot = filled + i;
                var target = input.AsSpan(slot * m, m);
                tagState[slot] = state;
                if (index == 0)
                {
                    x.CopyTo(target);
                    tagSample[slot] = -1;
                    continue;
                }

                var sample = Math.DivRem(index - 1, baselineRows, out var b);
                var baselineRow = baseline.Slice(b * m, m);
                if (state.VaryingCount == m)
                {
                    // Every feature varies: coalition position j is feature j, so select x or baseline lane by lane.
                    Select(design!.SelectMasks.AsSpan(sample * m, m), x, baselineRow, target);
                }
                else
                {
                    baselineRow.CopyTo(target);
                    for (var p = design!.MaskOffsets[sample]; p < design.MaskOffsets[sample + 1]; p++)
                    {
                        var feature = varying[design.MaskPositions[p]];
                        target[feature] = x[feature];
                    }
                }

                tagSample[slot] = sample;
            }

            filled += count;
            return count;
        }

        private RowState Start(int row)
        {
            var state = pool.Count > 0 ? pool.Pop() : new RowState { Varying = new int[m], Fx = new double[k] };
            state.Row = row;
            var x = run.Rows.Span.Slice(row * m, m);
            var count = 0;
            for (var i = 0; i < m; i++)
            {
                for (var b = 0; b < owner.baselineRows; b++)
                {
                    if (owner.baseline[(b * m) + i] != x[i])
                    {
                        state.Varying[count++] = i;
                        break;
                    }
                }
            }

            state.VaryingCount = count;
            state.Design = count >= 2 ? owner.Design(count) : null;
            var n = state.Design?.SampleCount ?? 0;
            if (state.Sums.Length < n * k)
            {
                state.Sums = new double[n * k];
            }

            Array.Clear(state.Sums, 0, n * k);
            state.Remaining = 1 + (n * owner.baselineRows);
            run.SampleCounts[row] = n;
            return state;
        }

        private async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            if (filled == 0)
            {
                return;
            }

            await owner.model.PredictAsync(
                input.AsMemory(0, filled * m), filled, output.AsMemory(0, filled * k), cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < filled; j++)
            {
                var state = tagState[j]!;
                var sample = tagSample[j];
                for (var o = 0; o < k; o++)
                {
                    var value = output[(j * k) + o];
                    RequireFinite(value);
                    if (sample < 0)
                    {
                        state.Fx[o] = value;
                    }
                    else
                    {
                        state.Sums[(sample * k) + o] += value;
                    }
                }

                if (--state.Remaining == 0)
                {
                    Solve(state);
                    pool.Push(state);
                    run.Completed();
                }

                tagState[j] = null;
            }

            filled = 0;
        }

        private void Solve(RowState state)
        {
            var local = run.Local.AsSpan(state.Row * k * m, k * m);
            local.Clear();
            var design = state.Design;
            var n = design?.SampleCount ?? 0;
            if (adjusted.Length < n)
            {
                adjusted = new double[n];
            }

            for (var o = 0; o < k; o++)
            {
                run.ModelOutputs[(state.Row * k) + o] = state.Fx[o];
                var phi = local.Slice(o * m, m);
                var nullValue = run.ExpectedLinked[o];
                var delta = owner.Link(state.Fx[o]) - nullValue;
                if (design is null)
                {
                    if (state.VaryingCount == 1)
                    {
                        phi[state.Varying[0]] = delta;
                    }

                    continue;
                }

                var mv = design.FeatureCount;
                var last = mv - 1;
                for (var s = 0; s < n; s++)
                {
                    var lastOn = design.Masks[(s * mv) + last] ? delta : 0;
                    adjusted[s] = owner.Link(state.Sums[(s * k) + o] / owner.baselineRows) - nullValue - lastOn;
                }

                var y = adjusted.AsSpan(0, n);
                double sum = 0;
                for (var j = 0; j < last; j++)
                {
                    var value = Dot(design.Solver.AsSpan(j * n, n), y);
                    phi[state.Varying[j]] = value;
                    sum += value;
                }

                phi[state.Varying[last]] = delta - sum;
            }
        }

        /// <summary>target = mask ? x : baseline, exactly (no arithmetic on the values).</summary>
        private static void Select(ReadOnlySpan<int> mask, ReadOnlySpan<float> x, ReadOnlySpan<float> baseline, Span<float> target)
        {
            var width = System.Numerics.Vector<float>.Count;
            var j = 0;
            for (; j <= mask.Length - width; j += width)
            {
                System.Numerics.Vector.ConditionalSelect(
                    new System.Numerics.Vector<int>(mask[j..]),
                    new System.Numerics.Vector<float>(x[j..]),
                    new System.Numerics.Vector<float>(baseline[j..])).CopyTo(target[j..]);
            }

            for (; j < mask.Length; j++)
            {
                target[j] = mask[j] != 0 ? x[j] : baseline[j];
            }
        }

        private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            var width = System.Numerics.Vector<double>.Count;
            var acc = System.Numerics.Vector<double>.Zero;
            var i = 0;
            for (; i <= a.Length - width; i += width)
            {
                acc += new System.Numerics.Vector<double>(a[i..]) * new System.Numerics.Vector<double>(b[i..]);
            }

            var sum = System.Numerics.Vector.Sum(acc);
            for (; i < a.Length; i++)
            {
                sum += a[i] * b[i];
            }

            return sum;
        }
    }
}
