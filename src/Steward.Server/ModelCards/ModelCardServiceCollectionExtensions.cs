using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Steward.Server.Hosting;
using Steward.Server.ModelCards.Content;
using Steward.Server.Tagging;

namespace Steward.Server.ModelCards;

public static class ModelCardServiceCollectionExtensions
{
    public static IServiceCollection AddModelCards(this IServiceCollection services, StewardOptions options)
    {
        services.AddSingleton<ModelCardContentValidator>();
        services.AddSingleton<ModelCardReadCache>();
        services.AddSingleton<ModelCardCacheInvalidation>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<ModelCardCacheInvalidation>());
        if (options.UsesPostgres)
        {
            services.AddHostedService<ModelCardChangeListener>();
        }

        services.AddScoped<ModelCardService>();
        services.AddTaggableResource("sagemaker", ModelCardService.ResourceType,
            (db, accountId, name, cancellationToken) => db.ModelCards.AnyAsync(c => c.AccountId == accountId && c.Name == name, cancellationToken));
        return services;
    }
}
