using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Serve;

/// <summary>
/// <c>kill -9</c> of a real server during a burst of writes on SQLite loses no acknowledged write: every write the
/// server answered 2xx to is there after restart, with its audit record, and the database passes integrity_check.
/// </summary>
public sealed class CrashDurabilityTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("steward-crash-");

    public void Dispose() => _data.Delete(recursive: true);

    [Fact]
    public async Task Kill_9_during_a_burst_of_writes_loses_no_acknowledged_write()
    {
        var acknowledged = new ConcurrentBag<(string RequestId, string Status)>();
        var administrator = (Steward.Server.Access.Credentials.NewAccessKeyId(), Steward.Server.Access.Credentials.NewSecret());
        for (var round = 0; round < 3; round++)
        {
            await using var server = await StewardProcess.StartAsync(_data.FullName, administrator: administrator);
            using var http = new HttpClient { BaseAddress = server.Endpoint, Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{server.KeyId}:{server.Secret}");
            if (round == 0)
            {
                var created = await http.PostAsJsonAsync("api/v1/access-keys", new { });
                created.EnsureSuccessStatusCode();
            }

            var keys = await http.GetFromJsonAsync<KeyList>("api/v1/access-keys");
            var keyId = keys!.AccessKeys.First(k => k.AccessKeyId != server.KeyId).AccessKeyId;

            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var status = (i + w) % 2 == 0 ? "Inactive" : "Active";
                    try
                    {
                        var response = await http.PatchAsJsonAsync($"api/v1/access-keys/{keyId}", new { status });
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            acknowledged.Add((response.Headers.GetValues("x-amzn-RequestId").Single(), status));
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToArray();

            await Task.Delay(TimeSpan.FromMilliseconds(700 + (round * 300)));
            server.Kill();
            await server.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        Assert.True(acknowledged.Count > 20, $"only {acknowledged.Count} writes were acknowledged");

        // The database is intact and every acknowledged write is there with its audit record.
        var path = Path.Combine(_data.FullName, "steward.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
            await using var ids = connection.CreateCommand();
            ids.CommandText = "SELECT RequestId FROM audit_records WHERE Action = 'steward:UpdateAccessKey' AND Outcome = 'Allowed'";
            var recorded = new HashSet<string>();
            await using var reader = await ids.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                recorded.Add(reader.GetString(0));
            }

            var missing = acknowledged.Where(a => !recorded.Contains(a.RequestId)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged writes are missing after kill -9");
        }

        // And the server starts again on the same files and seals what it had not.
        await using var restarted = await StewardProcess.StartAsync(_data.FullName, administrator: administrator);
        Assert.Contains("listening", restarted.Output, StringComparison.Ordinal);
    }

    private sealed record KeyList(List<KeyItem> AccessKeys);

    private sealed record KeyItem(string AccessKeyId);
}
