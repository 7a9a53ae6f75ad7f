namespace Steward.Server.Tagging;

/// <summary>A key/value label on a resource, with SageMaker's rules (see <see cref="TagRules"/>).</summary>
public sealed record Tag(string Key, string Value);

/// <summary>The body of <c>POST /api/v1/tags</c>: tags to add to a resource, replacing the values of keys it already has.</summary>
public sealed record AddTagsRequest(IReadOnlyList<Tag>? Tags);

/// <summary>A resource's tags, ordered by key.</summary>
public sealed record TagListDto(string ResourceArn, IReadOnlyList<Tag> Tags);
