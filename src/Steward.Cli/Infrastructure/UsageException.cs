namespace Steward.Cli.Infrastructure;

/// <summary>The user asked for something the command cannot do as asked; exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
