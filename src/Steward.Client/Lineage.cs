using System.Globalization;

namespace Steward.Client;

/// <summary>Lineage: <c>/api/v1/lineage</c>.</summary>
public sealed partial class StewardClient
{
    private const string LineagePath = "api/v1/lineage";

    /// <summary>
    /// Records entity <paramref name="key"/> (an ARN of your account or a URI such as <c>s3://bucket/path</c>) as a
    /// <paramref name="kind"/> (see <see cref="LineageEntityKinds"/>). Recording a key again with the same kind returns the entity recorded first.
    /// </summary>
    public Task<LineageEntity> CreateLineageEntityAsync(string kind, string key, string? name = null, CancellationToken cancellationToken = default) =>
        SendAsync<LineageEntity>(HttpMethod.Post, LineagePath + "/entities", new { kind, key, name }, cancellationToken);

    /// <summary>Describes the entity recorded under <paramref name="key"/>.</summary>
    public Task<LineageEntity> DescribeLineageEntityAsync(string key, CancellationToken cancellationToken = default) =>
        SendAsync<LineageEntity>(HttpMethod.Get, LineagePath + "/entity" + ToQueryString([new("key", key)]), null, cancellationToken);

    /// <summary>Lists the entities of the caller's account, oldest first: one page, of one kind when <paramref name="kind"/> is given.</summary>
    public Task<LineageEntityPage> ListLineageEntitiesAsync(string? kind = null, int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        var query = new List<KeyValuePair<string, string>>();
        Add(query, "kind", kind);
        Add(query, "maxResults", maxResults?.ToString(CultureInfo.InvariantCulture));
        Add(query, "nextToken", nextToken);
        return SendAsync<LineageEntityPage>(HttpMethod.Get, LineagePath + "/entities" + ToQueryString(query), null, cancellationToken);
    }

    /// <summary>
    /// Adds association <paramref name="type"/> (see <see cref="LineageAssociationTypes"/>) from <paramref name="source"/>
    /// to <paramref name="destination"/>. An end not recorded yet is recorded with <paramref name="sourceKind"/> or
    /// <paramref name="destinationKind"/> when given (and refused when not). Adding an existing association returns it.
    /// </summary>
    public Task<LineageAssociation> AddLineageAssociationAsync(
        string source, string destination, string type, string? sourceKind = null, string? destinationKind = null, CancellationToken cancellationToken = default) =>
        SendAsync<LineageAssociation>(HttpMethod.Post, LineagePath + "/associations", new { source, destination, type, sourceKind, destinationKind }, cancellationToken);

    /// <summary>Deletes an association that was added by hand (associations Steward recorded from registry calls stay).</summary>
    public Task DeleteLineageAssociationAsync(string source, string destination, string type, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Delete, LineagePath + "/associations" + ToQueryString([new("source", source), new("destination", destination), new("type", type)]), null, cancellationToken);

    /// <summary>
    /// The entities reached from <paramref name="start"/> walking <paramref name="direction"/> (<c>Upstream</c>,
    /// <c>Downstream</c> or <c>Both</c>, the default) at most <paramref name="depth"/> associations (1-10, default 5).
    /// </summary>
    public Task<LineageGraph> QueryLineageAsync(string start, string? direction = null, int? depth = null, CancellationToken cancellationToken = default) =>
        SendAsync<LineageGraph>(HttpMethod.Get, QueryLineagePath(start, direction, depth, null), null, cancellationToken);

    /// <summary>The same query as <see cref="QueryLineageAsync"/>, as text: <paramref name="format"/> is <c>dot</c> (Graphviz) or <c>mermaid</c>.</summary>
    public async Task<string> QueryLineageTextAsync(string start, string format, string? direction = null, int? depth = null, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(QueryLineagePath(start, direction, depth, format), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string QueryLineagePath(string start, string? direction, int? depth, string? format)
    {
        var query = new List<KeyValuePair<string, string>> { new("start", start) };
        Add(query, "direction", direction);
        Add(query, "depth", depth?.ToString(CultureInfo.InvariantCulture));
        Add(query, "format", format);
        return LineagePath + "/query" + ToQueryString(query);
    }
}

/// <summary>The kinds of lineage entity, as the server spells them.</summary>
public static class LineageEntityKinds
{
    /// <summary>Data: training input, features, transform input and output (usually a URI).</summary>
    public const string Dataset = "Dataset";

    /// <summary>A training job (its ARN).</summary>
    public const string TrainingJob = "TrainingJob";

    /// <summary>A trained model's files (usually the URI of model.tar.gz).</summary>
    public const string ModelArtifact = "ModelArtifact";

    /// <summary>A model package version in the registry (its versioned ARN).</summary>
    public const string ModelPackageVersion = "ModelPackageVersion";

    /// <summary>An endpoint serving a version (its ARN).</summary>
    public const string Endpoint = "Endpoint";

    /// <summary>A batch transform job (its ARN).</summary>
    public const string TransformJob = "TransformJob";

    /// <summary>All six.</summary>
    public static IReadOnlyList<string> All { get; } = [Dataset, TrainingJob, ModelArtifact, ModelPackageVersion, Endpoint, TransformJob];
}

/// <summary>
/// The association types, as the server spells them. An association points downstream, from source to destination;
/// for <see cref="DerivedFrom"/> the destination is a modification of the source.
/// </summary>
public static class LineageAssociationTypes
{
    /// <summary>The source had a part in the destination (a dataset in a training job, an artifact in a package version).</summary>
    public const string ContributedTo = "ContributedTo";

    /// <summary>The source (a training or transform job) generated the destination.</summary>
    public const string Produced = "Produced";

    /// <summary>The destination is a modification of the source (a new package version cloned from another).</summary>
    public const string DerivedFrom = "DerivedFrom";

    /// <summary>The source (a package version) runs on the destination (an endpoint or a transform job).</summary>
    public const string DeployedTo = "DeployedTo";

    /// <summary>All four.</summary>
    public static IReadOnlyList<string> All { get; } = [ContributedTo, Produced, DerivedFrom, DeployedTo];
}

/// <summary>One lineage entity.</summary>
/// <param name="Key">Its ARN or URI, unique in the account.</param>
/// <param name="Kind">One of <see cref="LineageEntityKinds"/>.</param>
/// <param name="Name">A name for people, when one was given.</param>
/// <param name="CreatedAt">When it was recorded (UTC).</param>
/// <param name="CreatedBy">Who recorded it (principal ARN).</param>
public sealed record LineageEntity(string Key, string Kind, string? Name, DateTime CreatedAt, string CreatedBy);

/// <summary>A page of entities; pass <see cref="NextToken"/> back for the next one.</summary>
/// <param name="Entities">The entities of this page, oldest first.</param>
/// <param name="NextToken">Null on the last page.</param>
public sealed record LineageEntityPage(IReadOnlyList<LineageEntity> Entities, string? NextToken);

/// <summary>One association.</summary>
/// <param name="Source">The upstream entity's key.</param>
/// <param name="Destination">The downstream entity's key.</param>
/// <param name="Type">One of <see cref="LineageAssociationTypes"/>.</param>
/// <param name="Manual">True when added by hand, false when Steward recorded it from a registry or deployment call.</param>
/// <param name="CreatedAt">When it was recorded (UTC).</param>
/// <param name="CreatedBy">Who recorded it.</param>
public sealed record LineageAssociation(string Source, string Destination, string Type, bool Manual, DateTime CreatedAt, string CreatedBy);

/// <summary>An entity a query reached.</summary>
/// <param name="Key">Its ARN or URI.</param>
/// <param name="Kind">One of <see cref="LineageEntityKinds"/>.</param>
/// <param name="Name">Its name, when it has one.</param>
/// <param name="Direction"><c>Start</c>, <c>Upstream</c> or <c>Downstream</c>.</param>
/// <param name="Depth">How many associations lie between it and the start (0 for the start).</param>
public sealed record LineageNode(string Key, string Kind, string? Name, string Direction, int Depth);

/// <summary>An association a query walked.</summary>
/// <param name="Source">The upstream entity's key.</param>
/// <param name="Destination">The downstream entity's key.</param>
/// <param name="Type">One of <see cref="LineageAssociationTypes"/>.</param>
/// <param name="Manual">True when added by hand.</param>
public sealed record LineageEdge(string Source, string Destination, string Type, bool Manual);

/// <summary>The result of a lineage query.</summary>
/// <param name="Start">The key the walk started from.</param>
/// <param name="Direction">The direction walked.</param>
/// <param name="Depth">The depth limit applied.</param>
/// <param name="Entities">The start and every entity reached, in the order found.</param>
/// <param name="Associations">The associations walked.</param>
/// <param name="Truncated">True when the walk stopped at the server's entity limit (5000).</param>
public sealed record LineageGraph(string Start, string Direction, int Depth, IReadOnlyList<LineageNode> Entities, IReadOnlyList<LineageEdge> Associations, bool Truncated);
