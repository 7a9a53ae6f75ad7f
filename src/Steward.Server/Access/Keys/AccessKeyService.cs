using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Hosting;
using Steward.Server.Storage;

namespace Steward.Server.Access.Keys;

/// <summary>Creates, lists, disables and deletes access keys inside the caller's account.</summary>
public sealed class AccessKeyService(StewardDbContext db, MasterKey masterKey, AccessKeyStore store, TimeProvider time)
{
    public const int MaxKeysPerUser = 2;

    public async Task<CreatedAccessKeyDto> CreateAsync(Caller caller, string? userName, CancellationToken cancellationToken)
    {
        var name = userName ?? caller.UserName;
        var user = await db.Users.FirstOrDefaultAsync(u => u.AccountId == caller.AccountId && u.UserName == name, cancellationToken)
            ?? throw new NotFoundException($"User '{name}' does not exist in account {caller.AccountId}.");
        var count = await db.AccessKeys.CountAsync(k => k.UserId == user.Id, cancellationToken);
        if (count >= MaxKeysPerUser)
        {
            throw new StewardException(StatusCodes.Status409Conflict, "LimitExceeded", $"User '{name}' already has {MaxKeysPerUser} access keys; delete one first.");
        }

        var id = Credentials.NewAccessKeyId();
        var secret = Credentials.NewSecret();
        var key = new AccessKey
        {
            Id = id,
            AccountId = caller.AccountId,
            UserId = user.Id,
            SecretCiphertext = masterKey.Encrypt(secret, id),
            Status = AccessKeyStatus.Active,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.AccessKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedAccessKeyDto(id, secret, user.UserName, key.Status.ToString(), key.CreatedAt);
    }

    public async Task<AccessKeyList> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        var keys = await db.AccessKeys.AsNoTracking()
            .Where(k => k.AccountId == caller.AccountId)
            .OrderBy(k => k.CreatedAt).ThenBy(k => k.Id)
            .Select(k => new { k.Id, k.User!.UserName, k.Status, k.CreatedAt })
            .ToListAsync(cancellationToken);
        return new AccessKeyList([.. keys.Select(k => new AccessKeyDto(k.Id, k.UserName, k.Status.ToString(), k.CreatedAt))]);
    }

    public async Task<AccessKeyDto> SetStatusAsync(Caller caller, string keyId, AccessKeyStatus status, CancellationToken cancellationToken)
    {
        var key = await FindAsync(caller, keyId, cancellationToken);
        key.Status = status;
        await db.SaveChangesAsync(cancellationToken);
        store.Evict(keyId);
        return new AccessKeyDto(key.Id, key.User!.UserName, key.Status.ToString(), key.CreatedAt);
    }

    public async Task DeleteAsync(Caller caller, string keyId, CancellationToken cancellationToken)
    {
        var key = await FindAsync(caller, keyId, cancellationToken);
        db.AccessKeys.Remove(key);
        await db.SaveChangesAsync(cancellationToken);
        store.Evict(keyId);
    }

    private async Task<AccessKey> FindAsync(Caller caller, string keyId, CancellationToken cancellationToken) =>
        await db.AccessKeys.Include(k => k.User).FirstOrDefaultAsync(k => k.Id == keyId && k.AccountId == caller.AccountId, cancellationToken)
        ?? throw new NotFoundException($"Access key '{keyId}' does not exist in account {caller.AccountId}.");
}
