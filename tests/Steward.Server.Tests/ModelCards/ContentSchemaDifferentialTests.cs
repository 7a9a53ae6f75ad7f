using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Server.Hosting;
using Steward.Server.ModelCards.Content;

namespace Steward.Server.Tests.ModelCards;

/// <summary>
/// The compiled content validator against the general JSON Schema evaluator it replaced (NJsonSchema, with the same
/// error mapping): a seeded corpus of realistic documents and mutations of them (fields removed, unknown fields
/// added, values of the wrong type, strings and arrays past their limits, metric types changed) must get the same
/// verdict and the same errors, by pointer, rule and message.
/// </summary>
public sealed class ContentSchemaDifferentialTests
{
    private const int Seed = 20261123;
    private const int Mutants = 700;

    [Fact]
    public void Compiled_validator_and_njsonschema_agree_on_a_seeded_corpus()
    {
        var random = new Random(Seed);
        var seeds = SeedDocuments();
        var corpus = new List<JsonObject>(seeds);
        for (var i = 0; i < Mutants; i++)
        {
            var document = (JsonObject)seeds[random.Next(seeds.Count)].DeepClone();
            var mutations = random.Next(4);
            for (var m = 0; m < mutations; m++)
            {
                Mutate(document, random);
            }

            corpus.Add(document);
        }

        var valid = 0;
        foreach (var document in corpus)
        {
            var element = JsonSerializer.SerializeToElement(document);
            var expected = Distinct(NJsonSchemaOracle.Validate(element, "/content"));
            var actual = new List<FieldError>();
            ContentSchema.Embedded.Validate(element, "/content", actual);
            actual = Distinct(actual);
            Assert.True(expected.Count == 0 == (actual.Count == 0), $"verdicts differ on {document.ToJsonString()}\nNJsonSchema: {Show(expected)}\ncompiled: {Show(actual)}");
            Assert.True(expected.ToHashSet().SetEquals(actual), $"errors differ on {document.ToJsonString()}\nNJsonSchema: {Show(expected)}\ncompiled: {Show(actual)}");
            valid += actual.Count == 0 ? 1 : 0;
        }

        // Not vacuous: the corpus holds plenty of both.
        Assert.InRange(valid, corpus.Count / 10, corpus.Count / 2);
    }

    [Fact]
    public void The_demo_portfolio_is_valid_to_both()
    {
        foreach (var document in SeedDocuments())
        {
            var element = JsonSerializer.SerializeToElement(document);
            Assert.Empty(NJsonSchemaOracle.Validate(element, ""));
            var errors = new List<FieldError>();
            ContentSchema.Embedded.Validate(element, "", errors);
            Assert.Empty(errors);
        }
    }

    [Theory]
    [InlineData("""{"type": "object", "oneOf": [{"type": "string"}]}""", "oneOf")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "string", "format": "date-time"}}}""", "format")]
    [InlineData("""{"type": ["string", "null"]}""", "single type")]
    [InlineData("""{"properties": {"a": {"$ref": "#/definitions/missing"}}}""", "missing")]
    public void A_keyword_the_compiler_does_not_evaluate_stops_it_instead_of_being_ignored(string schema, string mentioned)
    {
        using var document = JsonDocument.Parse(schema);
        var error = Assert.Throws<NotSupportedException>(() => ContentSchema.Compile(document.RootElement));
        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Integers_are_literals_without_fraction_or_exponent_as_before()
    {
        foreach (var (version, ok) in new[] { ("3", true), ("3.0", false), ("3e0", false), ("0", false), ("-2", false), ("123456789012345678901234567890", true) })
        {
            using var document = JsonDocument.Parse("{\"model_package_details\": {\"model_package_version\": " + version + "}}");
            var errors = new List<FieldError>();
            ContentSchema.Embedded.Validate(document.RootElement, "", errors);
            Assert.True(ok == (errors.Count == 0), $"{version}: {Show(errors)}");
            if (version.Length < 29)
            {
                // NJsonSchema throws InvalidCastException on an integer beyond decimal (the server answered 500 for it before).
                Assert.Equal(Distinct(NJsonSchemaOracle.Validate(document.RootElement, "")).ToHashSet(), Distinct(errors).ToHashSet());
            }
        }
    }

    private static List<FieldError> Distinct(List<FieldError> errors) => [.. errors.DistinctBy(e => (e.Pointer, e.Rule))];

    private static string Show(List<FieldError> errors) => string.Join("; ", errors.Select(e => $"{e.Pointer} {e.Rule}: {e.Message}"));

    /// <summary>Every content document of the demo portfolio, the test kit's card, and one that uses every section of the schema.</summary>
    private static List<JsonObject> SeedDocuments()
    {
        var documents = new List<JsonObject> { ModelCardKit.Content(), Everything() };
        var assembly = typeof(ContentSchema).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Steward.ModelCards.Demo.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            var card = JsonNode.Parse(stream)!.AsObject();
            foreach (var step in card["steps"]!.AsArray())
            {
                if (step?["content"] is JsonObject content)
                {
                    documents.Add((JsonObject)content.DeepClone());
                }
            }
        }

        Assert.True(documents.Count >= 10, "the demo portfolio should give at least ten documents");
        return documents;
    }

    private static JsonObject Everything() => JsonNode.Parse("""
        {
          "model_overview": {
            "model_id": "arn:aws:sagemaker:us-east-1:123456789012:model/everything", "model_name": "everything", "model_version": 2.5,
            "model_description": "d", "model_creator": "c", "model_artifact": ["s3://a/model.tar.gz"], "algorithm_type": "xgboost",
            "problem_type": "Binary Classification", "model_owner": "o", "inference_environment": { "container_image": ["image:1"] }
          },
          "intended_uses": { "purpose_of_model": "p", "intended_uses": "u", "factors_affecting_model_efficiency": "f", "risk_rating": "Low", "explanations_for_risk_rating": "e" },
          "business_details": { "business_problem": "b", "business_stakeholders": "s", "line_of_business": "l" },
          "training_details": {
            "objective_function": { "function": { "function": "Minimize", "facet": "loss", "condition": "none" }, "notes": "n" },
            "training_observations": "o",
            "training_job_details": {
              "training_arn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/t", "training_datasets": ["s3://a/train"],
              "training_environment": { "container_image": ["image:2"] },
              "training_metrics": [{ "name": "loss", "value": 0.1, "notes": "n" }],
              "user_provided_training_metrics": [{ "name": "auc", "value": 1 }],
              "hyper_parameters": [{ "name": "eta", "value": "0.3" }],
              "user_provided_hyper_parameters": [{ "name": "depth" }]
            }
          },
          "evaluation_details": [{
            "name": "holdout", "evaluation_observation": "o", "evaluation_job_arn": "arn:j", "datasets": ["s3://a/test"],
            "metadata": { "owner": "qa" },
            "metric_groups": [{ "name": "g", "metric_data": [
              { "name": "auc", "type": "number", "value": 0.91, "notes": "n", "x_axis_name": "x", "y_axis_name": "y" },
              { "name": "label", "type": "string", "value": "good" },
              { "name": "ok", "type": "boolean", "value": true },
              { "name": "roc", "type": "linear_graph", "value": [[0, 0], [0.5, 0.8], [1, 1]], "x_axis_name": "fpr", "y_axis_name": "tpr" },
              { "name": "imp", "type": "bar_chart", "value": [0.5, 0.3], "x_axis_name": ["a", "b"], "y_axis_name": "gain" },
              { "name": "cm", "type": "matrix", "value": [[5, 1], [2, 7]], "x_axis_name": ["p0", "p1"], "y_axis_name": ["a0", "a1"] }
            ] }]
          }],
          "additional_information": { "ethical_considerations": "e", "caveats_and_recommendations": "c", "custom_details": { "k": "v" } },
          "model_package_details": {
            "model_package_description": "d", "model_package_arn": "arn:p", "created_by": { "user_profile_name": "u" },
            "model_package_status": "Completed", "model_approval_status": "Approved", "approval_description": "a",
            "model_package_group_name": "g", "model_package_name": "n", "model_package_version": 3, "domain": "d", "task": "t",
            "source_algorithms": [{ "algorithm_name": "xgboost", "model_data_url": "s3://a" }],
            "inference_specification": { "containers": [{ "image": "image:3", "model_data_url": "s3://b", "nearest_model_name": "m" }] }
          }
        }
        """)!.AsObject();

    private static readonly JsonNode?[] Replacements =
    [
        "text", "", 1, 1.5, 0, -1, true, false, null, new JsonObject(), new JsonArray(), new JsonArray(1, 2), new JsonArray("a"),
        new JsonObject { ["a"] = 1 }, new JsonObject { ["name"] = "n" }, "Sideways", "High", "number", "matrix",
    ];

    private static readonly string[] MetricTypes = ["number", "string", "boolean", "linear_graph", "bar_chart", "matrix", "pie_chart"];
    private static readonly int[] Lengths = [1, 2, 3, 11, 16, 21, 51, 101];
    private static readonly int[] StringLengths = [0, 63, 64, 256, 1025, 2049, 2097];

    /// <summary>Changes one randomly chosen place of the document in one of the ways documents go wrong.</summary>
    private static void Mutate(JsonObject document, Random random)
    {
        var places = new List<JsonNode>();
        Collect(document, places);
        var target = places[random.Next(places.Count)];
        switch (random.Next(7))
        {
            case 0 when target.Parent is JsonObject parent && target != document:
                parent.Remove(target.GetPropertyName());
                break;
            case 1 when target is JsonObject obj:
                obj[random.Next(2) == 0 ? "unknown_field" : "a/b~c"] = random.Next(2) == 0 ? "x" : 1;
                break;
            case 2 when target is JsonValue value && value.GetValueKind() == JsonValueKind.String:
                Replace(document, target, new string('s', StringLengths[random.Next(StringLengths.Length)]));
                break;
            case 3 when target is JsonArray array && array.Count > 0:
                var length = Lengths[random.Next(Lengths.Length)];
                var first = array[0];
                array.Clear();
                for (var i = 0; i < length; i++)
                {
                    array.Add(first?.DeepClone());
                }

                break;
            case 4 when target is JsonObject metric && metric.ContainsKey("type"):
                metric["type"] = MetricTypes[random.Next(MetricTypes.Length)];
                break;
            case 5 when target is JsonArray array:
                array.Clear();
                break;
            default:
                if (target != document)
                {
                    Replace(document, target, Replacements[random.Next(Replacements.Length)]?.DeepClone());
                }

                break;
        }
    }

    private static void Replace(JsonObject document, JsonNode target, JsonNode? replacement)
    {
        switch (target.Parent)
        {
            case JsonObject parent:
                parent[target.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = replacement;
                break;
            default:
                Assert.Same(document, target);
                break;
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> places)
    {
        places.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Collect(child, places);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Collect(child, places);
                    }
                }

                break;
        }
    }
}
