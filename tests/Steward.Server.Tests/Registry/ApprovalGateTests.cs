using System.Net;
using System.Text.Json.Nodes;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;
using static Steward.Server.Tests.Registry.RegistryKit;

namespace Steward.Server.Tests.Registry;

/// <summary>The approval gate (a version is Approved only with an Approved card) and the approval history.</summary>
public sealed class ApprovalGateTests(Servers servers)
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Approving_without_an_approved_card_is_refused_saying_what_is_missing(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var group = Unique("gate");
        await CreateGroupAsync(http, group);
        await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group });

        var noCard = await HttpAssertions.AssertProblemAsync(await PatchAsync(http, group, 1, new JsonObject { ["modelApprovalStatus"] = "Approved" }), HttpStatusCode.Conflict, "ModelCardNotApproved");
        Assert.Contains("no model card", noCard.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(noCard.GetProperty("errors").TryGetProperty("/modelCardName", out _));

        var cardName = Unique("card");
        await CreateOkAsync(http, cardName);
        var draft = await HttpAssertions.AssertProblemAsync(
            await PatchAsync(http, group, 1, new JsonObject { ["modelCardName"] = cardName, ["modelApprovalStatus"] = "Approved" }), HttpStatusCode.Conflict, "ModelCardNotApproved");
        Assert.Contains($"'{cardName}' is Draft", draft.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The refusal rolled back the whole call, the link included.
        var after = await DescribeAsync(http, group, 1);
        Assert.Equal("PendingManualApproval", after.GetProperty("modelApprovalStatus").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, after.GetProperty("modelCardName").ValueKind);
        Assert.Equal(1, (await GetOkAsync(http, $"{Base}/{cardName}")).GetProperty("latestVersion").GetInt32());

        var registeredApproved = await HttpAssertions.AssertProblemAsync(
            await RegisterAsync(http, new JsonObject { ["modelPackageGroupName"] = group, ["modelApprovalStatus"] = "Approved" }), HttpStatusCode.Conflict, "ModelCardNotApproved");
        Assert.True(registeredApproved.GetProperty("errors").TryGetProperty("/modelCard", out _));
        Assert.Equal(1, await CountPackagesAsync(server, group));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_approved_card_lets_the_version_be_approved_and_every_change_is_in_the_history(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var group = Unique("gate");
        await CreateGroupAsync(http, group);
        await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group, ["approvalDescription"] = "awaiting review" });
        var cardName = Unique("card");
        await CreateOkAsync(http, cardName);
        await PatchOkAsync(http, group, 1, new JsonObject { ["modelCardName"] = cardName });
        Assert.Equal(HttpStatusCode.OK, (await SetStatusAsync(http, cardName, "Approved", "validated by MRM")).StatusCode);

        var approved = await PatchOkAsync(http, group, 1, new JsonObject { ["modelApprovalStatus"] = "Approved", ["approvalDescription"] = "MRM-2026-114" });
        Assert.Equal("Approved", approved.GetProperty("modelApprovalStatus").GetString());
        Assert.Equal("MRM-2026-114", approved.GetProperty("approvalDescription").GetString());
        var rejected = await PatchOkAsync(http, group, 1, new JsonObject { ["modelApprovalStatus"] = "Rejected" });
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rejected.GetProperty("approvalDescription").ValueKind);

        var history = await GetOkAsync(http, $"{Packages}/{group}/1/approvals");
        Assert.Equal($"arn:aws:sagemaker:us-east-1:{server.AccountId}:model-package/{group}/1", history.GetProperty("modelPackageArn").GetString());
        var entries = history.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal([null, "PendingManualApproval", "Approved"], entries.Select(e => e.GetProperty("fromStatus").GetString()));
        Assert.Equal(["PendingManualApproval", "Approved", "Rejected"], entries.Select(e => e.GetProperty("toStatus").GetString()));
        Assert.Equal(["awaiting review", "MRM-2026-114", null], entries.Select(e => e.GetProperty("description").GetString()));
        Assert.All(entries, e => Assert.EndsWith(":user/admin", e.GetProperty("actor").GetString(), StringComparison.Ordinal));
        Assert.True(entries.Select(e => e.GetProperty("time").GetDateTime()).SequenceEqual(entries.Select(e => e.GetProperty("time").GetDateTime()).Order()));

        // The card followed each change with a new version of model_package_details.
        var card = await GetOkAsync(http, $"{Base}/{cardName}");
        Assert.Equal("Approved", card.GetProperty("status").GetString());
        Assert.Equal("Rejected", Card(card)["model_package_details"]!["model_approval_status"]!.GetValue<string>());
        Assert.Equal(4, card.GetProperty("latestVersion").GetInt32());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_gate_is_an_account_setting_on_by_default(Provider provider)
    {
        await using var server = await StewardServer.StartAsync(provider);
        using var http = server.CreateAdminHttpClient();
        var settings = await GetOkAsync(http, "/api/v1/account/settings");
        Assert.True(settings.GetProperty("requireApprovedModelCardForPackageApproval").GetBoolean());
        Assert.False(settings.GetProperty("requireIndependentApproval").GetBoolean());

        var group = Unique("gate");
        await CreateGroupAsync(http, group);
        await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group });
        var off = await ReadAsync(await http.PutAsync("/api/v1/account/settings", Json(new JsonObject { ["requireApprovedModelCardForPackageApproval"] = false })));
        Assert.False(off.GetProperty("requireApprovedModelCardForPackageApproval").GetBoolean());
        Assert.False(off.GetProperty("requireIndependentApproval").GetBoolean());
        Assert.Equal("Approved", (await PatchOkAsync(http, group, 1, new JsonObject { ["modelApprovalStatus"] = "Approved" })).GetProperty("modelApprovalStatus").GetString());
        var registered = await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group, ["modelApprovalStatus"] = "Approved" });
        Assert.Equal("Approved", registered.GetProperty("modelApprovalStatus").GetString());

        await ReadAsync(await http.PutAsync("/api/v1/account/settings", Json(new JsonObject { ["requireApprovedModelCardForPackageApproval"] = true })));
        await RegisterOkAsync(http, new JsonObject { ["modelPackageGroupName"] = group });
        await HttpAssertions.AssertProblemAsync(await PatchAsync(http, group, 3, new JsonObject { ["modelApprovalStatus"] = "Approved" }), HttpStatusCode.Conflict, "ModelCardNotApproved");
        await AssertFieldErrorAsync(await http.PutAsync("/api/v1/account/settings", Json(new JsonObject())), "/requireIndependentApproval", "required");
    }
}
