using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.ModelCards;

/// <summary>Calls the model card REST API the way any HTTP client would, and builds realistic content.</summary>
internal static class ModelCardKit
{
    public const string Base = "/api/v1/model-cards";

    public static string UniqueName(string prefix = "card") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 17)];

    public static string UniqueModelId() => "arn:aws:sagemaker:us-east-1:123456789012:model/m-" + Guid.NewGuid().ToString("N");

    public static JsonObject Content(string? modelId = null, string risk = "Medium", string description = "Predicts which customers will leave in the next 90 days.") => new()
    {
        ["model_overview"] = new JsonObject
        {
            ["model_id"] = modelId ?? UniqueModelId(),
            ["model_name"] = "customer-churn",
            ["model_version"] = 1,
            ["model_description"] = description,
            ["model_owner"] = "Retention analytics",
            ["algorithm_type"] = "Gradient boosted trees",
            ["problem_type"] = "Binary classification",
        },
        ["intended_uses"] = new JsonObject
        {
            ["purpose_of_model"] = "Prioritise retention offers.",
            ["risk_rating"] = risk,
        },
        ["business_details"] = new JsonObject { ["business_problem"] = "Churn is expensive.", ["line_of_business"] = "Consumer" },
    };

    public static StringContent Json(object body) => new(body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static async Task<HttpResponseMessage> CreateAsync(HttpClient http, string name, JsonObject? content = null, string status = "Draft", string? idempotencyKey = null, JsonArray? tags = null)
    {
        var body = new JsonObject { ["content"] = content?.DeepClone() ?? Content(), ["status"] = status };
        if (tags is not null)
        {
            body["tags"] = tags.DeepClone();
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Base}/{name}") { Content = Json(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await http.SendAsync(request);
    }

    public static async Task<JsonElement> CreateOkAsync(HttpClient http, string name, JsonObject? content = null, string status = "Draft")
    {
        var response = await CreateAsync(http, name, content, status);
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    public static async Task<HttpResponseMessage> PatchAsync(HttpClient http, string name, JsonObject body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{Base}/{name}") { Content = Json(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SetStatusAsync(HttpClient http, string name, string status, string? comment = null) =>
        PatchAsync(http, name, comment is null ? new JsonObject { ["status"] = status } : new JsonObject { ["status"] = status, ["comment"] = comment });

    public static Task<HttpResponseMessage> SetContentAsync(HttpClient http, string name, JsonObject content, string? ifMatch = null) =>
        PatchAsync(http, name, new JsonObject { ["content"] = content.DeepClone() }, ifMatch);

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> GetOkAsync(HttpClient http, string path) => await ReadAsync(await http.GetAsync(path));

    /// <summary>Asserts a 400 ValidationError naming <paramref name="pointer"/> with <paramref name="rule"/>; returns the problem.</summary>
    public static async Task<JsonElement> AssertFieldErrorAsync(HttpResponseMessage response, string pointer, string? rule = null, string code = "ValidationError")
    {
        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, code);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(pointer, out var messages), $"no error for {pointer}: {problem}");
        if (rule is not null)
        {
            Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.StartsWith(rule + ":", StringComparison.Ordinal));
            Assert.Contains(problem.GetProperty("violations").EnumerateArray(), v => v.GetProperty("pointer").GetString() == pointer && v.GetProperty("rule").GetString() == rule);
        }

        return problem;
    }

    public static async Task<int> CountCardsAsync(StewardServer server, string name)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        return await db.ModelCards.CountAsync(c => c.Name == name);
    }
}
