using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Access;
using Steward.Server.Storage;

namespace Steward.Server.Tests.Infrastructure;

public sealed record TestPrincipal(string AccountId, string UserName, string KeyId, string Secret);

/// <summary>Seeds accounts and users straight into the server's database, for what the API cannot create yet.</summary>
public static class Principals
{
    public static async Task<TestPrincipal> SeedAsync(StewardServer server, string? accountId = null, bool administrator = false)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var masterKey = scope.ServiceProvider.GetRequiredService<MasterKey>();
        if (accountId is null)
        {
            accountId = Credentials.NewAccountId();
            db.Accounts.Add(new Account { Id = accountId, Name = "other", CreatedAt = DateTime.UtcNow });
        }

        var user = new User { AccountId = accountId, UserName = "u" + Guid.NewGuid().ToString("N")[..10], IsAccountAdministrator = administrator, CreatedAt = DateTime.UtcNow };
        var keyId = Credentials.NewAccessKeyId();
        var secret = Credentials.NewSecret();
        db.Users.Add(user);
        db.AccessKeys.Add(new AccessKey
        {
            Id = keyId,
            AccountId = accountId,
            UserId = user.Id,
            SecretCiphertext = masterKey.Encrypt(secret, keyId),
            Status = AccessKeyStatus.Active,
            CreatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
        return new TestPrincipal(accountId, user.UserName, keyId, secret);
    }
}
