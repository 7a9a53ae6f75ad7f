using System.Globalization;
using System.Text.Json.Nodes;
using Steward.Server.Access.Authorization;
using Steward.Server.Protocols.SageMaker.ServiceModel;

namespace Steward.Server.Protocols.SageMaker.Search;

/// <summary>
/// One resource type Search can look through: its records (every searchable property, from the feature service) and
/// what a returned record adds (e.g. a card's content, read only for the page returned).
/// </summary>
public interface ISageMakerSearchSource
{
    /// <summary>The <c>ResourceType</c> value (<c>ModelCard</c>); also the SearchRecord member and the record's shape name.</summary>
    string Resource { get; }

    /// <summary>The ARN resource type searched, for authorization (<c>model-card</c> → <c>model-card/*</c>).</summary>
    string ArnType { get; }

    /// <summary>The property results are sorted by when the request names none (descending); null: LastModifiedTime, or CreationTime.</summary>
    string? DefaultSortBy => null;

    /// <summary>The tag list <c>VisibilityConditions</c> test (a dotted path in the record).</summary>
    string TagsProperty => "Tags";

    Task<IReadOnlyList<SearchCandidate>> CandidatesAsync(SageMakerInvocation call);

    Task CompleteAsync(SageMakerInvocation call, IReadOnlyList<SearchCandidate> page);
}

/// <summary>A record as search filters it (<see cref="Record"/>, the wire JSON), with a stable identity for ordering ties.</summary>
public sealed record SearchCandidate(string Identity, JsonObject Record);

/// <summary>
/// <c>Search</c>: filters, sorts (default LastModifiedTime, Descending) and pages the records of one resource type, and
/// reports TotalHits. A resource type with no source answers UnknownOperationException naming it, as an unsupported
/// operation does. Only the caller's account is searched: <c>CrossAccountFilterOption: CrossAccount</c> is refused
/// until sharing exists (see <see cref="SageMakerSharing"/>).
/// </summary>
public sealed class SearchOperation(IEnumerable<ISageMakerSearchSource> sources) : ISageMakerOperationSet
{
    public const int DefaultPageSize = 10;
    private readonly Dictionary<string, ISageMakerSearchSource> _sources = sources.ToDictionary(s => s.Resource, StringComparer.Ordinal);

    public IEnumerable<SageMakerOperation> Operations => [new("Search", ReadOnly: true, Resource, SearchAsync)];

    private string Resource(SageMakerInput input, ResourceContext r) =>
        r.Arn("sagemaker", (_sources.TryGetValue(input.String("Resource")!, out var source) ? source.ArnType : "search") + "/*");

    private async Task<JsonObject> SearchAsync(SageMakerInvocation call)
    {
        var input = call.Input;
        var resource = input.String("Resource")!;
        if (!_sources.TryGetValue(resource, out var source))
        {
            throw SageMakerException.UnknownOperation($"Search for resource '{resource}' is not supported by Steward yet (supported: {string.Join(", ", _sources.Keys.Order(StringComparer.Ordinal))}).");
        }

        SageMakerSharing.RefuseCrossAccount(input, "Search");
        // The record's shape is the SearchRecord member's (Resource Model is a ModelDashboardModel).
        var shape = SageMakerServiceModel.Instance.Shapes["SearchRecord"].Members[resource].Target;
        var predicate = SearchExpressions.Compile(input.Element("SearchExpression"), shape);
        // SageMaker sorts by LastModifiedTime unless told otherwise; records without one (ModelPackageGroup) by CreationTime.
        var sortKey = SearchExpressions.SortKey(
            input.String("SortBy") ?? source.DefaultSortBy ?? (shape.Members.ContainsKey("LastModifiedTime") ? "LastModifiedTime" : "CreationTime"), shape);
        var descending = input.String("SortOrder") != "Ascending";
        var visibility = VisibilityFilter(input, source.TagsProperty);
        var size = input.Int("MaxResults") ?? DefaultPageSize;
        var offset = 0;
        if (call.PageToken is { } token && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            throw SageMakerException.Validation("The NextToken is not one this query returned; repeat the query without it.");
        }

        var candidates = await source.CandidatesAsync(call);
        var matches = candidates.Where(c => predicate(c.Record) && visibility(c.Record)).ToList();
        // Records without the sort property come last either way.
        var comparer = Comparer<IComparable?>.Create((a, b) =>
            a is null ? (b is null ? 0 : 1) : b is null ? -1 : descending ? b.CompareTo(a) : a.CompareTo(b));
        var ordered = matches.OrderBy(c => sortKey(c.Record), comparer).ThenBy(c => c.Identity, StringComparer.Ordinal).ToList();
        var page = ordered.Skip(offset).Take(size).ToList();
        await source.CompleteAsync(call, page);
        var results = new JsonArray([.. page.Select(c => (JsonNode)new JsonObject { [resource] = c.Record })]);
        return new JsonObject
        {
            ["Results"] = results,
            ["TotalHits"] = new JsonObject { ["Value"] = matches.Count, ["Relation"] = "EqualTo" },
        }.AddIf("NextToken", offset + size < ordered.Count ? (offset + size).ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary><c>VisibilityConditions</c>: every <c>Tags.&lt;key&gt;</c> condition must hold on the record's tags (<paramref name="tagsProperty"/>).</summary>
    private static Func<JsonObject, bool> VisibilityFilter(SageMakerInput input, string tagsProperty)
    {
        if (input.Element("VisibilityConditions") is not { } conditions)
        {
            return _ => true;
        }

        var path = tagsProperty.Split('.');
        var filters = conditions.EnumerateArray().Select(c =>
        {
            var key = c.TryGetProperty("Key", out var k) ? k.GetString() : null;
            if (key is null || !key.StartsWith("Tags.", StringComparison.Ordinal))
            {
                throw SageMakerException.Validation("VisibilityConditions keys must be 'Tags.<key>'.");
            }

            var value = c.TryGetProperty("Value", out var v) ? v.GetString() : null;
            return (Func<JsonObject, bool>)(r => HasTag(r, path, key[5..], value));
        }).ToList();
        return r => filters.All(f => f(r));
    }

    private static bool HasTag(JsonObject record, string[] path, string key, string? value)
    {
        JsonNode? node = record;
        foreach (var segment in path)
        {
            node = (node as JsonObject)?[segment];
        }

        return node is JsonArray tags && tags.OfType<JsonObject>().Any(t => t["Key"]?.GetValue<string>() == key && (value is null || t["Value"]?.GetValue<string>() == value));
    }
}
