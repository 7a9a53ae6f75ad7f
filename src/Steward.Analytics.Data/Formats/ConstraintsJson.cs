using System.Text.Json;
using Steward.Analytics.Constraints;
using Steward.Analytics.Drift;
using Steward.Analytics.ModelQuality;
using Steward.Analytics.Profiling;
using static Steward.Analytics.Data.Formats.JsonFields;

namespace Steward.Analytics.Data.Formats;

/// <summary>
/// Reads and writes <c>constraints.json</c> (data quality: <c>{"version": 0, "features": [...],
/// "monitoring_config": {...}}</c>; model quality: <c>{"version": 0.0, "&lt;problem&gt;_constraints": {...}}</c>)
/// and <c>constraint_violations.json</c> (<c>{"violations": [{feature_name | metric_name, constraint_check_type,
/// description}]}</c>).
/// </summary>
public static class ConstraintsJson
{
    private static readonly Dictionary<string, ProblemType> ProblemKeys = new(StringComparer.Ordinal)
    {
        ["regression_constraints"] = ProblemType.Regression,
        ["binary_classification_constraints"] = ProblemType.BinaryClassification,
        ["multiclass_classification_constraints"] = ProblemType.MulticlassClassification,
    };

    /// <summary>True when the document holds model-quality constraints (a <c>*_constraints</c> key).</summary>
    /// <param name="json">Document text.</param>
    /// <param name="documentName">Name for errors.</param>
    /// <returns>Whether it is a model-quality constraints document.</returns>
    public static bool IsModelQuality(string json, string documentName = "constraints.json")
    {
        using var doc = Parse(json, documentName);
        return doc.RootElement.ValueKind == JsonValueKind.Object && ProblemKeys.Keys.Any(k => doc.RootElement.TryGetProperty(k, out _));
    }

    /// <summary>Serialises data-quality constraints.</summary>
    /// <param name="constraints">The constraints.</param>
    /// <returns>Indented JSON.</returns>
    public static string Write(DataQualityConstraints constraints)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("version", 0.0);
            w.WriteStartArray("features");
            foreach (var f in constraints.Features)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                w.WriteString("inferred_type", f.InferredType.ToString());
                if (f.Completeness is { } c)
                {
                    w.WriteNumber("completeness", c);
                }

                if (f.IsNonNegative is { } nn)
                {
                    w.WriteStartObject("num_constraints");
                    w.WriteBoolean("is_non_negative", nn);
                    w.WriteEndObject();
                }

                if (f.Domains is { } domains)
                {
                    w.WriteStartObject("string_constraints");
                    w.WriteStartArray("domains");
                    foreach (var d in domains)
                    {
                        w.WriteStringValue(d);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteStartObject("monitoringConfigOverrides");
                if (f.Overrides is { } o)
                {
                    WriteOptional(w, "comparison_threshold", o.ComparisonThreshold);
                    if (o.ComparisonMethod is { } m)
                    {
                        w.WriteString("comparison_method", m.ToString());
                    }

                    WriteOptional(w, "datatype_check_threshold", o.DatatypeCheckThreshold);
                    WriteOptional(w, "domain_content_threshold", o.DomainContentThreshold);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            var mc = constraints.MonitoringConfig;
            w.WriteStartObject("monitoring_config");
            w.WriteString("evaluate_constraints", mc.EvaluateConstraints ? "Enabled" : "Disabled");
            w.WriteString("emit_metrics", mc.EmitMetrics ? "Enabled" : "Disabled");
            w.WriteNumber("datatype_check_threshold", mc.DatatypeCheckThreshold);
            w.WriteNumber("domain_content_threshold", mc.DomainContentThreshold);
            var d2 = mc.Distribution;
            w.WriteStartObject("distribution_constraints");
            w.WriteString("perform_comparison", d2.PerformComparison ? "Enabled" : "Disabled");
            w.WriteNumber("comparison_threshold", d2.ComparisonThreshold);
            w.WriteString("comparison_method", d2.ComparisonMethod.ToString());
            w.WriteNumber("categorical_comparison_threshold", d2.CategoricalComparisonThreshold ?? d2.ComparisonThreshold);
            w.WriteString("categorical_drift_method", d2.CategoricalDriftMethod.ToString());
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>Parses data-quality constraints; omitted monitoring settings take AWS's documented defaults.</summary>
    /// <param name="json">Document text.</param>
    /// <param name="documentName">Name for errors.</param>
    /// <returns>The constraints.</returns>
    /// <exception cref="AnalyticsInputException">Invalid document; the message names the field.</exception>
    public static DataQualityConstraints ReadDataQuality(string json, string documentName = "constraints.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = Parse(json, documentName);
        var root = Object(doc.RootElement, documentName);
        var features = new List<FeatureConstraint>();
        var i = 0;
        foreach (var f in Array(root, "features", "").EnumerateArray())
        {
            var path = $"features[{i++}]";
            var name = String(f, "name", path);
            var type = Optional(f, "inferred_type") is not null ? Enum<InferredType>(f, "inferred_type", path) : InferredType.Unknown;
            var completeness = OptionalNumber(f, "completeness", path);
            if (completeness is { } c && !(c >= 0 && c <= 1))
            {
                throw new AnalyticsInputException(Join(path, "completeness"), $"must be between 0 and 1, found {c}");
            }

            bool? nonNegative = null;
            if (Optional(f, "num_constraints") is { } nc && Optional(nc, "is_non_negative") is { } nn)
            {
                nonNegative = nn.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new AnalyticsInputException(Join(path, "num_constraints.is_non_negative"), "expected true or false"),
                };
            }

            List<string>? domains = null;
            if (Optional(f, "string_constraints") is { } sc && Optional(sc, "domains") is { } dom)
            {
                var dp = Join(path, "string_constraints.domains");
                if (dom.ValueKind != JsonValueKind.Array)
                {
                    throw new AnalyticsInputException(dp, "expected an array of strings");
                }

                domains = dom.EnumerateArray().Select(d => d.ValueKind == JsonValueKind.String ? d.GetString()! : d.GetRawText()).ToList();
            }

            FeatureConfigOverrides? overrides = null;
            if (Optional(f, "monitoringConfigOverrides") is { } o)
            {
                var op = Join(path, "monitoringConfigOverrides");
                overrides = new FeatureConfigOverrides(
                    OptionalNumber(o, "comparison_threshold", op),
                    Optional(o, "comparison_method") is not null ? Enum<ComparisonMethod>(o, "comparison_method", op) : null,
                    OptionalNumber(o, "datatype_check_threshold", op),
                    OptionalNumber(o, "domain_content_threshold", op));
            }

            features.Add(new FeatureConstraint(name, type, completeness, nonNegative, domains, overrides));
        }

        var config = MonitoringConfig.Default;
        if (Optional(root, "monitoring_config") is { } mc)
        {
            const string mp = "monitoring_config";
            var dist = DistributionConstraints.Default;
            if (Optional(mc, "distribution_constraints") is { } dc)
            {
                const string dp = "monitoring_config.distribution_constraints";
                var threshold = OptionalNumber(dc, "comparison_threshold", dp) ?? dist.ComparisonThreshold;
                dist = new DistributionConstraints(
                    Switch(dc, "perform_comparison", dp, dist.PerformComparison),
                    threshold,
                    Optional(dc, "comparison_method") is not null ? Enum<ComparisonMethod>(dc, "comparison_method", dp) : dist.ComparisonMethod,
                    OptionalNumber(dc, "categorical_comparison_threshold", dp),
                    Optional(dc, "categorical_drift_method") is not null ? Enum<CategoricalDriftMethod>(dc, "categorical_drift_method", dp) : dist.CategoricalDriftMethod);
            }

            config = new MonitoringConfig(
                Switch(mc, "evaluate_constraints", mp, true),
                Switch(mc, "emit_metrics", mp, true),
                OptionalNumber(mc, "datatype_check_threshold", mp) ?? config.DatatypeCheckThreshold,
                OptionalNumber(mc, "domain_content_threshold", mp) ?? config.DomainContentThreshold,
                dist);
        }

        return new DataQualityConstraints(features, config);
    }

    /// <summary>Serialises model-quality constraints.</summary>
    /// <param name="constraints">The constraints.</param>
    /// <returns>Indented JSON.</returns>
    public static string Write(ModelQualityConstraints constraints)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("version", 0.0);
            w.WriteStartObject(ProblemKeys.First(kv => kv.Value == constraints.ProblemType).Key);
            foreach (var (name, c) in constraints.Metrics)
            {
                w.WriteStartObject(name);
                w.WriteNumber("threshold", c.Threshold);
                w.WriteString("comparison_operator", c.Operator.ToString());
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>Parses model-quality constraints.</summary>
    /// <param name="json">Document text.</param>
    /// <param name="documentName">Name for errors.</param>
    /// <returns>The constraints.</returns>
    public static ModelQualityConstraints ReadModelQuality(string json, string documentName = "constraints.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = Parse(json, documentName);
        var root = Object(doc.RootElement, documentName);
        foreach (var (key, problem) in ProblemKeys)
        {
            if (Optional(root, key) is not { } section)
            {
                continue;
            }

            Object(section, key);
            var metrics = new Dictionary<string, MetricConstraint>(StringComparer.Ordinal);
            foreach (var p in section.EnumerateObject())
            {
                var path = Join(key, p.Name);
                metrics[p.Name] = new MetricConstraint(Number(p.Value, "threshold", path), Enum<ComparisonOperator>(p.Value, "comparison_operator", path));
            }

            return new ModelQualityConstraints(problem, metrics);
        }

        throw new AnalyticsInputException(documentName, "has none of regression_constraints, binary_classification_constraints, multiclass_classification_constraints");
    }

    /// <summary>Serialises violations as <c>constraint_violations.json</c>.</summary>
    /// <param name="violations">The violations.</param>
    /// <param name="modelQuality">True to name the subject <c>metric_name</c> instead of <c>feature_name</c>.</param>
    /// <returns>Indented JSON.</returns>
    public static string WriteViolations(IReadOnlyList<ConstraintViolation> violations, bool modelQuality = false)
    {
        ArgumentNullException.ThrowIfNull(violations);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("violations");
            foreach (var v in violations)
            {
                w.WriteStartObject();
                w.WriteString(modelQuality ? "metric_name" : "feature_name", v.FeatureName);
                w.WriteString("constraint_check_type", v.ConstraintCheckType);
                w.WriteString("description", v.Description);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Parses <c>constraint_violations.json</c>.</summary>
    /// <param name="json">Document text.</param>
    /// <param name="documentName">Name for errors.</param>
    /// <returns>The violations.</returns>
    public static IReadOnlyList<ConstraintViolation> ReadViolations(string json, string documentName = "constraint_violations.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = Parse(json, documentName);
        var root = Object(doc.RootElement, documentName);
        var list = new List<ConstraintViolation>();
        var i = 0;
        foreach (var v in Array(root, "violations", "").EnumerateArray())
        {
            var path = $"violations[{i++}]";
            var subject = Optional(v, "feature_name") is not null ? String(v, "feature_name", path) : String(v, "metric_name", path);
            list.Add(new ConstraintViolation(subject, String(v, "constraint_check_type", path), String(v, "description", path)));
        }

        return list;
    }

    internal static string Json(Action<Utf8JsonWriter> write)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            write(w);
        }

        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static bool Switch(JsonElement obj, string name, string path, bool fallback)
    {
        if (Optional(obj, name) is null)
        {
            return fallback;
        }

        return String(obj, name, path) switch
        {
            "Enabled" => true,
            "Disabled" => false,
            var s => throw new AnalyticsInputException(Join(path, name), $"'{s}' is neither Enabled nor Disabled"),
        };
    }
}
