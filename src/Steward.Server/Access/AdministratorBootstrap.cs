using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Steward.Server.Audit;
using Steward.Server.Hosting;
using Steward.Server.Storage;

namespace Steward.Server.Access;

/// <summary>What the operator chose for the first administrator (from the environment); empty values mean "generate".</summary>
public sealed record AdministratorSeed(string? AccessKeyId, string? SecretAccessKey, string? Password)
{
    public const string AccessKeyIdVariable = "STEWARD_ADMIN_ACCESS_KEY_ID";
    public const string SecretVariable = "STEWARD_ADMIN_SECRET_ACCESS_KEY";
    public const string PasswordVariable = "STEWARD_ADMIN_PASSWORD";

    public static AdministratorSeed FromEnvironment() => new(
        Environment.GetEnvironmentVariable(AccessKeyIdVariable),
        Environment.GetEnvironmentVariable(SecretVariable),
        Environment.GetEnvironmentVariable(PasswordVariable));
}

/// <summary>Credentials generated at first start; shown once and written to <c>admin-credentials.json</c> (0600).</summary>
public sealed record GeneratedAdministrator(string AccountId, string UserName, string? AccessKeyId, string? SecretAccessKey, string? Password, string CredentialsFile);

/// <summary>
/// First start: creates the default account, its administrator <c>admin</c> and the administrator's key pair.
/// There is no default password: values not given in the environment are generated.
/// </summary>
public sealed class AdministratorBootstrap(StewardDbContext db, MasterKey masterKey, TimeProvider time)
{
    public const string AdministratorUserName = "admin";
    public const string CredentialsFileName = "admin-credentials.json";

    /// <returns>The generated credentials to show once, or null when the account already existed or nothing was generated.</returns>
    public async Task<GeneratedAdministrator?> EnsureAsync(AdministratorSeed seed, string dataDirectory, CancellationToken cancellationToken)
    {
        if (await db.Accounts.AnyAsync(cancellationToken))
        {
            return null;
        }

        Validate(seed);
        var now = time.GetUtcNow().UtcDateTime;
        var account = new Account { Id = Credentials.NewAccountId(), Name = "default", CreatedAt = now };
        var password = string.IsNullOrEmpty(seed.Password) ? Credentials.NewPassword() : seed.Password;
        var admin = new User { AccountId = account.Id, UserName = AdministratorUserName, IsAccountAdministrator = true, CreatedAt = now };
        admin.PasswordHash = new PasswordHasher<User>().HashPassword(admin, password);
        var keyId = string.IsNullOrEmpty(seed.AccessKeyId) ? Credentials.NewAccessKeyId() : seed.AccessKeyId;
        var secret = string.IsNullOrEmpty(seed.SecretAccessKey) ? Credentials.NewSecret() : seed.SecretAccessKey;
        var key = new AccessKey
        {
            Id = keyId,
            AccountId = account.Id,
            UserId = admin.Id,
            SecretCiphertext = masterKey.Encrypt(secret, keyId),
            Status = AccessKeyStatus.Active,
            CreatedAt = now,
        };

        db.Accounts.Add(account);
        db.Users.Add(admin);
        db.AccessKeys.Add(key);
        // The log head has a fixed primary key: a second replica racing this first start fails here and finds the account.
        db.AuditLogHeads.Add(new AuditLogHead { LastHash = AuditTrail.GenesisHashValue, Frontier = string.Empty });
        await db.SaveChangesAsync(cancellationToken);

        var generatedKey = string.IsNullOrEmpty(seed.AccessKeyId);
        var generatedPassword = string.IsNullOrEmpty(seed.Password);
        if (!generatedKey && !generatedPassword)
        {
            return null;
        }

        var file = Path.Combine(dataDirectory, CredentialsFileName);
        var generated = new GeneratedAdministrator(
            account.Id,
            AdministratorUserName,
            generatedKey ? keyId : null,
            generatedKey ? secret : null,
            generatedPassword ? password : null,
            file);
        SecretFile.WriteNew(file, JsonSerializer.Serialize(generated with { CredentialsFile = CredentialsFileName }, JsonOptions));
        return generated;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static void Validate(AdministratorSeed seed)
    {
        var hasId = !string.IsNullOrEmpty(seed.AccessKeyId);
        var hasSecret = !string.IsNullOrEmpty(seed.SecretAccessKey);
        if (hasId != hasSecret)
        {
            throw new StartupException($"Set both {AdministratorSeed.AccessKeyIdVariable} and {AdministratorSeed.SecretVariable}, or neither.");
        }

        if (hasId && !Credentials.IsAccessKeyId(seed.AccessKeyId!))
        {
            throw new StartupException($"{AdministratorSeed.AccessKeyIdVariable} must be 20 upper-case letters or digits.");
        }

        if (hasSecret && !Credentials.IsSecret(seed.SecretAccessKey!))
        {
            throw new StartupException($"{AdministratorSeed.SecretVariable} must be 40 characters of A-Z, a-z, 0-9, + and /.");
        }

        if (seed.Password is { Length: > 0 and < 12 })
        {
            throw new StartupException($"{AdministratorSeed.PasswordVariable} must be at least 12 characters.");
        }
    }
}
