namespace Steward.Client;

/// <summary>A tag: key 1-128 and value 0-256 characters (letters, digits, spaces and <c>_.:/=+-@</c>); at most 50 per resource.</summary>
/// <param name="Key">The key, unique on its resource; keys starting with <c>aws:</c> are reserved.</param>
/// <param name="Value">The value, possibly empty.</param>
public sealed record Tag(string Key, string Value);

/// <summary>A resource's tags, ordered by key.</summary>
/// <param name="ResourceArn">The tagged resource.</param>
/// <param name="Tags">Its tags.</param>
public sealed record TagList(string ResourceArn, IReadOnlyList<Tag> Tags);

/// <summary>Tags on any taggable resource (model cards and, as they come, registry resources): <c>/api/v1/tags</c>.</summary>
public sealed partial class StewardClient
{
    /// <summary>The tags of the resource named by <paramref name="resourceArn"/>.</summary>
    public Task<TagList> ListTagsAsync(string resourceArn, CancellationToken cancellationToken = default) =>
        SendAsync<TagList>(HttpMethod.Get, TagsPath(resourceArn), null, cancellationToken);

    /// <summary>Adds tags to a resource; a key it already has takes the new value. Returns all its tags.</summary>
    public Task<TagList> AddTagsAsync(string resourceArn, IReadOnlyList<Tag> tags, CancellationToken cancellationToken = default) =>
        SendAsync<TagList>(HttpMethod.Post, TagsPath(resourceArn), new { tags }, cancellationToken);

    /// <summary>Removes the tags with these keys (keys the resource does not have are ignored). Returns the tags left.</summary>
    public Task<TagList> RemoveTagsAsync(string resourceArn, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return SendAsync<TagList>(HttpMethod.Delete, TagsPath(resourceArn) + string.Concat(keys.Select(k => "&tagKey=" + Uri.EscapeDataString(k))), null, cancellationToken);
    }

    private static string TagsPath(string resourceArn)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceArn);
        return "api/v1/tags?resourceArn=" + Uri.EscapeDataString(resourceArn);
    }
}
