using System.Reflection;

namespace Steward.Server.Hosting;

public static class StewardVersion
{
    public static string Current { get; } =
        typeof(StewardVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
