using Steward.Analytics.Drift;
using static Steward.Analytics.Data.Formats.JsonFields;

namespace Steward.Analytics.Data.Formats;

/// <summary>
/// The drift report written by <c>steward analyze drift</c>: <c>{"comparison_method", "comparison_threshold",
/// "drifted_features": [...], "features": [{feature_name, kind, method, distance, threshold, drifted, test,
/// statistic, p_value, wasserstein_normalized, jensen_shannon, evidently: {test, value, threshold, drifted},
/// baseline_count, current_count}]}</c>. Non-finite numbers are written as "NaN"/"Infinity".
/// </summary>
public static class DriftReportJson
{
    /// <summary>Serialises drift results.</summary>
    /// <param name="results">Per-feature results.</param>
    /// <param name="options">The options used.</param>
    /// <returns>Indented JSON.</returns>
    public static string Write(IReadOnlyList<FeatureDriftResult> results, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(options);
        return ConstraintsJson.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("comparison_method", options.Method.ToString());
            w.WriteNumber("comparison_threshold", options.Threshold);
            w.WriteStartArray("drifted_features");
            foreach (var r in results.Where(r => r.Drifted))
            {
                w.WriteStringValue(r.Feature);
            }

            w.WriteEndArray();
            w.WriteStartArray("features");
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("feature_name", r.Feature);
                w.WriteString("kind", r.Kind);
                w.WriteString("method", r.Method);
                WriteNumber(w, "distance", r.Distance);
                WriteNumber(w, "threshold", r.Threshold);
                w.WriteBoolean("drifted", r.Drifted);
                w.WriteString("test", r.Test);
                WriteNumber(w, "statistic", r.Statistic);
                WriteNumber(w, "p_value", r.PValue);
                if (r.WassersteinNormalized is { } wn)
                {
                    WriteNumber(w, "wasserstein_normalized", wn);
                }

                WriteNumber(w, "jensen_shannon", r.JensenShannon);
                w.WriteStartObject("evidently");
                w.WriteString("test", r.Evidently.Test);
                WriteNumber(w, "value", r.Evidently.Value);
                WriteNumber(w, "threshold", r.Evidently.Threshold);
                w.WriteBoolean("drifted", r.Evidently.Drifted);
                w.WriteEndObject();
                w.WriteNumber("baseline_count", r.BaselineCount);
                w.WriteNumber("current_count", r.CurrentCount);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
