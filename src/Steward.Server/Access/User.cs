namespace Steward.Server.Access;

/// <summary>A person or service principal inside an account.</summary>
public sealed class User
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string AccountId { get; init; }
    public required string UserName { get; init; }

    /// <summary>ASP.NET Core Identity's PBKDF2 hash (salted, 100k iterations); null when the user has no web login.</summary>
    public string? PasswordHash { get; set; }
    public bool IsAccountAdministrator { get; set; }
    public DateTime CreatedAt { get; init; }
    public long Version { get; set; }

    public string Arn => Arns.User(AccountId, UserName);
}
