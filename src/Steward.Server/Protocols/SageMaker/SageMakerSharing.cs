namespace Steward.Server.Protocols.SageMaker;

/// <summary>
/// <c>CrossAccountFilterOption</c> (Search, ListModelPackageGroups). <c>CrossAccount</c> asks only for resources other
/// accounts shared with the caller; Steward has no cross-account sharing yet, so it refuses the option by name rather
/// than answer an empty list that would read as "nothing is shared with you". <c>SameAccount</c> (the default) is the
/// caller's own account, as SageMaker.
/// </summary>
public static class SageMakerSharing
{
    public const string Member = "CrossAccountFilterOption";

    public static void RefuseCrossAccount(SageMakerInput input, string operation)
    {
        if (input.String(Member) == "CrossAccount")
        {
            throw SageMakerException.Validation(
                $"{Member} CrossAccount is not supported on {operation}: Steward has no cross-account sharing yet, so nothing is shared with this account. Omit it or use SameAccount.");
        }
    }
}
