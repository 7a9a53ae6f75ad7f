using System.Text.Json.Serialization;
using Steward.Analytics.AttributionDrift;
using Steward.Analytics.Bias;
using Steward.Analytics.Explainability;

namespace Steward.Analytics;

/// <summary>
/// System.Text.Json metadata for the Clarify-shaped reports (bias, explanations, attribution drift). ±∞ and NaN are
/// written as the strings <c>"Infinity"</c>, <c>"-Infinity"</c>, <c>"NaN"</c>, Clarify's convention in <c>analysis.json</c>.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(BiasReport))]
[JsonSerializable(typeof(ExplanationReport))]
[JsonSerializable(typeof(AttributionDriftReport))]
public sealed partial class AnalyticsReportJson : JsonSerializerContext;
