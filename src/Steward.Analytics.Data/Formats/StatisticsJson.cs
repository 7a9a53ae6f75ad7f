using System.Text.Json;
using Steward.Analytics.Profiling;
using static Steward.Analytics.Data.Formats.JsonFields;

namespace Steward.Analytics.Data.Formats;

/// <summary>
/// Reads and writes SageMaker Model Monitor's data-quality <c>statistics.json</c>:
/// <c>{"version": 0.0, "dataset": {"item_count": n}, "features": [{name, inferred_type, numerical_statistics |
/// string_statistics}]}</c>, numeric features carrying <c>distribution.kll</c> buckets and the sketch
/// (<c>parameters {c, k}</c>, <c>data</c> = compactor levels), string features <c>distinct_count</c> and
/// <c>distribution.categorical.buckets</c>. Files produced by SageMaker load; unknown fields are ignored.
/// </summary>
public static class StatisticsJson
{
    /// <summary>Serialises a profile.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>Indented JSON.</returns>
    public static string Write(DatasetProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", 0.0);
            w.WriteStartObject("dataset");
            w.WriteNumber("item_count", profile.ItemCount);
            w.WriteEndObject();
            w.WriteStartArray("features");
            foreach (var f in profile.Features)
            {
                WriteFeature(w, f);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Parses a statistics.json document.</summary>
    /// <param name="json">The document text.</param>
    /// <param name="documentName">Name used in error messages (e.g. the file name).</param>
    /// <returns>The profile (value-class counts and numeric distinct estimates are not part of the format: null).</returns>
    /// <exception cref="AnalyticsInputException">The document is not valid statistics JSON; the message names the field.</exception>
    public static DatasetProfile Read(string json, string documentName = "statistics.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = Parse(json, documentName);
        var root = Object(doc.RootElement, documentName);
        var dataset = Required(root, "dataset", "");
        var itemCount = Count(dataset, "item_count", "dataset");
        var features = new List<FeatureProfile>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var f in Array(root, "features", "").EnumerateArray())
        {
            var path = $"features[{i++}]";
            var feature = ReadFeature(f, path);
            if (!names.Add(feature.Name))
            {
                throw new AnalyticsInputException(Join(path, "name"), $"feature '{feature.Name}' appears more than once");
            }

            features.Add(feature);
        }

        return new DatasetProfile(itemCount, features);
    }

    private static void WriteFeature(Utf8JsonWriter w, FeatureProfile f)
    {
        w.WriteStartObject();
        w.WriteString("name", f.Name);
        w.WriteString("inferred_type", f.InferredType.ToString());
        if (f.Numerical is { } n)
        {
            w.WriteStartObject("numerical_statistics");
            WriteCommon(w, f);
            WriteNumber(w, "mean", n.Mean);
            WriteNumber(w, "sum", n.Sum);
            WriteNumber(w, "std_dev", n.StdDev);
            WriteNumber(w, "min", n.Min);
            WriteNumber(w, "max", n.Max);
            w.WriteStartObject("distribution");
            w.WriteStartObject("kll");
            w.WriteStartArray("buckets");
            foreach (var b in n.Distribution.Buckets)
            {
                w.WriteStartObject();
                WriteNumber(w, "lower_bound", b.LowerBound);
                WriteNumber(w, "upper_bound", b.UpperBound);
                w.WriteNumber("count", b.Count);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("sketch");
            w.WriteStartObject("parameters");
            w.WriteNumber("c", n.Distribution.ShrinkingFactor);
            w.WriteNumber("k", (double)n.Distribution.SketchSize);
            w.WriteEndObject();
            w.WriteStartArray("data");
            foreach (var level in n.Distribution.Levels)
            {
                w.WriteStartArray();
                foreach (var x in level)
                {
                    w.WriteNumberValue(x);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        else
        {
            var s = f.Strings ?? new StringProfile(0, []);
            w.WriteStartObject("string_statistics");
            WriteCommon(w, f);
            w.WriteNumber("distinct_count", s.DistinctCount);
            w.WriteStartObject("distribution");
            w.WriteStartObject("categorical");
            w.WriteStartArray("buckets");
            foreach (var b in s.Buckets)
            {
                w.WriteStartObject();
                w.WriteString("value", b.Value);
                w.WriteNumber("count", b.Count);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteCommon(Utf8JsonWriter w, FeatureProfile f)
    {
        w.WriteStartObject("common");
        w.WriteNumber("num_present", f.NumPresent);
        w.WriteNumber("num_missing", f.NumMissing);
        w.WriteEndObject();
    }

    private static FeatureProfile ReadFeature(JsonElement f, string path)
    {
        Object(f, path);
        var name = String(f, "name", path);
        var type = Enum<InferredType>(f, "inferred_type", path);
        if (Optional(f, "numerical_statistics") is { } ns)
        {
            var np = Join(path, "numerical_statistics");
            var (present, missing) = ReadCommon(ns, np);
            var kllPath = Join(np, "distribution.kll");
            var kll = Required(Required(ns, "distribution", np), "kll", Join(np, "distribution"));
            var buckets = new List<KllBucket>();
            var bi = 0;
            foreach (var b in Array(kll, "buckets", kllPath).EnumerateArray())
            {
                var bp = $"{kllPath}.buckets[{bi++}]";
                buckets.Add(new KllBucket(Number(b, "lower_bound", bp), Number(b, "upper_bound", bp), Count(b, "count", bp)));
            }

            var sketch = Required(kll, "sketch", kllPath);
            var sp = Join(kllPath, "sketch");
            var parameters = Required(sketch, "parameters", sp);
            var c = Number(parameters, "c", Join(sp, "parameters"));
            var k = Number(parameters, "k", Join(sp, "parameters"));
            if (!(c > 0 && c <= 1) || !(k >= 2) || k != Math.Floor(k) || k > int.MaxValue)
            {
                throw new AnalyticsInputException(Join(sp, "parameters"), $"invalid KLL parameters c={c}, k={k}");
            }

            var levels = new List<IReadOnlyList<double>>();
            var li = 0;
            foreach (var level in Array(sketch, "data", sp).EnumerateArray())
            {
                var lp = $"{sp}.data[{li++}]";
                if (level.ValueKind != JsonValueKind.Array)
                {
                    throw new AnalyticsInputException(lp, "expected an array of numbers");
                }

                var items = new List<double>(level.GetArrayLength());
                var ii = 0;
                foreach (var x in level.EnumerateArray())
                {
                    var v = Number(x, $"{lp}[{ii++}]");
                    if (!double.IsFinite(v))
                    {
                        throw new AnalyticsInputException($"{lp}[{ii - 1}]", "sketch items must be finite numbers");
                    }

                    items.Add(v);
                }

                levels.Add(items);
            }

            var numeric = new NumericProfile(
                Number(ns, "mean", np),
                Number(ns, "sum", np),
                Number(ns, "std_dev", np),
                Number(ns, "min", np),
                Number(ns, "max", np),
                new KllDistribution(buckets, (int)k, c, levels));
            if (type is not (InferredType.Integral or InferredType.Fractional))
            {
                throw new AnalyticsInputException(Join(path, "inferred_type"), $"'{type}' feature '{name}' carries numerical_statistics");
            }

            return new FeatureProfile(name, type, present, missing, numeric, null);
        }

        if (type is InferredType.Integral or InferredType.Fractional)
        {
            throw new AnalyticsInputException(Join(path, "numerical_statistics"), $"is missing for {type} feature '{name}'");
        }

        if (Optional(f, "string_statistics") is { } ss)
        {
            var sp = Join(path, "string_statistics");
            var (present, missing) = ReadCommon(ss, sp);
            var distinct = Optional(ss, "distinct_count") is not null ? Count(ss, "distinct_count", sp) : 0;
            var buckets = new List<CategoricalBucket>();
            if (Optional(ss, "distribution") is { } dist && Optional(dist, "categorical") is { } cat)
            {
                var cp = Join(sp, "distribution.categorical");
                var bi = 0;
                foreach (var b in Array(cat, "buckets", cp).EnumerateArray())
                {
                    var bp = $"{cp}.buckets[{bi++}]";
                    var value = Required(b, "value", bp);
                    var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                    buckets.Add(new CategoricalBucket(text, Count(b, "count", bp)));
                }
            }

            return new FeatureProfile(name, type, present, missing, null, new StringProfile(distinct, buckets, BucketsExact: buckets.Sum(b => b.Count) == present));
        }

        if (type == InferredType.Unknown)
        {
            return new FeatureProfile(name, type, 0, 0, null, new StringProfile(0, []));
        }

        throw new AnalyticsInputException(Join(path, "string_statistics"), $"is missing for String feature '{name}'");
    }

    private static (long Present, long Missing) ReadCommon(JsonElement stats, string path)
    {
        var common = Required(stats, "common", path);
        var cp = Join(path, "common");
        return (Count(common, "num_present", cp), Count(common, "num_missing", cp));
    }
}
