using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Steward.Client;

/// <summary>
/// Typed client for the Steward REST API. Authenticates with <c>Authorization: Bearer &lt;key-id&gt;:&lt;secret&gt;</c>
/// and surfaces every problem detail as a <see cref="StewardApiException"/>.
/// </summary>
public sealed partial class StewardClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    /// <summary>Uses <paramref name="http"/> (whose lifetime the caller owns) against <paramref name="endpoint"/>.</summary>
    public StewardClient(HttpClient http, Uri endpoint, string accessKeyId, string secretAccessKey)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _http.BaseAddress = endpoint;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{accessKeyId}:{secretAccessKey}");
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("steward-client/1.0");
    }

    /// <summary>Checks the server is up (no credentials needed).</summary>
    public Task<HealthStatus> HealthAsync(CancellationToken cancellationToken = default) =>
        SendAsync<HealthStatus>(HttpMethod.Get, "healthz", null, cancellationToken);

    /// <summary>Creates an access key for <paramref name="userName"/> (the caller when null).</summary>
    public Task<CreatedAccessKey> CreateAccessKeyAsync(string? userName = null, CancellationToken cancellationToken = default) =>
        SendAsync<CreatedAccessKey>(HttpMethod.Post, "api/v1/access-keys", new { userName }, cancellationToken);

    /// <summary>Lists the access keys of the caller's account.</summary>
    public Task<AccessKeyList> ListAccessKeysAsync(CancellationToken cancellationToken = default) =>
        SendAsync<AccessKeyList>(HttpMethod.Get, "api/v1/access-keys", null, cancellationToken);

    /// <summary>Sets a key's status: <c>Active</c> or <c>Inactive</c>.</summary>
    public Task<AccessKey> SetAccessKeyStatusAsync(string accessKeyId, string status, CancellationToken cancellationToken = default) =>
        SendAsync<AccessKey>(HttpMethod.Patch, $"api/v1/access-keys/{Uri.EscapeDataString(accessKeyId)}", new { status }, cancellationToken);

    /// <summary>Deletes an access key.</summary>
    public Task DeleteAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Delete, $"api/v1/access-keys/{Uri.EscapeDataString(accessKeyId)}", null, cancellationToken);

    /// <summary>Lists audit records, newest first.</summary>
    public Task<AuditEventPage> ListAuditEventsAsync(AuditFilter? filter = null, int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        var query = Query(filter);
        Add(query, "maxResults", maxResults?.ToString(CultureInfo.InvariantCulture));
        Add(query, "nextToken", nextToken);
        return SendAsync<AuditEventPage>(HttpMethod.Get, "api/v1/audit/events" + ToQueryString(query), null, cancellationToken);
    }

    /// <summary>Writes the JSON Lines export (records, proofs, checkpoints) to <paramref name="destination"/>.</summary>
    public async Task ExportAuditAsync(Stream destination, AuditFilter? filter = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/audit/export" + ToQueryString(Query(filter)));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the server to verify its whole audit log.</summary>
    public Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken = default) =>
        SendAsync<AuditVerification>(HttpMethod.Get, "api/v1/audit/verify", null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NoContent)
        {
            return default!;
        }

        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var code = response.StatusCode.ToString();
        var detail = text;
        string? requestId = null;
        var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        try
        {
            using var problem = JsonDocument.Parse(text);
            var root = problem.RootElement;
            code = root.TryGetProperty("code", out var c) ? c.GetString() ?? code : code;
            detail = root.TryGetProperty("detail", out var d) ? d.GetString() ?? detail : root.TryGetProperty("title", out var t) ? t.GetString() ?? detail : detail;
            requestId = root.TryGetProperty("requestId", out var r) ? r.GetString() : null;
            if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in e.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? [.. field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : m.GetRawText())]
                        : [field.Value.ToString()];
                }
            }
        }
        catch (JsonException)
        {
        }

        throw new StewardApiException(status, code, detail, requestId) { Errors = errors };
    }

    private static List<KeyValuePair<string, string>> Query(AuditFilter? filter)
    {
        var query = new List<KeyValuePair<string, string>>();
        if (filter is null)
        {
            return query;
        }

        Add(query, "from", filter.From?.ToString("O", CultureInfo.InvariantCulture));
        Add(query, "to", filter.To?.ToString("O", CultureInfo.InvariantCulture));
        Add(query, "principal", filter.Principal);
        Add(query, "action", filter.Action);
        Add(query, "resource", filter.Resource);
        Add(query, "outcome", filter.Outcome);
        Add(query, "requestId", filter.RequestId);
        return query;
    }

    private static void Add(List<KeyValuePair<string, string>> query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add(new(name, value));
        }
    }

    private static string ToQueryString(List<KeyValuePair<string, string>> query)
    {
        if (query.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder("?");
        foreach (var (name, value) in query)
        {
            if (builder.Length > 1)
            {
                builder.Append('&');
            }

            builder.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }
}
