using Steward.Server.Access.Authentication;

namespace Steward.Server.Access.Authorization;

/// <summary>
/// Until IAM policies exist: an account administrator may do everything inside its own account; nobody may touch
/// another account; everything else is denied.
/// </summary>
public sealed class AccountAdministratorAuthorizer : IAuthorizer
{
    public AuthorizationDecision Authorize(Caller caller, string action, string resourceArn)
    {
        if (Arns.AccountOf(resourceArn) != caller.AccountId)
        {
            return AuthorizationDecision.Deny("CrossAccountDenied");
        }

        return caller.IsAccountAdministrator ? AuthorizationDecision.Allow : AuthorizationDecision.Deny("ImplicitDeny");
    }
}
