using System.Text.Json.Nodes;
using Steward.Server.Hosting;
using Steward.Server.ModelCards;
using Steward.Server.Registry;
using Steward.Server.Tagging;

namespace Steward.Server.Protocols.SageMaker.Search;

/// <summary>
/// Search over <c>ModelCard</c>: the record carries every ModelCard member Steward has (ModelId and RiskRating from the
/// latest content; ModelPackageGroupName when the card documents a registered version); Content is read for the
/// returned page only.
/// </summary>
public sealed class ModelCardSearchSource : ISageMakerSearchSource
{
    public string Resource => "ModelCard";

    public string ArnType => "model-card";

    public async Task<IReadOnlyList<SearchCandidate>> CandidatesAsync(SageMakerInvocation call)
    {
        var rows = await call.Service<ModelCardService>().SearchRowsAsync(call.Caller, call.CancellationToken);
        var links = await call.Service<ModelRegistryService>().CardLinksAsync(call.Caller, call.CancellationToken);
        return [.. rows.Select(c => new SearchCandidate(c.Arn, Summary(c)
            .AddIf("ModelPackageGroupName", links.GetValueOrDefault(c.Name)?.ModelPackageGroupName)))];
    }

    public async Task CompleteAsync(SageMakerInvocation call, IReadOnlyList<SearchCandidate> page)
    {
        var cards = call.Service<ModelCardService>();
        foreach (var candidate in page)
        {
            var name = candidate.Record["ModelCardName"]!.GetValue<string>();
            try
            {
                var card = await cards.DescribeAsync(call.Caller, name, (int?)null, call.CancellationToken);
                candidate.Record["Content"] = card.Content.GetRawText();
            }
            catch (NotFoundException)
            {
                // Deleted since the search read it: returned as found, without content.
            }
        }
    }

    /// <summary>A card's searchable members without its content (the Model Dashboard's ModelDashboardModelCard has exactly these).</summary>
    internal static JsonObject Summary(ModelCardSearchRow c) => new JsonObject
    {
        ["ModelCardArn"] = c.Arn,
        ["ModelCardName"] = c.Name,
        ["ModelCardVersion"] = c.LatestVersion,
        ["ModelCardStatus"] = c.Status,
        ["CreationTime"] = SageMakerJson.Timestamp(c.CreatedAt),
        ["CreatedBy"] = SageMakerJson.UserContext(c.CreatedBy),
        ["LastModifiedTime"] = SageMakerJson.Timestamp(c.LastModifiedAt),
        ["LastModifiedBy"] = SageMakerJson.UserContext(c.LastModifiedBy),
        ["Tags"] = Tags(c.Tags),
    }
    .AddIf("SecurityConfig", c.KmsKeyId is { } kms ? new JsonObject { ["KmsKeyId"] = kms } : null)
    .AddIf("ModelId", c.ModelId)
    .AddIf("RiskRating", c.RiskRating);

    internal static JsonArray Tags(IEnumerable<Tag> tags) => [.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })];
}
