using Microsoft.Extensions.Options;
using Steward.Server.Audit.Integrity;
using Steward.Server.Hosting;

namespace Steward.Server.Audit;

public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditScope>();
        services.AddSingleton<AuditQueue>();
        services.AddSingleton<AuditMetrics>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton(sp => CheckpointSigner.LoadOrCreate(sp.GetRequiredService<IOptions<StewardOptions>>().Value.DataDirectory, AuditTrail.Origin));
        services.AddScoped<AuditService>();
        services.AddHostedService<AuditWriter>();
        return services;
    }
}
