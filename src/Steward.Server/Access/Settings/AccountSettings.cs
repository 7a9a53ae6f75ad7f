using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;
using Steward.Server.Hosting;
using Steward.Server.ModelCards;
using Steward.Server.Storage;

namespace Steward.Server.Access.Settings;

/// <summary>Reads and changes the caller's account settings (today: requireIndependentApproval for model cards).</summary>
public sealed class AccountSettingsService(StewardDbContext db)
{
    public async Task<AccountSettingsDto> GetAsync(Caller caller, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == caller.AccountId, cancellationToken);
        return ToDto(account);
    }

    public async Task<AccountSettingsDto> UpdateAsync(Caller caller, UpdateAccountSettingsRequest? request, CancellationToken cancellationToken)
    {
        if (request?.RequireIndependentApproval is null && request?.RequireApprovedModelCardForPackageApproval is null)
        {
            throw new FieldValidationException("/requireIndependentApproval", "required",
                "give a setting to change (requireIndependentApproval or requireApprovedModelCardForPackageApproval: true or false)");
        }

        var account = await db.Accounts.FirstAsync(a => a.Id == caller.AccountId, cancellationToken);
        account.RequireIndependentApproval = request.RequireIndependentApproval ?? account.RequireIndependentApproval;
        account.RequireApprovedModelCardForPackageApproval = request.RequireApprovedModelCardForPackageApproval ?? account.RequireApprovedModelCardForPackageApproval;
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(account);
    }

    private static AccountSettingsDto ToDto(Account account) =>
        new(account.Id, account.RequireIndependentApproval, account.RequireApprovedModelCardForPackageApproval);
}

/// <summary>REST for account settings: <c>/api/v1/account/settings</c>.</summary>
public static class AccountSettingsEndpoints
{
    public static IEndpointRouteBuilder MapAccountSettings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/account/settings").WithTags("Account");
        group.MapGet("/", Get).Performs("steward:GetAccountSettings", r => r.Arn("steward", "account-settings/default"));
        group.MapPut("/", Update).Performs("steward:UpdateAccountSettings", r => r.Arn("steward", "account-settings/default"));
        return app;
    }

    public static async Task<Ok<AccountSettingsDto>> Get(Caller caller, AccountSettingsService settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.GetAsync(caller, cancellationToken));

    public static async Task<Ok<AccountSettingsDto>> Update(UpdateAccountSettingsRequest? request, Caller caller, AccountSettingsService settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.UpdateAsync(caller, request, cancellationToken));
}
