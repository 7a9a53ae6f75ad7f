using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Server.Access.Authentication;
using Steward.Server.Access.Authorization;
using Steward.Server.Protocols.SageMaker.ServiceModel;

namespace Steward.Server.Protocols.SageMaker;

/// <summary>
/// One SageMaker operation Steward answers: whether it only reads, how to name its resource from the validated
/// input (for authorization and the audit record), and how to call the feature service and shape the output.
/// Wire validation, paging tokens, errors and the IAM action (<c>sagemaker:&lt;Name&gt;</c>) come from the adapter
/// and the service model, so an operation is mostly this record.
/// </summary>
public sealed record SageMakerOperation(
    string Name,
    bool ReadOnly,
    Func<SageMakerInput, ResourceContext, string> Resource,
    Func<SageMakerInvocation, Task<JsonObject>> Invoke)
{
    /// <summary>
    /// An operation whose output writes itself to the response (no <see cref="JsonObject"/> in between): for reads
    /// on the hot path, such as DescribeModelCard. <see cref="Invoke"/> still answers with the same JSON as an object.
    /// </summary>
    public SageMakerOperation(string name, bool readOnly, Func<SageMakerInput, ResourceContext, string> resource, Func<SageMakerInvocation, Task<ISageMakerOutput>> write)
        : this(name, readOnly, resource, async call => SageMakerOutput.ToJsonObject(await write(call)))
    {
        Write = write;
    }

    /// <summary>Set for an operation whose output is written straight to the response; see <see cref="ISageMakerOutput"/>.</summary>
    public Func<SageMakerInvocation, Task<ISageMakerOutput>>? Write { get; }
}

/// <summary>An operation's output that writes itself as the awsJson1_1 response body (one JSON object).</summary>
public interface ISageMakerOutput
{
    void WriteTo(Utf8JsonWriter writer);
}

/// <summary>How outputs are written: JSON for SDKs, so quotes in strings go out as \" (as SageMaker writes them).</summary>
public static class SageMakerOutput
{
    public static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>The output as a <see cref="JsonObject"/>, for callers that need one.</summary>
    public static JsonObject ToJsonObject(ISageMakerOutput output)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            output.WriteTo(writer);
        }

        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }
}

/// <summary>What an operation's handler gets: the caller, its validated input, the request's services.</summary>
public sealed class SageMakerInvocation(Caller caller, SageMakerInput input, IServiceProvider services, string region, string? pageToken, CancellationToken cancellationToken)
{
    public Caller Caller { get; } = caller;
    public SageMakerInput Input { get; } = input;
    public IServiceProvider Services { get; } = services;
    public string Region { get; } = region;

    /// <summary>The feature service's own paging token, unwrapped from the client's NextToken after its binding was checked.</summary>
    public string? PageToken { get; } = pageToken;
    public CancellationToken CancellationToken { get; } = cancellationToken;

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();
}

/// <summary>A group of operations a feature contributes to the SageMaker endpoint (model cards, the registry, tags, ...).</summary>
public interface ISageMakerOperationSet
{
    IEnumerable<SageMakerOperation> Operations { get; }
}

/// <summary>The operations answered, checked against the service model at start: each must be a SageMaker operation.</summary>
public sealed class SageMakerOperations
{
    private readonly Dictionary<string, SageMakerOperation> _byName = new(StringComparer.Ordinal);

    public SageMakerOperations(IEnumerable<ISageMakerOperationSet> sets, SageMakerServiceModel model)
    {
        foreach (var operation in sets.SelectMany(s => s.Operations))
        {
            if (!model.Operations.ContainsKey(operation.Name))
            {
                throw new InvalidOperationException($"{operation.Name} is not an operation of the embedded SageMaker service model.");
            }

            _byName.Add(operation.Name, operation);
        }
    }

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public SageMakerOperation? Find(string name) => _byName.GetValueOrDefault(name);
}
