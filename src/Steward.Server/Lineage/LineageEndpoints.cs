using Microsoft.AspNetCore.Http.HttpResults;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;

namespace Steward.Server.Lineage;

/// <summary>REST for lineage: <c>/api/v1/lineage</c>. The contract is written down in <see cref="LineageGraph"/>'s file.</summary>
public static class LineageEndpoints
{
    public static IEndpointRouteBuilder MapLineage(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/lineage").WithTags("Lineage");
        group.MapPost("/entities", CreateEntity).Performs("steward:CreateLineageEntity", Lineage);
        group.MapGet("/entities", ListEntities).Performs("steward:ListLineageEntities", Lineage);
        group.MapGet("/entity", DescribeEntity).Performs("steward:DescribeLineageEntity", Lineage);
        group.MapPost("/associations", AddAssociation).Performs("sagemaker:AddAssociation", Lineage);
        group.MapDelete("/associations", DeleteAssociation).Performs("sagemaker:DeleteAssociation", Lineage);
        group.MapGet("/query", Query).Performs("sagemaker:QueryLineage", Lineage);
        return app;
    }

    private static string Lineage(ResourceContext r) => r.Arn("steward", "lineage/default");

    public static async Task<Results<Created<LineageEntityDto>, Ok<LineageEntityDto>>> CreateEntity(
        CreateLineageEntityRequest? request, Caller caller, LineageService lineage, CancellationToken cancellationToken)
    {
        var (entity, created) = await lineage.CreateEntityAsync(caller, request, cancellationToken);
        return created
            ? TypedResults.Created("/api/v1/lineage/entity?key=" + Uri.EscapeDataString(entity.Key), entity)
            : TypedResults.Ok(entity);
    }

    public static async Task<Ok<LineageEntityList>> ListEntities([AsParameters] ListLineageEntitiesQuery query, Caller caller, LineageService lineage, CancellationToken cancellationToken) =>
        TypedResults.Ok(await lineage.ListEntitiesAsync(caller, query, cancellationToken));

    public static async Task<Ok<LineageEntityDto>> DescribeEntity(string? key, Caller caller, LineageService lineage, CancellationToken cancellationToken) =>
        TypedResults.Ok(await lineage.DescribeEntityAsync(caller, key, cancellationToken));

    public static async Task<Results<Created<LineageAssociationDto>, Ok<LineageAssociationDto>>> AddAssociation(
        CreateLineageAssociationRequest? request, Caller caller, LineageService lineage, CancellationToken cancellationToken)
    {
        var (association, created) = await lineage.AddAssociationAsync(caller, request, cancellationToken);
        return created ? TypedResults.Created((string?)null, association) : TypedResults.Ok(association);
    }

    public static async Task<NoContent> DeleteAssociation(string? source, string? destination, string? type, Caller caller, LineageService lineage, CancellationToken cancellationToken)
    {
        await lineage.DeleteAssociationAsync(caller, source, destination, type, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The graph as JSON, or as Graphviz DOT (<c>text/vnd.graphviz</c>) or Mermaid (<c>text/plain</c>) text with <c>format</c>.</summary>
    public static async Task<Results<Ok<LineageGraph>, ContentHttpResult>> Query([AsParameters] LineageQuery query, Caller caller, LineageService lineage, CancellationToken cancellationToken)
    {
        var (direction, depth, format) = lineage.CheckQuery(caller, query);
        var graph = await lineage.QueryAsync(caller, query.Start!, direction, depth, cancellationToken);
        return format switch
        {
            "dot" => TypedResults.Text(LineageGraphText.ToDot(graph), "text/vnd.graphviz; charset=utf-8"),
            "mermaid" => TypedResults.Text(LineageGraphText.ToMermaid(graph), "text/plain; charset=utf-8"),
            _ => TypedResults.Ok(graph),
        };
    }
}
