using Steward.Server.Storage;

namespace Steward.Server.Tagging;

/// <summary>
/// A kind of resource that can carry tags, as its ARN names it (<c>arn:aws:{Service}:…:{Type}/{id}</c>), and how to
/// tell whether one exists in an account. Each feature registers its kinds with
/// <see cref="TaggingServiceCollectionExtensions.AddTaggableResource"/>.
/// </summary>
public sealed record TaggableResource(string Service, string Type, Func<StewardDbContext, string, string, CancellationToken, Task<bool>> ExistsAsync);
