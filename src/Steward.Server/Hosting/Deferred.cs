namespace Steward.Server.Hosting;

/// <summary>
/// A scoped service resolved on first use instead of when its consumer is made: a request that never needs it (a card
/// describe on SQLite never needs a <see cref="Storage.StewardDbContext"/>) neither rents nor returns one.
/// </summary>
public sealed class Deferred<T>(IServiceProvider services) where T : class
{
    public T Value => field ??= services.GetRequiredService<T>();
}
