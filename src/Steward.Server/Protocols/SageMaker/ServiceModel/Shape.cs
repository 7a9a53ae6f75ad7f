using System.Text.Json;
using System.Text.RegularExpressions;

namespace Steward.Server.Protocols.SageMaker.ServiceModel;

public enum ShapeType
{
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
    Timestamp,
    Blob,
}

/// <summary>A member of a structure: its name on the wire and its target shape.</summary>
public sealed record ShapeMember(string Name, Shape Target, bool IsIdempotencyToken);

/// <summary>
/// One botocore shape with the constraints the adapter enforces: required members, lengths (code points for
/// strings, items for lists, entries for maps), numeric ranges, patterns (matched against the whole value) and enums.
/// </summary>
public sealed class Shape(string name, ShapeType type)
{
    public string Name { get; } = name;
    public ShapeType Type { get; } = type;
    public long? Min { get; internal set; }
    public long? Max { get; internal set; }
    public Regex? Pattern { get; internal set; }

    private Regex? _compiledPattern;

    /// <summary>
    /// <see cref="Pattern"/> compiled to IL on first use: requests match a few patterns over and over, and compiling
    /// all of the model's patterns at start would cost more than it saves.
    /// </summary>
    public Regex? CompiledPattern => Pattern is null
        ? null
        : _compiledPattern ??= new Regex(Pattern.ToString(), Pattern.Options | RegexOptions.Compiled, Pattern.MatchTimeout);
    public string? PatternText { get; internal set; }
    public IReadOnlySet<string>? Enum { get; internal set; }
    public bool IsUnion { get; internal set; }
    public bool IsException { get; internal set; }
    public IReadOnlyList<string> Required { get; internal set; } = [];
    public IReadOnlyDictionary<string, ShapeMember> Members { get; internal set; } = new Dictionary<string, ShapeMember>(StringComparer.Ordinal);

    /// <summary>The element shape of a list.</summary>
    public Shape? Member { get; internal set; }
    public Shape? Key { get; internal set; }
    public Shape? Value { get; internal set; }

    internal static ShapeType ParseType(string type) => type switch
    {
        "structure" => ShapeType.Structure,
        "list" => ShapeType.List,
        "map" => ShapeType.Map,
        "string" => ShapeType.String,
        "integer" => ShapeType.Integer,
        "long" => ShapeType.Long,
        "float" => ShapeType.Float,
        "double" => ShapeType.Double,
        "boolean" => ShapeType.Boolean,
        "timestamp" => ShapeType.Timestamp,
        "blob" => ShapeType.Blob,
        _ => throw new JsonException($"Unsupported shape type '{type}'."),
    };
}

/// <summary>An operation of the service model: its name, input and output shapes and the errors it models.</summary>
public sealed record OperationModel(string Name, Shape? Input, Shape? Output, IReadOnlySet<string> Errors);
