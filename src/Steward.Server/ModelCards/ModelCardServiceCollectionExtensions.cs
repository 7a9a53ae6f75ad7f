using Steward.Server.ModelCards.Content;

namespace Steward.Server.ModelCards;

public static class ModelCardServiceCollectionExtensions
{
    public static IServiceCollection AddModelCards(this IServiceCollection services)
    {
        services.AddSingleton<ModelCardContentValidator>();
        services.AddScoped<ModelCardService>();
        return services;
    }
}
