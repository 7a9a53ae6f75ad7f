using Microsoft.AspNetCore.Mvc;
using Steward.Server.Access;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;

namespace Steward.Server.Tagging;

/// <summary>
/// REST for tags on any taggable resource, named by its ARN in the <c>resourceArn</c> query parameter:
/// <c>GET</c> lists, <c>POST</c> adds (body <c>{"tags":[{"key","value"}]}</c>), <c>DELETE</c> removes the
/// <c>tagKey</c> keys. The actions are SageMaker's, on the tagged resource.
/// </summary>
public static class TagEndpoints
{
    public static IEndpointRouteBuilder MapTags(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tags").WithTags("Tags");
        group.MapGet("/", List).Performs("sagemaker:ListTags", Resource);
        group.MapPost("/", Add).Performs("sagemaker:AddTags", Resource);
        group.MapDelete("/", Remove).Performs("sagemaker:DeleteTags", Resource);
        return app;
    }

    /// <summary>The ARN asked about; one that names no account is checked as the caller's own (the service then refuses it as malformed).</summary>
    private static string Resource(ResourceContext r) => r.Query("resourceArn") is var arn && Arns.AccountOf(arn) is not null ? arn : r.Arn("sagemaker", "*");

    public static Task<TagListDto> List([FromQuery] string? resourceArn, Caller caller, TagService tags, CancellationToken cancellationToken) =>
        tags.ListAsync(caller, resourceArn, cancellationToken);

    public static Task<TagListDto> Add([FromQuery] string? resourceArn, AddTagsRequest? request, Caller caller, TagService tags, CancellationToken cancellationToken) =>
        tags.AddAsync(caller, resourceArn, request, cancellationToken);

    public static Task<TagListDto> Remove([FromQuery] string? resourceArn, [FromQuery(Name = "tagKey")] string[]? tagKeys, Caller caller, TagService tags,
        CancellationToken cancellationToken) =>
        tags.RemoveAsync(caller, resourceArn, tagKeys, cancellationToken);
}
