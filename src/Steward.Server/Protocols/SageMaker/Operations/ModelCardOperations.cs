using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Server.Hosting;
using Steward.Server.ModelCards;
using Steward.Server.Tagging;

namespace Steward.Server.Protocols.SageMaker.Operations;

/// <summary>The model card operations, over <see cref="ModelCardService"/>.</summary>
public sealed class ModelCardOperations : ISageMakerOperationSet
{
    private const string Type = "model-card";

    public IEnumerable<SageMakerOperation> Operations =>
    [
        new("CreateModelCard", ReadOnly: false, (i, r) => SageMakerArns.Resource(r, Type, i.String("ModelCardName")), CreateAsync),
        new("DescribeModelCard", readOnly: true, (i, r) => SageMakerArns.Resource(r, Type, i.String("ModelCardName")), DescribeAsync),
        new("UpdateModelCard", ReadOnly: false, (i, r) => SageMakerArns.Resource(r, Type, i.String("ModelCardName")), UpdateAsync),
        new("DeleteModelCard", ReadOnly: false, (i, r) => SageMakerArns.Resource(r, Type, i.String("ModelCardName")), DeleteAsync),
        new("ListModelCards", ReadOnly: true, (_, r) => r.Arn("sagemaker", Type + "/*"), ListAsync),
        new("ListModelCardVersions", ReadOnly: true, (i, r) => SageMakerArns.Resource(r, Type, i.String("ModelCardName")), ListVersionsAsync),
    ];

    private static string CardName(SageMakerInvocation call) =>
        SageMakerArns.Name(call.Input.String("ModelCardName")!, Type, call.Region, arn => new NotFoundException($"Model card '{arn}' does not exist."));

    private static async Task<JsonObject> CreateAsync(SageMakerInvocation call)
    {
        var input = call.Input;
        var request = new CreateModelCardRequest
        {
            Content = input.Element("Content"),
            Status = input.String("ModelCardStatus"),
            Tags = Tags(input.Element("Tags")),
            SecurityConfig = input.Element("SecurityConfig") is { } security
                ? new ModelCardSecurityConfig(security.TryGetProperty("KmsKeyId", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null)
                : null,
        };
        var result = await call.Service<ModelCardService>().CreateAsync(call.Caller, input.String("ModelCardName")!, request, idempotencyKey: null, call.CancellationToken);
        return new JsonObject { ["ModelCardArn"] = result.Card.Arn };
    }

    private static async Task<ISageMakerOutput> DescribeAsync(SageMakerInvocation call)
    {
        var cards = call.Service<ModelCardService>();
        var card = await cards.DescribeStoredAsync(call.Caller, CardName(call), call.Input.Int("ModelCardVersion"), call.CancellationToken);
        return new DescribeModelCardOutput(card, cards.ArnOf(card.AccountId, card.Name));
    }

    /// <summary>
    /// DescribeModelCard's output written from the stored card: the content, stored as compact UTF-8 JSON, goes out as
    /// a JSON string escaped straight from those bytes (never decoded into a .NET string and encoded again).
    /// </summary>
    private sealed class DescribeModelCardOutput(StoredModelCard card, string arn) : ISageMakerOutput
    {
        public void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("ModelCardArn"u8, arn);
            writer.WriteString("ModelCardName"u8, card.Name);
            writer.WriteNumber("ModelCardVersion"u8, card.Version!.Value);
            SageMakerJson.WriteUtf8String(writer, "Content"u8, card.Content);
            writer.WriteString("ModelCardStatus"u8, card.Status.ToString());
            WriteTimestamp(writer, "CreationTime"u8, card.CreatedAt);
            WriteUserContext(writer, "CreatedBy"u8, card.CreatedBy);
            WriteTimestamp(writer, "LastModifiedTime"u8, card.LastModifiedAt);
            WriteUserContext(writer, "LastModifiedBy"u8, card.LastModifiedBy);
            if (card.KmsKeyId is { } kms)
            {
                writer.WriteStartObject("SecurityConfig"u8);
                writer.WriteString("KmsKeyId"u8, kms);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        private static void WriteTimestamp(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTime time) =>
            writer.WriteNumber(name, SageMakerJson.EpochSeconds(time));

        private static void WriteUserContext(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string principalArn)
        {
            writer.WriteStartObject(name);
            writer.WriteStartObject("IamIdentity"u8);
            writer.WriteString("Arn"u8, principalArn);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    private static async Task<JsonObject> UpdateAsync(SageMakerInvocation call)
    {
        var request = new UpdateModelCardRequest { Content = call.Input.Element("Content"), Status = call.Input.String("ModelCardStatus") };
        var card = await call.Service<ModelCardService>().UpdateAsync(call.Caller, CardName(call), request, ifMatch: null, call.CancellationToken);
        return new JsonObject { ["ModelCardArn"] = card.Arn };
    }

    private static async Task<JsonObject> DeleteAsync(SageMakerInvocation call)
    {
        await call.Service<ModelCardService>().DeleteAsync(call.Caller, CardName(call), ifMatch: null, call.CancellationToken);
        return [];
    }

    private static async Task<JsonObject> ListAsync(SageMakerInvocation call)
    {
        var input = call.Input;
        var query = new ListModelCardsQuery(
            NameContains: input.String("NameContains"),
            Status: input.String("ModelCardStatus"),
            CreatedAfter: input.TimeText("CreationTimeAfter"),
            CreatedBefore: input.TimeText("CreationTimeBefore"),
            SortBy: input.String("SortBy"),
            SortOrder: input.String("SortOrder"),
            MaxResults: input.IntText("MaxResults"),
            NextToken: call.PageToken);
        var page = await call.Service<ModelCardService>().ListAsync(call.Caller, query, call.CancellationToken);
        var summaries = new JsonArray();
        foreach (var card in page.ModelCards)
        {
            summaries.Add(new JsonObject
            {
                ["ModelCardName"] = card.Name,
                ["ModelCardArn"] = card.Arn,
                ["ModelCardStatus"] = card.Status,
                ["CreationTime"] = SageMakerJson.Timestamp(card.CreatedAt),
                ["LastModifiedTime"] = SageMakerJson.Timestamp(card.LastModifiedAt),
            });
        }

        return new JsonObject { ["ModelCardSummaries"] = summaries }.AddIf("NextToken", page.NextToken);
    }

    private static async Task<JsonObject> ListVersionsAsync(SageMakerInvocation call)
    {
        var input = call.Input;
        var query = new ListModelCardVersionsQuery(
            SortOrder: input.String("SortOrder"),
            MaxResults: input.IntText("MaxResults"),
            NextToken: call.PageToken,
            Status: input.String("ModelCardStatus"),
            CreatedAfter: input.TimeText("CreationTimeAfter"),
            CreatedBefore: input.TimeText("CreationTimeBefore"));
        var page = await call.Service<ModelCardService>().ListVersionsAsync(call.Caller, CardName(call), query, call.CancellationToken);
        var summaries = new JsonArray();
        foreach (var version in page.Versions)
        {
            summaries.Add(new JsonObject
            {
                ["ModelCardName"] = page.Name,
                ["ModelCardArn"] = page.Arn,
                ["ModelCardStatus"] = version.Status,
                ["ModelCardVersion"] = version.Version,
                ["CreationTime"] = SageMakerJson.Timestamp(version.CreatedAt),
                ["LastModifiedTime"] = SageMakerJson.Timestamp(version.CreatedAt),
            });
        }

        return new JsonObject { ["ModelCardVersionSummaryList"] = summaries }.AddIf("NextToken", page.NextToken);
    }

    private static List<Tag>? Tags(JsonElement? tags) => tags?.EnumerateArray()
        .Select(t => new Tag(t.GetProperty("Key").GetString()!, t.GetProperty("Value").GetString()!))
        .ToList();
}
