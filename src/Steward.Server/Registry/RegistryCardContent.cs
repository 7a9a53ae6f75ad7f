using System.Text.Json;
using System.Text.Json.Nodes;

namespace Steward.Server.Registry;

/// <summary>
/// How the registry writes into model card content. Three sources, in this order of precedence: what the author
/// wrote (never overwritten), facts of the training job, and what is carried over from the previous version's card.
/// <c>model_package_details</c> alone belongs to the registry: it is rewritten from the version every time.
/// </summary>
public static class RegistryCardContent
{
    /// <summary>The descriptive parts of <c>model_overview</c> that carry over; ids, versions, artifacts and images do not.</summary>
    private static readonly string[] DescriptiveOverview = ["model_name", "model_description", "model_owner", "model_creator", "problem_type", "algorithm_type"];

    /// <summary>Reads content (an object, or a string holding one, as cards accept) into a mutable object.</summary>
    public static JsonObject Parse(JsonElement? content) => content switch
    {
        { ValueKind: JsonValueKind.Object } o => JsonNode.Parse(o.GetRawText())!.AsObject(),
        { ValueKind: JsonValueKind.String } s when JsonNode.Parse(s.GetString()!) is JsonObject parsed => parsed,
        _ => [],
    };

    /// <summary>Fills what <paramref name="content"/> lacks from the previous version's card: business details, intended uses, descriptive overview.</summary>
    public static void CarryOver(JsonObject content, JsonElement previous)
    {
        if (previous.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var section in new[] { "business_details", "intended_uses" })
        {
            if (previous.TryGetProperty(section, out var value) && value.ValueKind == JsonValueKind.Object)
            {
                var target = Section(content, section);
                foreach (var member in value.EnumerateObject())
                {
                    SetIfAbsent(target, member.Name, JsonNode.Parse(member.Value.GetRawText()));
                }
            }
        }

        if (previous.TryGetProperty("model_overview", out var overview) && overview.ValueKind == JsonValueKind.Object)
        {
            var target = Section(content, "model_overview");
            foreach (var name in DescriptiveOverview)
            {
                if (overview.TryGetProperty(name, out var value))
                {
                    SetIfAbsent(target, name, JsonNode.Parse(value.GetRawText()));
                }
            }
        }

        RemoveEmpty(content, "business_details", "intended_uses", "model_overview");
    }

    /// <summary>
    /// Fills <c>model_overview</c> (artifact, inference environment, algorithm) and <c>training_details</c> from a
    /// training job, field by field, where the content has nothing yet.
    /// </summary>
    public static void FillFromTrainingJob(JsonObject content, TrainingJobDto job, IReadOnlyList<string> inferenceImages)
    {
        var overview = Section(content, "model_overview");
        if (job.OutputModelArtifact is { } artifact)
        {
            SetIfAbsent(overview, "model_artifact", new JsonArray(artifact));
        }

        var images = inferenceImages.Count > 0 ? inferenceImages : job.ContainerImage is { } image ? [image] : [];
        if (images.Count > 0)
        {
            var environment = Section(overview, "inference_environment");
            SetIfAbsent(environment, "container_image", new JsonArray([.. images.Take(15).Select(i => (JsonNode)JsonValue.Create(i))]));
        }

        if (job.Algorithm is { } algorithm)
        {
            SetIfAbsent(overview, "algorithm_type", algorithm);
        }

        var details = Section(Section(content, "training_details"), "training_job_details");
        SetIfAbsent(details, "training_arn", job.Arn);
        if (job.InputDatasets.Count > 0)
        {
            SetIfAbsent(details, "training_datasets", new JsonArray([.. job.InputDatasets.Select(d => (JsonNode)JsonValue.Create(d))]));
        }

        if (job.ContainerImage is { } trainingImage)
        {
            SetIfAbsent(Section(details, "training_environment"), "container_image", new JsonArray(trainingImage));
        }

        if (job.Metrics.Count > 0)
        {
            SetIfAbsent(details, "training_metrics", new JsonArray([.. job.Metrics.Select(m => (JsonNode)new JsonObject { ["name"] = m.Name, ["value"] = m.Value })]));
        }

        if (job.HyperParameters.Count > 0)
        {
            SetIfAbsent(details, "hyper_parameters", new JsonArray([.. job.HyperParameters.Select(h => (JsonNode)new JsonObject { ["name"] = h.Key, ["value"] = h.Value })]));
        }

        RemoveEmpty(details, "training_environment");
        RemoveEmpty(overview, "inference_environment");
        RemoveEmpty(content, "model_overview");
    }

    /// <summary>Writes <c>model_package_details</c> from the version (replacing what was there).</summary>
    public static void SetPackageDetails(JsonObject content, ModelPackageDto package)
    {
        var details = new JsonObject
        {
            ["model_package_arn"] = package.ModelPackageArn,
            ["model_package_group_name"] = package.ModelPackageGroupName,
            ["model_package_name"] = package.ModelPackageName,
            ["model_package_version"] = package.ModelPackageVersion,
            ["model_package_status"] = package.ModelPackageStatus,
            ["model_approval_status"] = package.ModelApprovalStatus,
        };
        if (package.ApprovalDescription is { } approval)
        {
            details["approval_description"] = approval;
        }

        if (package.ModelPackageDescription is { } description)
        {
            details["model_package_description"] = description;
        }

        details["created_by"] = new JsonObject { ["user_profile_name"] = UserProfileName(package.CreatedBy) };
        if (package.InferenceSpecification?.Containers is { Count: > 0 } containers)
        {
            details["inference_specification"] = new JsonObject
            {
                ["containers"] = new JsonArray([.. containers.Select(c =>
                {
                    var container = new JsonObject { ["image"] = c.Image };
                    if (c.ModelDataUrl is { } url)
                    {
                        container["model_data_url"] = url;
                    }

                    return (JsonNode)container;
                })]),
            };
        }

        content["model_package_details"] = details;
    }

    /// <summary>The inference images of a specification, in order.</summary>
    public static IReadOnlyList<string> Images(InferenceSpecification? specification) =>
        specification?.Containers is { } containers ? [.. containers.Select(c => c.Image!).Where(i => !string.IsNullOrEmpty(i))] : [];

    /// <summary>The user name of a principal ARN (<c>arn:aws:iam::123456789012:user/alice</c> → alice), at most 63 characters.</summary>
    public static string UserProfileName(string principalArn)
    {
        var slash = principalArn.LastIndexOf('/');
        var name = slash >= 0 ? principalArn[(slash + 1)..] : principalArn;
        return name.Length <= 63 ? name : name[..63];
    }

    private static JsonObject Section(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        if (!parent.ContainsKey(name))
        {
            parent[name] = created;
        }

        // A non-object already there is the author's: leave it, and write into a detached object nobody sees.
        return parent[name] as JsonObject ?? created;
    }

    private static void SetIfAbsent(JsonObject target, string name, JsonNode? value)
    {
        if (!target.ContainsKey(name) && value is not null)
        {
            target[name] = value;
        }
    }

    private static void RemoveEmpty(JsonObject parent, params string[] names)
    {
        foreach (var name in names)
        {
            if (parent[name] is JsonObject { Count: 0 })
            {
                parent.Remove(name);
            }
        }
    }
}
