using Steward.Server.Storage;

namespace Steward.Server.Tagging;

public static class TaggingServiceCollectionExtensions
{
    public static IServiceCollection AddTagging(this IServiceCollection services)
    {
        services.AddScoped<TagService>();
        return services;
    }

    /// <summary>Makes resources whose ARN reads <c>arn:aws:{service}:{region}:{account}:{type}/{id}</c> taggable through the tag API.</summary>
    public static IServiceCollection AddTaggableResource(this IServiceCollection services, string service, string type,
        Func<StewardDbContext, string, string, CancellationToken, Task<bool>> existsAsync) =>
        services.AddSingleton(new TaggableResource(service, type, existsAsync));
}
