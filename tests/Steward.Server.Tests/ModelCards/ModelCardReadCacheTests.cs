using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Steward.Server.Hosting;
using Steward.Server.ModelCards;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.ModelCards;

/// <summary>
/// Describe is served from memory, and never serves what a change has replaced: at once on the replica that made the
/// change, as soon as the database's notification arrives on every other replica, and not at all while a replica
/// cannot hear the notifications.
/// </summary>
public sealed class ModelCardReadCacheTests(Servers servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Repeated_describes_come_from_memory_and_every_change_made_here_is_seen_by_the_next_describe(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var cache = server.Services.GetRequiredService<ModelCardReadCache>();
        await WaitUntilAsync(() => cache.IsEnabled, "the cache to be enabled");
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        await CreateOkAsync(http, name, content);

        var first = await GetOkAsync(http, $"{Base}/{name}");
        var hits = cache.Hits;
        var second = await GetOkAsync(http, $"{Base}/{name}");
        Assert.True(cache.Hits > hits, "the second describe was not answered from memory");
        Assert.Equal(first.GetRawText(), second.GetRawText());

        // Each kind of change, each read back at once: status, content (a new version, and version 1's latestVersion),
        // tags, then deletion.
        await GetOkAsync(http, $"{Base}/{name}?version=1");
        await ReadAsync(await SetStatusAsync(http, name, "PendingReview"));
        Assert.Equal("PendingReview", (await GetOkAsync(http, $"{Base}/{name}")).GetProperty("status").GetString());

        content["intended_uses"]!["purpose_of_model"] = "Second version";
        await ReadAsync(await SetContentAsync(http, name, content));
        var latest = await GetOkAsync(http, $"{Base}/{name}");
        Assert.Equal((2, "Second version"), (latest.GetProperty("version").GetInt32(), latest.GetProperty("content").GetProperty("intended_uses").GetProperty("purpose_of_model").GetString()));
        Assert.Equal(2, (await GetOkAsync(http, $"{Base}/{name}?version=1")).GetProperty("latestVersion").GetInt32());

        var arn = latest.GetProperty("arn").GetString()!;
        var tags = new JsonObject { ["tags"] = new JsonArray(new JsonObject { ["key"] = "owner", ["value"] = "risk" }) };
        await ReadAsync(await http.PostAsync($"/api/v1/tags?resourceArn={Uri.EscapeDataString(arn)}", Json(tags)));
        Assert.Equal("risk", (await GetOkAsync(http, $"{Base}/{name}")).GetProperty("tags")[0].GetProperty("value").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Base}/{name}")).StatusCode);
        await HttpAssertions.AssertProblemAsync(await http.GetAsync($"{Base}/{name}"), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task A_change_committed_by_another_replica_reaches_this_replicas_describes()
    {
        await using var replicaA = await StewardServer.StartAsync(Provider.Postgres);
        await using var replicaB = await Replica.StartAsync(replicaA);
        using var httpA = replicaA.CreateAdminHttpClient();
        using var httpB = replicaB.CreateAdminHttpClient(replicaA);
        var name = UniqueName();
        await CreateOkAsync(httpA, name);
        await WaitUntilAsync(() => replicaB.Cache.IsEnabled, "replica B to listen");

        await GetOkAsync(httpB, $"{Base}/{name}");
        var hits = replicaB.Cache.Hits;
        Assert.Equal("Draft", (await GetOkAsync(httpB, $"{Base}/{name}")).GetProperty("status").GetString());
        Assert.True(replicaB.Cache.Hits > hits, "replica B did not answer from memory");

        await ReadAsync(await SetStatusAsync(httpA, name, "PendingReview"));
        var elapsed = await WaitUntilAsync(
            async () => (await GetOkAsync(httpB, $"{Base}/{name}")).GetProperty("status").GetString() == "PendingReview",
            "replica B to describe the status replica A set");
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"replica B took {elapsed} to see the change");
    }

    [Fact]
    public async Task A_change_made_in_the_database_outside_Steward_is_heard_through_the_trigger()
    {
        var (server, cache, http, name) = await StartWithCachedCardAsync();
        await using var _ = server;
        using var __ = http;

        await ExecuteAsync(server, $"UPDATE model_cards SET \"RiskRating\" = 'High', \"Version\" = \"Version\" + 1 WHERE \"Name\" = '{name}'");
        await WaitUntilAsync(
            async () => (await GetOkAsync(http, $"{Base}/{name}")).GetProperty("riskRating").GetString() == "High",
            "describe to show the change made with SQL");
    }

    [Fact]
    public async Task A_replica_that_loses_its_notifications_caches_nothing_until_it_listens_again()
    {
        var (server, cache, http, name) = await StartWithCachedCardAsync();
        await using var _ = server;
        using var __ = http;

        // The listening connection is cut (as by a database restart or a network failure).
        await ExecuteAsync(server, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'steward-model-card-listener' AND datname = current_database()");
        await WaitUntilAsync(() => !cache.IsEnabled, "the cache to be disabled");

        // While it cannot hear, a change is still seen: describes read from the database.
        await ReadAsync(await SetStatusAsync(http, name, "PendingReview"));
        var hits = cache.Hits;
        Assert.Equal("PendingReview", (await GetOkAsync(http, $"{Base}/{name}")).GetProperty("status").GetString());

        // It reconnects and starts caching again, empty.
        await WaitUntilAsync(() => cache.IsEnabled, "the cache to be enabled again");
        await GetOkAsync(http, $"{Base}/{name}");
        Assert.Equal("PendingReview", (await GetOkAsync(http, $"{Base}/{name}")).GetProperty("status").GetString());
        Assert.True(cache.Hits > hits);
    }

    [Fact]
    public void A_read_that_began_before_a_change_is_not_kept_after_it()
    {
        var cache = new ModelCardReadCache(Options.Create(new StewardOptions()));
        var stale = Card("churn", contentBytes: 10);
        var ticket = cache.BeginRead();
        cache.Invalidate();
        cache.Store(ticket, "123456789012", "churn", null, stale);
        Assert.False(cache.TryGet("123456789012", "churn", null, out _));

        var fresh = Card("churn", contentBytes: 10);
        cache.Store(cache.BeginRead(), "123456789012", "churn", null, fresh);
        Assert.True(cache.TryGet("123456789012", "churn", null, out var found));
        Assert.Same(fresh, found);
        Assert.False(cache.TryGet("123456789012", "churn", 1, out _));
        Assert.False(cache.TryGet("210987654321", "churn", null, out _));

        cache.Disable();
        Assert.False(cache.TryGet("123456789012", "churn", null, out _));
        cache.Invalidate();
        Assert.False(cache.IsEnabled);
    }

    [Fact]
    public void The_cache_keeps_within_its_memory_and_starts_over_when_full()
    {
        var cache = new ModelCardReadCache(Options.Create(new StewardOptions { ModelCardCacheMegabytes = 1 }));
        cache.Store(cache.BeginRead(), "123456789012", "a", null, Card("a", contentBytes: 600_000));
        Assert.True(cache.TryGet("123456789012", "a", null, out _));
        cache.Store(cache.BeginRead(), "123456789012", "b", null, Card("b", contentBytes: 600_000));
        Assert.True(cache.TryGet("123456789012", "b", null, out _));
        Assert.False(cache.TryGet("123456789012", "a", null, out _));
        cache.Store(cache.BeginRead(), "123456789012", "c", null, Card("c", contentBytes: 2_000_000));
        Assert.False(cache.TryGet("123456789012", "c", null, out _));

        var off = new ModelCardReadCache(Options.Create(new StewardOptions { ModelCardCacheMegabytes = 0 }));
        off.Store(off.BeginRead(), "123456789012", "a", null, Card("a", contentBytes: 10));
        Assert.False(off.TryGet("123456789012", "a", null, out _));
    }

    /// <summary>A fresh PostgreSQL server whose cache is listening and already answers describes of a new card from memory.</summary>
    private static async Task<(StewardServer Server, ModelCardReadCache Cache, HttpClient Http, string Name)> StartWithCachedCardAsync()
    {
        var server = await StewardServer.StartAsync(Provider.Postgres);
        var cache = server.Services.GetRequiredService<ModelCardReadCache>();
        var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        await CreateOkAsync(http, name);
        await WaitUntilAsync(() => cache.IsEnabled, "the cache to be enabled");
        await GetOkAsync(http, $"{Base}/{name}");
        var hits = cache.Hits;
        await GetOkAsync(http, $"{Base}/{name}");
        Assert.True(cache.Hits > hits, "the second describe was not answered from memory");
        return (server, cache, http, name);
    }

    private static StoredModelCard Card(string name, int contentBytes) => new(
        1, 1, "123456789012", name, ModelCardStatus.Draft, 1, null, null, null, DateTime.UtcNow, "admin", DateTime.UtcNow, "admin",
        1, new byte[contentBytes], DateTime.UtcNow, "admin", "sha", "hash", null);

    private static async Task ExecuteAsync(StewardServer server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.Options.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Task<TimeSpan> WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task<TimeSpan> WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Patience, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }

        return clock.Elapsed;
    }

    /// <summary>A second server on another server's database and data directory (its master key), as a replica runs.</summary>
    private sealed class Replica : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Replica(WebApplication app)
        {
            _app = app;
            Cache = app.Services.GetRequiredService<ModelCardReadCache>();
            BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }

        public ModelCardReadCache Cache { get; }

        public Uri BaseAddress { get; }

        public static async Task<Replica> StartAsync(StewardServer first)
        {
            var app = StewardApp.Build(new StewardOptions { DataDirectory = first.Options.DataDirectory, Database = first.Options.Database }, "http://127.0.0.1:0");
            await app.StartAsync();
            return new Replica(app);
        }

        public HttpClient CreateAdminHttpClient(StewardServer first)
        {
            var client = first.CreateAdminHttpClient();
            client.BaseAddress = BaseAddress;
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
