using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;
using static Steward.Server.Tests.Registry.RegistryKit;

namespace Steward.Server.Tests.Registry;

/// <summary>Model package groups: create, describe, list (filter, sort, keyset paging), delete.</summary>
public sealed class ModelPackageGroupTests(Servers servers)
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_group_is_created_with_description_and_tags_and_described_with_its_arn(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = Unique("churn");
        var created = await CreateGroupAsync(http, name, tags: new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "retention" }));
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-package-group/{name}", created.GetProperty("arn").GetString());
        Assert.Equal("Completed", created.GetProperty("status").GetString());
        Assert.Equal(0, created.GetProperty("latestVersion").GetInt32());

        var described = await GetOkAsync(http, $"{Groups}/{name}");
        Assert.Equal("Customer churn models", described.GetProperty("description").GetString());
        Assert.Equal("retention", described.GetProperty("tags")[0].GetProperty("value").GetString());
        Assert.EndsWith(":user/admin", described.GetProperty("createdBy").GetString(), StringComparison.Ordinal);

        await HttpAssertions.AssertProblemAsync(await http.PutAsync($"{Groups}/{name}", Json(new JsonObject())), HttpStatusCode.Conflict, "ModelPackageGroupAlreadyExists");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Group_tags_live_in_the_tag_store_and_go_with_the_group_while_versions_take_none(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = Unique("tagged");
        var arn = (await CreateGroupAsync(http, name, tags: new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "retention" }))).GetProperty("arn").GetString()!;
        var listed = await GetOkAsync(http, $"/api/v1/tags?resourceArn={Uri.EscapeDataString(arn)}");
        Assert.Equal("team", listed.GetProperty("tags")[0].GetProperty("key").GetString());

        await ReadAsync(await http.PostAsync($"/api/v1/tags?resourceArn={Uri.EscapeDataString(arn)}", Json(new JsonObject { ["tags"] = new JsonArray(new JsonObject { ["key"] = "tier", ["value"] = "gold" }) })));
        Assert.Equal(2, (await GetOkAsync(http, $"{Groups}/{name}")).GetProperty("tags").GetArrayLength());

        var version = (await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = name })).GetProperty("modelPackageArn").GetString()!;
        await AssertFieldErrorAsync(await http.GetAsync($"/api/v1/tags?resourceArn={Uri.EscapeDataString(version)}"), "/resourceArn", "enum");

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Packages}/{name}/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Groups}/{name}")).StatusCode);
        await CreateGroupAsync(http, name);
        Assert.Empty((await GetOkAsync(http, $"{Groups}/{name}")).GetProperty("tags").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Groups_list_by_name_substring_time_range_sort_and_keyset_pages(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var names = new List<string>();
        foreach (var prefix in new[] { "c", "a", "e", "b", "d" })
        {
            names.Add($"{prefix}-{marker}");
            await CreateGroupAsync(http, names[^1]);
        }

        var byTime = await GetOkAsync(http, $"{Groups}?nameContains={marker.ToUpperInvariant()}");
        Assert.Equal(names, byTime.GetProperty("modelPackageGroups").EnumerateArray().Select(g => g.GetProperty("name").GetString()!));

        var collected = new List<string>();
        string? token = null;
        do
        {
            var page = await GetOkAsync(http, $"{Groups}?nameContains={marker}&sortBy=Name&sortOrder=Descending&maxResults=2" + (token is null ? string.Empty : "&nextToken=" + token));
            collected.AddRange(page.GetProperty("modelPackageGroups").EnumerateArray().Select(g => g.GetProperty("name").GetString()!));
            token = page.TryGetProperty("nextToken", out var next) && next.ValueKind == System.Text.Json.JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);
        Assert.Equal(names.OrderDescending(StringComparer.Ordinal), collected);

        var first = await GetOkAsync(http, $"{Groups}/{names[0]}");
        var created = first.GetProperty("createdAt").GetDateTime();
        var after = await GetOkAsync(http, $"{Groups}?nameContains={marker}&createdAfter={Uri.EscapeDataString(created.ToString("O"))}");
        Assert.DoesNotContain(names[0], after.GetProperty("modelPackageGroups").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        var before = await GetOkAsync(http, $"{Groups}?nameContains={marker}&createdBefore={Uri.EscapeDataString(created.ToString("O"))}");
        Assert.Contains(names[0], before.GetProperty("modelPackageGroups").EnumerateArray().Select(g => g.GetProperty("name").GetString()));

        await AssertFieldErrorAsync(await http.GetAsync($"{Groups}?nameContains={marker}&sortBy=Name&nextToken={token ?? "bogus"}"), "/nextToken", "token");
        await AssertFieldErrorAsync(await http.GetAsync($"{Groups}?sortBy=Size"), "/sortBy", "enum");
        await AssertFieldErrorAsync(await http.GetAsync($"{Groups}?maxResults=101"), "/maxResults", "range");
        await AssertFieldErrorAsync(await http.GetAsync($"{Groups}?createdAfter=yesterday"), "/createdAfter", "format");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Deleting_a_group_is_refused_while_it_holds_versions_and_works_once_empty(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var name = Unique("churn");
        await CreateGroupAsync(http, name);
        await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = name });

        var refused = await HttpAssertions.AssertProblemAsync(await http.DeleteAsync($"{Groups}/{name}"), HttpStatusCode.Conflict, "ModelPackageGroupNotEmpty");
        Assert.Contains("1 version", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await CountGroupsAsync(server, name));
        Assert.Equal(1, await CountPackagesAsync(server, name));

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Packages}/{name}/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"{Groups}/{name}")).StatusCode);
        await HttpAssertions.AssertProblemAsync(await http.GetAsync($"{Groups}/{name}"), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bad_group_input_names_the_field_and_stores_nothing(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        await AssertFieldErrorAsync(await http.PutAsync($"{Groups}/bad_name", Json(new JsonObject())), "/name", "pattern");
        var name = Unique("g");
        await AssertFieldErrorAsync(await http.PutAsync($"{Groups}/{name}", Json(new JsonObject { ["description"] = new string('x', 1025) })), "/description", "length");
        await AssertFieldErrorAsync(await http.PutAsync($"{Groups}/{name}", Json(new JsonObject { ["tags"] = new JsonArray(new JsonObject { ["key"] = "", ["value"] = "v" }) })), "/tags/0/key", "length");
        Assert.Equal(0, await CountGroupsAsync(server, name));
    }
}
