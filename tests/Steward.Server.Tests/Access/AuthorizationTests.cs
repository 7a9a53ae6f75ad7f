using System.Net;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Access;

public sealed class AuthorizationTests(Servers servers)
{
    private static readonly Caller Admin = new("111111111111", Guid.NewGuid(), "admin", IsAccountAdministrator: true, "AKIAAAAAAAAAAAAAAAAA");

    [Theory]
    [InlineData("arn:aws:steward:us-east-1:111111111111:audit-log/default", true)]
    [InlineData("arn:aws:iam::111111111111:user/*", true)]
    [InlineData("arn:aws:steward:us-east-1:222222222222:audit-log/default", false)]
    [InlineData("arn:aws:iam::222222222222:user/admin", false)]
    [InlineData("not-an-arn", false)]
    public void Administrator_may_act_in_its_own_account_only(string resource, bool allowed) =>
        Assert.Equal(allowed, new AccountAdministratorAuthorizer().Authorize(Admin, "steward:Anything", resource).IsAllowed);

    [Fact]
    public void A_user_who_is_not_administrator_is_denied_by_default()
    {
        var user = Admin with { IsAccountAdministrator = false };
        var decision = new AccountAdministratorAuthorizer().Authorize(user, "steward:ListAccessKeys", "arn:aws:iam::111111111111:user/*");
        Assert.False(decision.IsAllowed);
        Assert.Equal("ImplicitDeny", decision.Reason);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Non_administrator_gets_403_naming_action_and_resource(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var user = await Principals.SeedAsync(server, server.AccountId, administrator: false);
        using var http = server.CreateBearerClient(user.KeyId, user.Secret);
        var problem = await HttpAssertions.AssertProblemAsync(await http.GetAsync("/api/v1/access-keys"), HttpStatusCode.Forbidden, "AccessDenied");
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("steward:ListAccessKeys", detail, StringComparison.Ordinal);
        Assert.Contains($"arn:aws:iam::{server.AccountId}:user/{user.UserName}", detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Administrator_of_another_account_cannot_touch_this_accounts_keys(Provider provider)
    {
        var server = await servers.GetAsync(provider);
        var other = await Principals.SeedAsync(server, accountId: null, administrator: true);
        using var http = server.CreateBearerClient(other.KeyId, other.Secret);

        var listed = await http.GetStringAsync("/api/v1/access-keys");
        Assert.DoesNotContain(server.AdminKeyId, listed, StringComparison.Ordinal);
        await HttpAssertions.AssertProblemAsync(await http.DeleteAsync($"/api/v1/access-keys/{server.AdminKeyId}"), HttpStatusCode.NotFound, "ResourceNotFound");
        await HttpAssertions.AssertProblemAsync(
            await http.PatchAsync($"/api/v1/access-keys/{server.AdminKeyId}", JsonContent("{\"status\":\"Inactive\"}")), HttpStatusCode.NotFound, "ResourceNotFound");

        using var admin = server.CreateAdminHttpClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/access-keys")).StatusCode);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
