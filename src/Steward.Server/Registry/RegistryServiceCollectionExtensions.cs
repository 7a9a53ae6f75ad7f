using Microsoft.EntityFrameworkCore;
using Steward.Server.Tagging;

namespace Steward.Server.Registry;

public static class RegistryServiceCollectionExtensions
{
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddScoped<ModelRegistryService>();
        // Groups are taggable; versions are not (SageMaker: a versioned package uses its group's tags).
        services.AddTaggableResource("sagemaker", ModelRegistryService.GroupResourceType,
            (db, accountId, name, cancellationToken) => db.ModelPackageGroups.AnyAsync(g => g.AccountId == accountId && g.Name == name, cancellationToken));
        return services;
    }
}
