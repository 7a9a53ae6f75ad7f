using System.Net;
using System.Text.Json;
using Steward.Client;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.ModelCards;

/// <summary>Deletion records: who deleted which card and when, with the hashes of every version it had; per account, newest first, paged.</summary>
public sealed class ModelCardDeletionTests(Servers servers)
{
    private const string Deletions = "/api/v1/model-card-deletions";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_deleted_card_leaves_a_record_with_its_deleter_and_every_version_hash(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName("del");
        var content = Content();
        await CreateOkAsync(http, name, content);
        content["intended_uses"]!["risk_rating"] = "High";
        await ReadAsync(await SetContentAsync(http, name, content));
        Assert.Equal(HttpStatusCode.OK, (await SetStatusAsync(http, name, "PendingReview")).StatusCode);
        var versions = (await GetOkAsync(http, $"{Base}/{name}/versions")).GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Base}/{name}")).StatusCode);

        var page = await GetOkAsync(http, $"{Deletions}?name={name}");
        var record = Assert.Single(page.GetProperty("deletions").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextToken").ValueKind);
        Assert.Equal(name, record.GetProperty("name").GetString());
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-card/{name}", record.GetProperty("arn").GetString());
        Assert.Equal("PendingReview", record.GetProperty("lastStatus").GetString());
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/admin", record.GetProperty("deletedBy").GetString());
        Assert.InRange(record.GetProperty("deletedAt").GetDateTime(), DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
        var kept = record.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(versions.Count, kept.Count);
        for (var i = 0; i < versions.Count; i++)
        {
            foreach (var field in new[] { "version", "contentSha256", "hash", "previousHash", "createdBy" })
            {
                Assert.Equal(versions[i].GetProperty(field).GetRawText(), kept[i].GetProperty(field).GetRawText());
            }

            Assert.Equal(versions[i].GetProperty("createdAt").GetDateTime(), kept[i].GetProperty("createdAt").GetDateTime());
        }

        // The same through the typed client.
        using var clientHttp = new HttpClient();
        var client = new StewardClient(clientHttp, server.BaseAddress, server.AdminKeyId, server.AdminSecret);
        var typed = Assert.Single((await client.ListModelCardDeletionsAsync(name)).Deletions);
        Assert.Equal((name, "PendingReview", versions.Count), (typed.Name, typed.LastStatus, typed.Versions.Count));
        Assert.Equal(versions[^1].GetProperty("hash").GetString(), typed.Versions[^1].Hash);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Deletions_are_per_account_newest_first_and_paged(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var other = await Principals.SeedAsync(server, administrator: true);
        using var http = server.CreateBearerClient(other.KeyId, other.Secret);
        var name = UniqueName("rec");
        for (var i = 0; i < 3; i++)
        {
            // The same name, created and deleted three times: three records.
            await CreateOkAsync(http, name);
            Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Base}/{name}")).StatusCode);
        }

        var all = (await GetOkAsync(http, Deletions)).GetProperty("deletions").EnumerateArray().ToList();
        Assert.Equal(3, all.Count);
        var times = all.Select(d => d.GetProperty("deletedAt").GetDateTime()).ToList();
        Assert.Equal(times.OrderDescending(), times);

        var seen = new List<DateTime>();
        string? token = null;
        do
        {
            var page = await GetOkAsync(http, $"{Deletions}?maxResults=1" + (token is null ? string.Empty : "&nextToken=" + Uri.EscapeDataString(token)));
            seen.AddRange(page.GetProperty("deletions").EnumerateArray().Select(d => d.GetProperty("deletedAt").GetDateTime()));
            token = page.GetProperty("nextToken").GetString();
        }
        while (token is not null);
        Assert.Equal(times, seen);

        // The administrator of the first account sees none of them.
        using var admin = server.CreateAdminHttpClient();
        Assert.Empty((await GetOkAsync(admin, $"{Deletions}?name={name}")).GetProperty("deletions").EnumerateArray());

        await AssertFieldErrorAsync(await http.GetAsync($"{Deletions}?name=-bad-"), "/name", "pattern");
        await AssertFieldErrorAsync(await http.GetAsync($"{Deletions}?maxResults=0"), "/maxResults", "range");
        var firstPage = await GetOkAsync(http, $"{Deletions}?maxResults=1");
        await AssertFieldErrorAsync(await http.GetAsync($"{Deletions}?name={name}&nextToken={Uri.EscapeDataString(firstPage.GetProperty("nextToken").GetString()!)}"), "/nextToken", "token");
    }
}
