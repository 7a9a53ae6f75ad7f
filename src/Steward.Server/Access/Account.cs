namespace Steward.Server.Access;

/// <summary>A tenant: owns principals and resources. Ids are 12 digits, as AWS account ids.</summary>
public sealed class Account
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; init; }

    /// <summary>Four-eyes: the author of a model card's latest content version may not approve it.</summary>
    public bool RequireIndependentApproval { get; set; }

    /// <summary>The registry's approval gate: a model package version is Approved only when its model card is (on by default).</summary>
    public bool RequireApprovedModelCardForPackageApproval { get; set; } = true;
    public long Version { get; set; }
}
