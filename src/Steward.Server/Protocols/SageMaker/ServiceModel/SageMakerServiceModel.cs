using System.Text.Json;
using System.Text.RegularExpressions;

namespace Steward.Server.Protocols.SageMaker.ServiceModel;

/// <summary>
/// The SageMaker service model the adapter speaks: the botocore operations and shapes embedded from
/// <c>sagemaker-service.json</c> (a documentation-free copy of the shared service subset, written by
/// <c>trim_service_model.py</c>). Loaded once; every pattern is compiled at load, so a pattern .NET cannot read
/// fails the first request and the model test, not a random call later.
/// </summary>
public sealed class SageMakerServiceModel
{
    public const string ResourceName = "Steward.Protocols.SageMaker.ServiceModel";
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly Lazy<SageMakerServiceModel> Embedded = new(LoadEmbedded);

    private SageMakerServiceModel(string targetPrefix, string signingName, IReadOnlyDictionary<string, OperationModel> operations, IReadOnlyDictionary<string, Shape> shapes)
    {
        TargetPrefix = targetPrefix;
        SigningName = signingName;
        Operations = operations;
        Shapes = shapes;
    }

    public static SageMakerServiceModel Instance => Embedded.Value;

    /// <summary><c>SageMaker</c>: the X-Amz-Target prefix.</summary>
    public string TargetPrefix { get; }

    /// <summary><c>sagemaker</c>: the SigV4 service name.</summary>
    public string SigningName { get; }
    public IReadOnlyDictionary<string, OperationModel> Operations { get; }
    public IReadOnlyDictionary<string, Shape> Shapes { get; }

    private static SageMakerServiceModel LoadEmbedded()
    {
        using var stream = typeof(SageMakerServiceModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var document = JsonDocument.Parse(stream);
        return Load(document.RootElement);
    }

    public static SageMakerServiceModel Load(JsonElement root)
    {
        var definitions = root.GetProperty("shapes");
        var shapes = new Dictionary<string, Shape>(StringComparer.Ordinal);
        foreach (var property in definitions.EnumerateObject())
        {
            shapes[property.Name] = new Shape(property.Name, Shape.ParseType(property.Value.GetProperty("type").GetString()!));
        }

        foreach (var property in definitions.EnumerateObject())
        {
            Fill(shapes[property.Name], property.Value, shapes);
        }

        var operations = new Dictionary<string, OperationModel>(StringComparer.Ordinal);
        foreach (var property in root.GetProperty("operations").EnumerateObject())
        {
            var op = property.Value;
            var errors = op.TryGetProperty("errors", out var list)
                ? list.EnumerateArray().Select(e => e.GetProperty("shape").GetString()!).ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
            operations[property.Name] = new OperationModel(property.Name, Reference(op, "input", shapes), Reference(op, "output", shapes), errors);
        }

        var metadata = root.GetProperty("metadata");
        return new SageMakerServiceModel(metadata.GetProperty("targetPrefix").GetString()!, metadata.GetProperty("signingName").GetString()!, operations, shapes);
    }

    private static Shape? Reference(JsonElement owner, string name, Dictionary<string, Shape> shapes) =>
        owner.TryGetProperty(name, out var reference) ? shapes[reference.GetProperty("shape").GetString()!] : null;

    private static void Fill(Shape shape, JsonElement definition, Dictionary<string, Shape> shapes)
    {
        if (definition.TryGetProperty("min", out var min))
        {
            shape.Min = (long)min.GetDouble();
        }

        if (definition.TryGetProperty("max", out var max))
        {
            shape.Max = (long)max.GetDouble();
        }

        if (definition.TryGetProperty("pattern", out var pattern))
        {
            var text = pattern.GetString()!;
            shape.PatternText = text;
            shape.Pattern = new Regex(Anchor(text), RegexOptions.CultureInvariant, PatternTimeout);
        }

        if (definition.TryGetProperty("enum", out var values))
        {
            shape.Enum = values.EnumerateArray().Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal);
        }

        shape.IsUnion = definition.TryGetProperty("union", out var union) && union.GetBoolean();
        shape.IsException = definition.TryGetProperty("exception", out var exception) && exception.GetBoolean();
        if (definition.TryGetProperty("required", out var required))
        {
            shape.Required = [.. required.EnumerateArray().Select(r => r.GetString()!)];
        }

        if (definition.TryGetProperty("members", out var members))
        {
            shape.Members = members.EnumerateObject().ToDictionary(
                m => m.Name,
                m => new ShapeMember(m.Name, shapes[m.Value.GetProperty("shape").GetString()!], m.Value.TryGetProperty("idempotencyToken", out var token) && token.GetBoolean()),
                StringComparer.Ordinal);
        }

        shape.Member = Reference(definition, "member", shapes);
        shape.Key = Reference(definition, "key", shapes);
        shape.Value = Reference(definition, "value", shapes);
    }

    /// <summary>
    /// Smithy patterns are not anchored, but SageMaker's documentation and service match the whole value; <c>\z</c>
    /// rather than <c>$</c>, which would also match before a trailing newline.
    /// </summary>
    private static string Anchor(string pattern)
    {
        var body = FromJava(pattern);
        if (body.StartsWith('^'))
        {
            body = body[1..];
        }

        if (body.EndsWith('$') && !body.EndsWith("\\$", StringComparison.Ordinal))
        {
            body = body[..^1];
        }

        return $"^(?:{body})\\z";
    }

    /// <summary>
    /// The model's patterns are Java regular expressions. Two constructs in them mean something else (or nothing) to
    /// .NET: a supplementary-plane range written as surrogate pairs (.NET matches UTF-16 units, so: any surrogate) and
    /// the POSIX class <c>\p{Alnum}</c>.
    /// </summary>
    private static string FromJava(string pattern) => pattern
        .Replace(@"\uD800\uDC00-\uDBFF\uDFFF", @"\uD800-\uDFFF", StringComparison.Ordinal)
        .Replace(@"\p{Alnum}", "a-zA-Z0-9", StringComparison.Ordinal);
}
