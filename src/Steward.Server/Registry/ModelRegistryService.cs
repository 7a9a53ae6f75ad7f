using System.Text.Json;
using Microsoft.Extensions.Options;
using Steward.Server.Access;
using Steward.Server.Hosting;
using Steward.Server.Lineage;
using Steward.Server.ModelCards;
using Steward.Server.ModelCards.Content;
using Steward.Server.ModelCards.Integrity;
using Steward.Server.Storage;
using Steward.Server.Tagging;

namespace Steward.Server.Registry;

/// <summary>A version as a registration returns it, and whether the call replayed an earlier one (same ClientToken).</summary>
public sealed record ModelPackageWriteResult(ModelPackageDto Package, bool Replayed);

/// <summary>
/// The one place model package groups, model package versions and training jobs are created, changed and read; REST,
/// the CLI (through the client) and the SageMaker adapter all come here. Every query is scoped to the caller's
/// account. Cards are written only through <see cref="ModelCardService"/>'s public methods, inside the registry's
/// transaction, so that a version and its card commit (with the call's audit record) or roll back together.
/// </summary>
public sealed partial class ModelRegistryService(
    StewardDbContext db, ModelCardService cards, ModelCardContentValidator validator, TagService tagging, LineageService lineage, TimeProvider time, IOptions<StewardOptions> options)
{
    /// <summary>The resource type of groups in ARNs and in the tag store.</summary>
    public const string GroupResourceType = "model-package-group";

    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;
    private const int MaxAttempts = 16;

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly string _region = options.Value.Region;

    public string GroupArnOf(string accountId, string name) => Arns.ModelPackageGroup(_region, accountId, name);

    public string PackageArnOf(string accountId, string groupName, int version) => Arns.ModelPackage(_region, accountId, groupName, version);

    public string TrainingJobArnOf(string accountId, string name) => Arns.TrainingJob(_region, accountId, name);

    private DateTime Now() => VersionChain.Normalize(time.GetUtcNow());

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, WebJson);

    private static T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, WebJson);

    private static string RequestHash<T>(T request) => JsonCanonicalizer.Sha256Hex(JsonSerializer.SerializeToElement(request, WebJson));

    private static void ThrowIfAny(List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new FieldValidationException([.. errors]);
        }
    }

    private static void CheckNameContains(string? contains, List<FieldError> errors)
    {
        if (contains is not null && (contains.Length > ModelCardRules.MaxNameLength || contains.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-')))
        {
            errors.Add(new FieldError("/nameContains", "pattern", "must be at most 63 ASCII letters, digits and hyphens"));
        }
    }

    private static string Fingerprint(params string?[] parts) =>
        JsonCanonicalizer.Sha256Hex(JsonSerializer.SerializeToElement(parts))[..16];
}
