using Steward.Server.ModelCards;

namespace Steward.Server.Registry;

/// <summary>
/// A model package group: a named line of model versions (Customer Churn V1, V2, V3...). The name never changes;
/// <see cref="LatestVersion"/> is the counter that gives each registered version its number. Its tags live in the tag
/// store (resource type <c>model-package-group</c>, id = name); its versions carry none of their own.
/// </summary>
public sealed class ModelPackageGroup : IListedByNameOrCreation
{
    public long Id { get; init; }
    public required string AccountId { get; init; }
    public required string Name { get; init; }

    /// <summary>The name in lower case, for the case-insensitive <c>nameContains</c> filter.</summary>
    public required string NameLower { get; init; }
    public string? Description { get; init; }

    /// <summary>The number the latest registered version got (0 before the first); only ever incremented, inside the registering transaction.</summary>
    public int LatestVersion { get; set; }

    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public long Version { get; set; }
}
