namespace Steward.Server.Tests.Infrastructure;

/// <summary>
/// One shared server per provider for the whole test assembly, started on first use. Tests that share it use
/// unique names and find their own audit records by request id; tests that need a pristine server start their own.
/// </summary>
public sealed class Servers : IAsyncDisposable
{
    private readonly Lazy<Task<StewardServer>> _sqlite = new(() => StewardServer.StartAsync(Provider.Sqlite));
    private readonly Lazy<Task<StewardServer>> _postgres = new(() => StewardServer.StartAsync(Provider.Postgres));

    public Task<StewardServer> GetAsync(Provider provider) => provider == Provider.Sqlite ? _sqlite.Value : _postgres.Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var server in new[] { _sqlite, _postgres })
        {
            if (server.IsValueCreated && server.Value.IsCompletedSuccessfully)
            {
                await server.Value.Result.DisposeAsync();
            }
        }
    }
}
