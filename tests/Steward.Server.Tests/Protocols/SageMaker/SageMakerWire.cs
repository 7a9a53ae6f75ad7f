using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Server.Access.SigV4;
using Steward.Server.Tests.Infrastructure;

namespace Steward.Server.Tests.Protocols.SageMaker;

/// <summary>How a request deviates from what an AWS SDK sends (for the bad-input tests); defaults are a correct call.</summary>
internal sealed record WireOptions
{
    public string? Target { get; init; }
    public bool OmitTarget { get; init; }
    public string ContentType { get; init; } = "application/x-amz-json-1.1";
    public string? KeyId { get; init; }
    public string? Secret { get; init; }
    public string Service { get; init; } = "sagemaker";
    public DateTimeOffset? Time { get; init; }
    public bool SignTargetAndContentType { get; init; } = true;
    public string? RawBody { get; init; }

    /// <summary>A body sent in place of the one signed.</summary>
    public string? SendInstead { get; init; }
}

/// <summary>Sends SageMaker awsJson1_1 calls signed with SigV4, exactly as botocore does on the wire.</summary>
internal static class SageMakerWire
{
    public static async Task<HttpResponseMessage> SendAsync(StewardServer server, string operation, JsonNode? body, WireOptions? options = null)
    {
        options ??= new WireOptions();
        var text = options.RawBody ?? body?.ToJsonString() ?? "{}";
        var bytes = Encoding.UTF8.GetBytes(text);
        var target = options.Target ?? "SageMaker." + operation;
        var signed = new List<KeyValuePair<string, string>> { new("Host", server.BaseAddress.Authority) };
        if (options.SignTargetAndContentType)
        {
            signed.Add(new("Content-Type", options.ContentType));
            if (!options.OmitTarget)
            {
                signed.Add(new("X-Amz-Target", target));
            }
        }

        var signature = SigV4Signer.SignHeaders(
            new SigV4Request("POST", "/", string.Empty, signed, SigV4Request.HashPayload(bytes)),
            new SigV4SigningParameters(new SigV4Credentials(options.KeyId ?? server.AdminKeyId, options.Secret ?? server.AdminSecret), "us-east-1", options.Service,
                options.Time ?? DateTimeOffset.UtcNow));
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(options.SendInstead is { } other ? Encoding.UTF8.GetBytes(other) : bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(options.ContentType);
        if (!options.OmitTarget)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }

        foreach (var (name, value) in signature.AddedHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var http = server.CreateAnonymousClient();
        return await http.SendAsync(request);
    }

    public static async Task<JsonObject> CallAsync(StewardServer server, string operation, JsonNode? body = null)
    {
        var response = await SendAsync(server, operation, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(HttpAssertions.RequestId(response)));
        Assert.DoesNotContain(":null", text, StringComparison.Ordinal);
        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!.AsObject();
    }

    /// <summary>Asserts a SageMaker error: status, <c>__type</c>, a message, the request id, and no internals.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {type}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(HttpAssertions.RequestId(response)));
        HttpAssertions.AssertNoLeaks(text);
        var error = JsonDocument.Parse(text).RootElement;
        Assert.Equal(type, error.GetProperty("__type").GetString());
        var message = error.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message!;
    }

    public static string UniqueName(string prefix = "sm") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 17)];

    /// <summary>Model card content as SageMaker clients send it: a string holding the JSON.</summary>
    public static string Content(string description = "Predicts churn.", string? modelId = null) => new JsonObject
    {
        ["model_overview"] = new JsonObject
        {
            ["model_id"] = modelId ?? "arn:aws:sagemaker:us-east-1:123456789012:model/m-" + Guid.NewGuid().ToString("N"),
            ["model_description"] = description,
        },
        ["intended_uses"] = new JsonObject { ["risk_rating"] = "Low" },
    }.ToJsonString();
}
