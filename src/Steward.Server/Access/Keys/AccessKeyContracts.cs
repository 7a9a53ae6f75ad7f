using System.ComponentModel.DataAnnotations;

namespace Steward.Server.Access.Keys;

/// <summary>An access key as the API shows it: never its secret.</summary>
public sealed record AccessKeyDto(string AccessKeyId, string UserName, string Status, DateTime CreatedAt);

/// <summary>The one response that carries a secret: key creation. The secret cannot be read again.</summary>
public sealed record CreatedAccessKeyDto(string AccessKeyId, string SecretAccessKey, string UserName, string Status, DateTime CreatedAt);

public sealed record CreateAccessKeyRequest
{
    /// <summary>The user to create the key for; the caller when omitted.</summary>
    [StringLength(64, MinimumLength = 1)]
    [RegularExpression("^[A-Za-z0-9+=,.@_-]+$")]
    public string? UserName { get; init; }
}

public sealed record UpdateAccessKeyRequest
{
    [Required]
    [RegularExpression("^(Active|Inactive)$")]
    public required string Status { get; init; }
}

public sealed record AccessKeyList(IReadOnlyList<AccessKeyDto> AccessKeys);
