namespace Steward.Server.Hosting;

/// <summary>A reason the server cannot start, phrased for one line of output.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
