namespace Steward.Server.Access;

public enum AccessKeyStatus
{
    Active,
    Inactive,
}

/// <summary>A key pair for API calls. The secret is kept only as AES-GCM ciphertext under the master key.</summary>
public sealed class AccessKey
{
    /// <summary>20 upper-case characters, AKIA-style.</summary>
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required Guid UserId { get; init; }
    public User? User { get; init; }
    public required byte[] SecretCiphertext { get; init; }
    public AccessKeyStatus Status { get; set; }
    public DateTime CreatedAt { get; init; }
    public long Version { get; set; }
}
