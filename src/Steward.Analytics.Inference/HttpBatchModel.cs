using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Steward.Analytics.Explainability;

namespace Steward.Analytics.Inference;

/// <summary>How <see cref="HttpBatchModel"/> encodes rows in a request body.</summary>
public enum HttpModelFormat
{
    /// <summary><c>text/csv</c>: one row per line, features comma-separated (SageMaker's CSV serving convention).</summary>
    Csv,

    /// <summary><c>application/json</c>: <c>{"instances": [[f1, f2, ...], ...]}</c>.</summary>
    Json,
}

/// <summary>Settings of <see cref="HttpBatchModel"/>.</summary>
public sealed record HttpModelOptions
{
    /// <summary>Request body format (default <see cref="HttpModelFormat.Csv"/>).</summary>
    public HttpModelFormat Format { get; init; } = HttpModelFormat.Csv;

    /// <summary>Most rows sent in one request (default 1,000; SageMaker endpoints cap a payload at 6 MB).</summary>
    public int MaxRowsPerRequest { get; init; } = 1000;
}

/// <summary>
/// A model served over HTTP as an <see cref="IBatchModel"/>: rows are POSTed as CSV or JSON, predictions read back from
/// the response. Response bodies understood, chosen by Content-Type (or by the first character when absent):
/// CSV with one line per row (K comma-separated outputs) or a single line of one output per row; JSON as an array of
/// numbers, of arrays, or of objects carrying <c>score</c>/<c>scores</c>/<c>probability</c>/<c>probabilities</c>/<c>prediction</c>,
/// optionally wrapped in an object under <c>predictions</c>, <c>scores</c>, <c>outputs</c> or <c>probabilities</c>.
/// </summary>
public sealed class HttpBatchModel : IBatchModel
{
    private static readonly string[] ArrayKeys = ["predictions", "scores", "outputs", "probabilities"];
    private static readonly string[] ItemKeys = ["score", "scores", "probability", "probabilities", "prediction", "predictions"];

    private readonly HttpClient client;
    private readonly Uri endpoint;
    private readonly HttpModelOptions options;

    private HttpBatchModel(HttpClient client, Uri endpoint, int featureCount, int outputCount, HttpModelOptions options)
    {
        this.client = client;
        this.endpoint = endpoint;
        FeatureCount = featureCount;
        OutputCount = outputCount;
        this.options = options;
    }

    /// <inheritdoc/>
    public int FeatureCount { get; }

    /// <inheritdoc/>
    public int OutputCount { get; }

    /// <summary>Connects to an endpoint and learns its number of outputs by sending one probe row.</summary>
    /// <param name="client">The client to send with (owned by the caller).</param>
    /// <param name="endpoint">The invocation URL.</param>
    /// <param name="probeRow">One representative row (for example the first baseline row); its length is M.</param>
    /// <param name="options">Format and batch size; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The model.</returns>
    /// <exception cref="AnalyticsInputException">The endpoint cannot be reached or answers with an error or an unreadable body.</exception>
    public static async Task<HttpBatchModel> ConnectAsync(
        HttpClient client,
        Uri endpoint,
        ReadOnlyMemory<float> probeRow,
        HttpModelOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= new HttpModelOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRowsPerRequest, 1, nameof(options));
        if (probeRow.IsEmpty)
        {
            throw new ArgumentException("The probe row needs at least one feature.", nameof(probeRow));
        }

        var probe = new HttpBatchModel(client, endpoint, probeRow.Length, 0, options);
        var values = await probe.SendAsync(probeRow, 1, cancellationToken).ConfigureAwait(false);
        return new HttpBatchModel(client, endpoint, probeRow.Length, values[0].Length, options);
    }

    /// <inheritdoc/>
    public async ValueTask PredictAsync(ReadOnlyMemory<float> rows, int rowCount, Memory<float> outputs, CancellationToken cancellationToken)
    {
        for (var start = 0; start < rowCount; start += options.MaxRowsPerRequest)
        {
            var count = Math.Min(options.MaxRowsPerRequest, rowCount - start);
            var predictions = await SendAsync(rows.Slice(start * FeatureCount, count * FeatureCount), count, cancellationToken).ConfigureAwait(false);
            for (var r = 0; r < count; r++)
            {
                if (predictions[r].Length != OutputCount)
                {
                    throw Error($"returned {predictions[r].Length} outputs for a row, earlier {OutputCount}");
                }

                predictions[r].CopyTo(outputs.Span.Slice((start + r) * OutputCount, OutputCount));
            }
        }
    }

    private async Task<float[][]> SendAsync(ReadOnlyMemory<float> rows, int rowCount, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = Encode(rows.Span, rowCount) };
        request.Headers.Accept.ParseAdd(options.Format == HttpModelFormat.Csv ? "text/csv" : "application/json");
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Error($"cannot be reached: {e.Message}");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Error($"answered {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(body)}");
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var json = mediaType?.Contains("json", StringComparison.OrdinalIgnoreCase)
                ?? body.TrimStart().StartsWith('[') || body.TrimStart().StartsWith('{');
            var predictions = json ? ParseJson(body) : ParseCsv(body, rowCount);
            if (predictions.Length != rowCount)
            {
                throw Error($"returned {predictions.Length} predictions for {rowCount} rows");
            }

            return predictions;
        }
    }

    private HttpContent Encode(ReadOnlySpan<float> rows, int rowCount)
    {
        var text = new StringBuilder(rowCount * FeatureCount * 8);
        if (options.Format == HttpModelFormat.Json)
        {
            text.Append("{\"instances\":[");
        }

        for (var r = 0; r < rowCount; r++)
        {
            if (options.Format == HttpModelFormat.Json)
            {
                text.Append(r == 0 ? "[" : ",[");
            }

            for (var f = 0; f < FeatureCount; f++)
            {
                if (f > 0)
                {
                    text.Append(',');
                }

                text.Append(rows[(r * FeatureCount) + f].ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append(options.Format == HttpModelFormat.Json ? "]" : "\n");
        }

        if (options.Format == HttpModelFormat.Json)
        {
            text.Append("]}");
        }

        var content = new StringContent(text.ToString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(options.Format == HttpModelFormat.Csv ? "text/csv" : "application/json");
        return content;
    }

    private float[][] ParseCsv(string body, int rowCount)
    {
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 1 && rowCount > 1)
        {
            // One line of one output per row (older SageMaker XGBoost containers).
            return [.. lines[0].Split(',').Select(v => new[] { Number(v) })];
        }

        return [.. lines.Select(line => line.Split(',').Select(Number).ToArray())];
    }

    private float[][] ParseJson(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw Error($"returned JSON that does not parse: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var key = ArrayKeys.FirstOrDefault(k => root.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.Array)
                    ?? throw Error($"returned a JSON object without any of {string.Join(", ", ArrayKeys)}: {Truncate(body)}");
                root = root.GetProperty(key);
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                throw Error($"returned JSON that is not an array of predictions: {Truncate(body)}");
            }

            return [.. root.EnumerateArray().Select(Item)];
        }
    }

    private float[] Item(JsonElement item) => item.ValueKind switch
    {
        JsonValueKind.Number => [item.GetSingle()],
        JsonValueKind.Array => [.. item.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetSingle() : throw Error($"returned a non-numeric output {v.GetRawText()}"))],
        JsonValueKind.Object => ItemKeys.Where(k => item.TryGetProperty(k, out _)).Select(k => Item(item.GetProperty(k))).FirstOrDefault()
            ?? throw Error($"returned a prediction object without any of {string.Join(", ", ItemKeys)}: {Truncate(item.GetRawText())}"),
        _ => throw Error($"returned a non-numeric output {item.GetRawText()}"),
    };

    private float Number(string text) =>
        float.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"returned '{Truncate(text)}', which is not a number");

    private AnalyticsInputException Error(string message) => new("--model", $"endpoint {endpoint} {message}");

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
