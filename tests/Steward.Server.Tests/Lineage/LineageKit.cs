using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Steward.Server.Storage;
using Steward.Server.Tests.Infrastructure;
using static Steward.Server.Tests.ModelCards.ModelCardKit;

namespace Steward.Server.Tests.Lineage;

/// <summary>Calls the lineage REST API as any HTTP client would.</summary>
internal static class LineageKit
{
    public const string LineageBase = "/api/v1/lineage";

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static Task<HttpResponseMessage> CreateEntityAsync(HttpClient http, string kind, string key, string? name = null) =>
        http.PostAsync($"{LineageBase}/entities", Json(new JsonObject { ["kind"] = kind, ["key"] = key, ["name"] = name }));

    public static async Task<JsonElement> CreateEntityOkAsync(HttpClient http, string kind, string key, string? name = null) =>
        await ReadAsync(await CreateEntityAsync(http, kind, key, name), HttpStatusCode.Created);

    public static Task<HttpResponseMessage> LinkAsync(HttpClient http, string source, string destination, string type, string? sourceKind = null, string? destinationKind = null) =>
        http.PostAsync($"{LineageBase}/associations", Json(new JsonObject
        {
            ["source"] = source,
            ["destination"] = destination,
            ["type"] = type,
            ["sourceKind"] = sourceKind,
            ["destinationKind"] = destinationKind,
        }));

    public static async Task<JsonElement> LinkOkAsync(HttpClient http, string source, string destination, string type, string? sourceKind = null, string? destinationKind = null) =>
        await ReadAsync(await LinkAsync(http, source, destination, type, sourceKind, destinationKind), HttpStatusCode.Created);

    public static string QueryPath(string start, string? direction = null, int? depth = null, string? format = null) =>
        $"{LineageBase}/query?start={Uri.EscapeDataString(start)}"
        + (direction is null ? string.Empty : "&direction=" + direction)
        + (depth is null ? string.Empty : "&depth=" + depth)
        + (format is null ? string.Empty : "&format=" + format);

    public static async Task<JsonElement> QueryOkAsync(HttpClient http, string start, string? direction = null, int? depth = null) =>
        await GetOkAsync(http, QueryPath(start, direction, depth));

    /// <summary>The query's entities as key → (direction, depth).</summary>
    public static Dictionary<string, (string Direction, int Depth)> Nodes(JsonElement graph) =>
        graph.GetProperty("entities").EnumerateArray().ToDictionary(
            n => n.GetProperty("key").GetString()!,
            n => (n.GetProperty("direction").GetString()!, n.GetProperty("depth").GetInt32()));

    public static HashSet<(string, string, string)> Edges(JsonElement graph) =>
        [.. graph.GetProperty("associations").EnumerateArray().Select(e => (e.GetProperty("source").GetString()!, e.GetProperty("destination").GetString()!, e.GetProperty("type").GetString()!))];

    public static async Task<(int Entities, int Associations)> CountAsync(StewardServer server, string accountId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StewardDbContext>();
        return (await db.LineageEntities.CountAsync(e => e.AccountId == accountId), await db.LineageAssociations.CountAsync(a => a.AccountId == accountId));
    }
}
