namespace Steward.Cli.Infrastructure;

/// <summary>The exit codes every verb uses.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The server (or a check) refused: a 4xx/5xx answer, an unreachable server, a failed verification.</summary>
    public const int Refused = 1;

    /// <summary>The command line or its inputs are wrong.</summary>
    public const int Usage = 2;
}
