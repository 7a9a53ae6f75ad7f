namespace Steward.Server.Lineage;

public static class LineageServiceCollectionExtensions
{
    public static IServiceCollection AddLineage(this IServiceCollection services) => services.AddScoped<LineageService>();
}
