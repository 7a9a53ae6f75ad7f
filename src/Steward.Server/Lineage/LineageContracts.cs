// The REST contract of lineage. Front ends (Steward.Client, the CLI) build against it; changes are additive only.
//
// ROUTES (JSON in camelCase; everything is scoped to the caller's account: another account's entity is 404 like one
// that was never recorded)
//
//   POST   /api/v1/lineage/entities                 steward:CreateLineageEntity   201 LineageEntityDto (200 when it already exists with that kind)
//          Body CreateLineageEntityRequest {kind, key, name?}. 409 LineageEntityKindConflict when the key exists with another kind.
//   GET    /api/v1/lineage/entities                 steward:ListLineageEntities   200 LineageEntityList
//          Query: kind, maxResults=1..100 (default 50), nextToken. Oldest first.
//   GET    /api/v1/lineage/entity?key=K             steward:DescribeLineageEntity 200 LineageEntityDto
//   POST   /api/v1/lineage/associations             sagemaker:AddAssociation      201 LineageAssociationDto (200 when it already exists)
//          Body CreateLineageAssociationRequest {source, destination, type, sourceKind?, destinationKind?}: an end that
//          is not recorded yet is recorded with the kind given, else 404.
//   DELETE /api/v1/lineage/associations?source=S&destination=D&type=T   sagemaker:DeleteAssociation 204
//          Only associations added by hand; 409 AutomaticAssociation for one Steward recorded from a registry call.
//   GET    /api/v1/lineage/query?start=K&direction=Upstream|Downstream|Both&depth=1..10&format=json|dot|mermaid
//                                                   sagemaker:QueryLineage        200 LineageGraph | text/vnd.graphviz | text/plain
//          direction defaults to Both, depth to 5; at most 5000 entities (truncated=true beyond).
//
// KEYS are ARNs of the caller's account or absolute URIs (s3://bucket/path, https://host/path); never file://, '.' or
// '..' segments, spaces or control characters; at most 1024 characters; compared exactly.
//
// ERRORS: 400 ValidationError naming each field ("/kind", "/key", "/source", "/destination", "/type", "/start",
// "/direction", "/depth", "/format", "/maxResults", "/nextToken"); 404 ResourceNotFound; 409 as above.

namespace Steward.Server.Lineage;

public sealed record LineageEntityDto(string Key, string Kind, string? Name, DateTime CreatedAt, string CreatedBy);

public sealed record LineageEntityList(IReadOnlyList<LineageEntityDto> Entities, string? NextToken);

/// <summary>Body of <c>POST /api/v1/lineage/entities</c>.</summary>
public sealed record CreateLineageEntityRequest
{
    /// <summary>Dataset, TrainingJob, ModelArtifact, ModelPackageVersion, Endpoint or TransformJob.</summary>
    public string? Kind { get; init; }

    /// <summary>The entity's ARN or URI.</summary>
    public string? Key { get; init; }

    /// <summary>A name for people (at most 256 characters).</summary>
    public string? Name { get; init; }
}

/// <summary>Body of <c>POST /api/v1/lineage/associations</c>.</summary>
public sealed record CreateLineageAssociationRequest
{
    public string? Source { get; init; }
    public string? Destination { get; init; }

    /// <summary>ContributedTo, Produced, DerivedFrom or DeployedTo.</summary>
    public string? Type { get; init; }

    /// <summary>Records the source with this kind when it is not recorded yet.</summary>
    public string? SourceKind { get; init; }

    /// <summary>Records the destination with this kind when it is not recorded yet.</summary>
    public string? DestinationKind { get; init; }
}

public sealed record LineageAssociationDto(string Source, string Destination, string Type, bool Manual, DateTime CreatedAt, string CreatedBy);

/// <summary>
/// One entity of a query result: <see cref="Direction"/> is <c>Start</c>, <c>Upstream</c> or <c>Downstream</c>, and
/// <see cref="Depth"/> the number of associations between it and the start (0 for the start).
/// </summary>
public sealed record LineageNode(string Key, string Kind, string? Name, string Direction, int Depth);

public sealed record LineageEdge(string Source, string Destination, string Type, bool Manual);

/// <summary>The entities reached from <see cref="Start"/> and the associations walked to reach them.</summary>
public sealed record LineageGraph(string Start, string Direction, int Depth, IReadOnlyList<LineageNode> Entities, IReadOnlyList<LineageEdge> Associations, bool Truncated);

/// <summary>The query string of <c>GET /api/v1/lineage/query</c>, as sent (checked by the service).</summary>
public sealed record LineageQuery(string? Start = null, string? Direction = null, string? Depth = null, string? Format = null);

public sealed record ListLineageEntitiesQuery(string? Kind = null, string? MaxResults = null, string? NextToken = null);

/// <summary>Which way a query walks from its start.</summary>
public enum LineageDirection
{
    Upstream,
    Downstream,
    Both,
}
