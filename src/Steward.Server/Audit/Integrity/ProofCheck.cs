namespace Steward.Server.Audit.Integrity;

/// <summary>The outcome of checking a proof or a signature: valid, or why not.</summary>
/// <param name="IsValid">True when the check passed.</param>
/// <param name="Error">Why the check failed; null when it passed.</param>
public readonly record struct ProofCheck(bool IsValid, string? Error)
{
    /// <summary>A passed check.</summary>
    public static ProofCheck Valid => new(true, null);

    /// <summary>A failed check with its reason.</summary>
    public static ProofCheck Invalid(string error) => new(false, error);
}
