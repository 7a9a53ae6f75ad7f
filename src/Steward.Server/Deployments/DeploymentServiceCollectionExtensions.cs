namespace Steward.Server.Deployments;

public static class DeploymentServiceCollectionExtensions
{
    public static IServiceCollection AddDeployments(this IServiceCollection services) => services.AddScoped<DeploymentService>();
}
