using Microsoft.Extensions.Options;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;
using Steward.Server.Access.Keys;
using Steward.Server.Hosting;

namespace Steward.Server.Access;

public static class AccessServiceCollectionExtensions
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddSingleton(sp => MasterKey.Load(
            sp.GetRequiredService<IOptions<StewardOptions>>().Value.DataDirectory,
            Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable)));
        services.AddSingleton<AccessKeyStore>();
        services.AddSingleton<SigV4Authenticator>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<IAuthorizer, AccountAdministratorAuthorizer>();
        services.AddScoped<AccessKeyService>();
        services.AddScoped<Settings.AccountSettingsService>();
        services.AddScoped<AdministratorBootstrap>();
        return services;
    }
}
