using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Steward.Server.Storage;

namespace Steward.Server.Access.Authentication;

/// <summary>An access key as authentication needs it, with its secret decrypted.</summary>
public sealed record ResolvedAccessKey(string KeyId, AccessKeyStatus Status, string Secret, Caller Caller);

/// <summary>
/// Finds access keys for authentication. Lookups are cached for a few seconds so that authenticated reads do
/// not each pay a database round trip and a decryption; a change made on this replica evicts at once, other
/// replicas see it within <see cref="CacheLifetime"/>.
/// </summary>
public sealed class AccessKeyStore(IServiceScopeFactory scopes, MasterKey masterKey, IMemoryCache cache)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    public async Task<ResolvedAccessKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey(keyId), out ResolvedAccessKey? cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        var key = await db.AccessKeys.AsNoTracking().Include(k => k.User).FirstOrDefaultAsync(k => k.Id == keyId, cancellationToken);
        var resolved = key?.User is null
            ? null
            : new ResolvedAccessKey(
                key.Id,
                key.Status,
                masterKey.Decrypt(key.SecretCiphertext, key.Id),
                new Caller(key.AccountId, key.UserId, key.User.UserName, key.User.IsAccountAdministrator, key.Id));
        cache.Set(CacheKey(keyId), resolved, CacheLifetime);
        return resolved;
    }

    public void Evict(string keyId) => cache.Remove(CacheKey(keyId));

    private static string CacheKey(string keyId) => "access-key:" + keyId;
}
