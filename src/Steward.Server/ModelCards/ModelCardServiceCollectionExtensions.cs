using Microsoft.EntityFrameworkCore;
using Steward.Server.ModelCards.Content;
using Steward.Server.Tagging;

namespace Steward.Server.ModelCards;

public static class ModelCardServiceCollectionExtensions
{
    public static IServiceCollection AddModelCards(this IServiceCollection services)
    {
        services.AddSingleton<ModelCardContentValidator>();
        services.AddScoped<ModelCardService>();
        services.AddTaggableResource("sagemaker", ModelCardService.ResourceType,
            (db, accountId, name, cancellationToken) => db.ModelCards.AnyAsync(c => c.AccountId == accountId && c.Name == name, cancellationToken));
        return services;
    }
}
