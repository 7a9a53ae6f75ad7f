namespace Steward.Server.Registry;

public static class RegistryServiceCollectionExtensions
{
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddScoped<ModelRegistryService>();
        return services;
    }
}
