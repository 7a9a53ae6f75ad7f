using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Steward.Server.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>The model dashboard; monitoring comes from <see cref="IModelMonitoringReader"/> (none until Model Monitor registers its own).</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.TryAddScoped<IModelMonitoringReader, NoModelMonitoring>();
        return services.AddScoped<ModelDashboardService>();
    }
}
