using Steward.Server.Access.Authentication;

namespace Steward.Server.Access.Authorization;

/// <summary>The outcome of one authorization question; <see cref="Reason"/> says why when denied.</summary>
public sealed record AuthorizationDecision(bool IsAllowed, string Reason)
{
    public static readonly AuthorizationDecision Allow = new(true, "Allowed");

    public static AuthorizationDecision Deny(string reason) => new(false, reason);
}

/// <summary>
/// The one place that decides whether a caller may perform an action on a resource. Deny unless something
/// allows. The IAM policy evaluator replaces <see cref="AccountAdministratorAuthorizer"/> behind this seam.
/// </summary>
public interface IAuthorizer
{
    AuthorizationDecision Authorize(Caller caller, string action, string resourceArn);
}
