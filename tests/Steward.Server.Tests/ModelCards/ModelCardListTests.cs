using System.Text.Json;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.ModelCards;

/// <summary>Finding cards: filters, both sort keys in both orders, keyset paging that neither repeats nor skips.</summary>
public sealed class ModelCardListTests(Servers servers)
{
    private static async Task<List<string>> AllPagesAsync(HttpClient http, string query, int pageSize)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await GetOkAsync(http, $"{Base}?{query}&maxResults={pageSize}" + (token is null ? string.Empty : "&nextToken=" + Uri.EscapeDataString(token)));
            var items = page.GetProperty("modelCards").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
            Assert.True(items.Count <= pageSize);
            names.AddRange(items);
            token = page.TryGetProperty("nextToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);
        return names;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Filters_sorting_and_keyset_paging(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var tag = "lst" + Guid.NewGuid().ToString("N")[..8];
        var names = new List<string>();
        var statuses = new[] { "Draft", "PendingReview", "Approved", "Draft", "Archived", "Draft", "Approved" };
        var risks = new[] { "High", "Low", "Medium", "High", "Unknown", "Low", "High" };
        for (var i = 0; i < statuses.Length; i++)
        {
            var name = $"{tag}-{(char)('g' - i)}{i}";
            await CreateOkAsync(http, name, Content(risk: risks[i]), statuses[i]);
            names.Add(name);
        }

        var byCreation = await AllPagesAsync(http, $"nameContains={tag.ToUpperInvariant()}&sortBy=CreationTime&sortOrder=Ascending", 2);
        Assert.Equal(names, byCreation);
        var byCreationDesc = await AllPagesAsync(http, $"nameContains={tag}", 3);
        Assert.Equal(Enumerable.Reverse(names), byCreationDesc);
        var byName = await AllPagesAsync(http, $"nameContains={tag}&sortBy=Name&sortOrder=Ascending", 2);
        Assert.Equal(names.Order(StringComparer.Ordinal), byName);
        var byNameDesc = await AllPagesAsync(http, $"nameContains={tag}&sortBy=Name&sortOrder=Descending", 4);
        Assert.Equal(names.OrderDescending(StringComparer.Ordinal), byNameDesc);

        var drafts = await AllPagesAsync(http, $"nameContains={tag}&status=Draft&sortOrder=Ascending", 1);
        Assert.Equal([names[0], names[3], names[5]], drafts);
        var high = await AllPagesAsync(http, $"nameContains={tag}&riskRating=High&sortOrder=Ascending", 10);
        Assert.Equal([names[0], names[3], names[6]], high);

        var third = await GetOkAsync(http, $"{Base}/{names[2]}");
        var created = third.GetProperty("createdAt").GetDateTime().ToUniversalTime().ToString("O");
        var fromThird = await AllPagesAsync(http, $"nameContains={tag}&sortOrder=Ascending&createdAfter={Uri.EscapeDataString(created)}", 10);
        Assert.Equal(names.Skip(3), fromThird);
        var untilThird = await AllPagesAsync(http, $"nameContains={tag}&sortOrder=Ascending&createdBefore={Uri.EscapeDataString(created)}", 10);
        Assert.Equal(names.Take(3), untilThird);

        var summary = (await GetOkAsync(http, $"{Base}?nameContains={names[0]}")).GetProperty("modelCards")[0];
        Assert.Equal(("Draft", "High", 1), (summary.GetProperty("status").GetString(), summary.GetProperty("riskRating").GetString(), summary.GetProperty("latestVersion").GetInt32()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_token_from_another_query_or_tampered_is_refused(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var tag = "tok" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++)
        {
            await CreateOkAsync(http, $"{tag}-{i}");
        }

        var page = await GetOkAsync(http, $"{Base}?nameContains={tag}&maxResults=1");
        var token = page.GetProperty("nextToken").GetString()!;
        await AssertFieldErrorAsync(await http.GetAsync($"{Base}?nameContains={tag}&maxResults=1&sortBy=Name&nextToken={Uri.EscapeDataString(token)}"), "/nextToken", "token");
        await AssertFieldErrorAsync(await http.GetAsync($"{Base}?nameContains={tag}&nextToken=garbage"), "/nextToken", "token");
        await AssertFieldErrorAsync(await http.GetAsync($"{Base}?maxResults=101"), "/maxResults", "range");
        await AssertFieldErrorAsync(await http.GetAsync($"{Base}?createdAfter=yesterday"), "/createdAfter", "format");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Versions_are_listed_in_pages_in_either_order(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = UniqueName();
        var content = Content();
        await CreateOkAsync(http, name, content);
        for (var i = 2; i <= 5; i++)
        {
            content["model_overview"]!["model_version"] = i;
            await ReadAsync(await SetContentAsync(http, name, content));
        }

        var seen = new List<int>();
        string? token = null;
        do
        {
            var page = await GetOkAsync(http, $"{Base}/{name}/versions?sortOrder=Descending&maxResults=2" + (token is null ? string.Empty : "&nextToken=" + Uri.EscapeDataString(token)));
            seen.AddRange(page.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
            token = page.TryGetProperty("nextToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);
        Assert.Equal([5, 4, 3, 2, 1], seen);
    }
}
