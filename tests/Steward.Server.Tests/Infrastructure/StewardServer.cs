using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Steward.Client;
using Steward.Server.Access;
using Steward.Server.Hosting;

namespace Steward.Server.Tests.Infrastructure;

/// <summary>
/// A real Steward server for tests: the real host and pipeline on Kestrel at 127.0.0.1 (a free port), on a fresh
/// SQLite data directory or a fresh PostgreSQL database, with a known administrator key pair.
/// </summary>
public sealed class StewardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StewardServer(WebApplication app, StewardOptions options, string keyId, string secret, string accountId)
    {
        _app = app;
        Options = options;
        AdminKeyId = keyId;
        AdminSecret = secret;
        AccountId = accountId;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public Uri BaseAddress { get; }
    public StewardOptions Options { get; }
    public string AdminKeyId { get; }
    public string AdminSecret { get; }
    public string AccountId { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<StewardServer> StartAsync(Provider provider, Action<StewardOptions>? configure = null, Action<WebApplicationBuilder>? configureBuilder = null)
    {
        var options = new StewardOptions
        {
            DataDirectory = Directory.CreateTempSubdirectory("steward-test-").FullName,
            Database = provider == Provider.Postgres ? await TestDatabases.CreatePostgresDatabaseAsync() : null,
        };
        configure?.Invoke(options);
        var keyId = Credentials.NewAccessKeyId();
        var secret = Credentials.NewSecret();
        var app = StewardApp.Build(options, "http://127.0.0.1:0", configureBuilder);
        await StewardApp.InitializeAsync(app, new AdministratorSeed(keyId, secret, "correct horse battery staple"), CancellationToken.None);
        await app.StartAsync();
        var accountId = await AccountOfAsync(app);
        return new StewardServer(app, options, keyId, secret, accountId);
    }

    private static async Task<string> AccountOfAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Steward.Server.Storage.StewardDbContext>();
        return db.Accounts.Single().Id;
    }

    /// <summary>An HTTP client with no credentials.</summary>
    public HttpClient CreateAnonymousClient(HttpMessageHandler? handler = null) =>
        handler is null ? new() { BaseAddress = BaseAddress } : new(handler) { BaseAddress = BaseAddress };

    /// <summary>An HTTP client sending the administrator's Bearer credentials.</summary>
    public HttpClient CreateAdminHttpClient(HttpMessageHandler? handler = null) => CreateBearerClient(AdminKeyId, AdminSecret, handler);

    public HttpClient CreateBearerClient(string keyId, string secret, HttpMessageHandler? handler = null)
    {
        var client = CreateAnonymousClient(handler);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{keyId}:{secret}");
        return client;
    }

    /// <summary>The typed SDK, as the administrator.</summary>
    public StewardClient CreateAdminClient() => new(new HttpClient(), BaseAddress, AdminKeyId, AdminSecret);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Options.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
