using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Steward.Server.Hosting;

namespace Steward.Server.ModelCards.Content;

/// <summary>
/// The content schema compiled once into a tree of small checkers, one per schema object, with <c>$ref</c>s resolved
/// to shared nodes. It evaluates the draft-07 keywords the schema uses (type, properties, additionalProperties,
/// required, enum, pattern, minLength/maxLength, minItems/maxItems, items, minimum/maximum, $ref/definitions, anyOf)
/// and refuses at load any keyword it does not evaluate, so a schema change cannot be silently ignored.
/// </summary>
/// <remarks>
/// Errors are the ones the general JSON Schema evaluator (NJsonSchema) reported before, named the same way: keyword
/// order per value is anyOf, type (array, string, number, integer, boolean, object), enum, then properties in schema
/// order, missing required fields, and fields the schema does not declare. A failed anyOf reports the errors of the
/// one alternative the value evidently meant (a metric's <c>type</c> picks its shape; otherwise the only alternative
/// whose JSON type matches), or one <c>anyOf</c> error when that is unclear. The differential test
/// (tests/Steward.Server.Tests/ModelCards/ContentSchemaDifferentialTests.cs) holds the two to the same errors.
/// </remarks>
public sealed class ContentSchema
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "$schema", "$comment", "$id", "title", "description", "version", "default", "definitions" };
    private readonly Node _root;

    private ContentSchema(Node root) => _root = root;

    /// <summary>The schema embedded in the server assembly (<c>model-card-content.schema.json</c>).</summary>
    public static ContentSchema Embedded { get; } = LoadEmbedded();

    /// <summary>Compiles a schema document. Throws <see cref="NotSupportedException"/> for keywords it does not evaluate.</summary>
    public static ContentSchema Compile(JsonElement schema)
    {
        var definitions = new Dictionary<string, Node>(StringComparer.Ordinal);
        var pending = new List<(Node Node, JsonElement Source)>();
        if (schema.TryGetProperty("definitions", out var defs))
        {
            foreach (var definition in defs.EnumerateObject())
            {
                // Created empty first so that definitions may refer to one another (and to themselves).
                var node = new Node();
                definitions["#/definitions/" + definition.Name] = node;
                pending.Add((node, definition.Value));
            }
        }

        var compiler = new Compiler(definitions);
        foreach (var (node, source) in pending)
        {
            compiler.Fill(node, source, "#/definitions");
        }

        var root = compiler.Compile(schema, "#");
        compiler.Complete();
        return new ContentSchema(root);
    }

    /// <summary>Validates <paramref name="value"/>; errors are added under <paramref name="prefix"/> (a JSON pointer).</summary>
    public void Validate(JsonElement value, string prefix, List<FieldError> errors)
    {
        var path = new PathStack(prefix);
        Check(_root, value, path, new Report(errors));
    }

    private static ContentSchema LoadEmbedded()
    {
        using var stream = typeof(ContentSchema).Assembly.GetManifestResourceStream("Steward.ModelCards.ContentSchema")
            ?? throw new InvalidOperationException("The model card content schema is not embedded in the server assembly.");
        using var document = JsonDocument.Parse(stream);
        return Compile(document.RootElement);
    }

    /// <summary>Checks a value against a node; returns true when the node's own type check failed on this value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Check(Node node, JsonElement value, PathStack path, Report errors)
    {
        // The kind is read once and handed on: each read looks the value up in the document's metadata again.
        var kind = value.ValueKind;
        if (node.AnyOf is { } alternatives)
        {
            CheckAnyOf(node, alternatives, value, kind, path, errors);
        }

        var typeFailed = CheckType(node, value, kind, path, errors);
        if (node.Enum is not null && (kind != JsonValueKind.String || !IsOneOf(value, node.EnumUtf8)))
        {
            errors.Add(path, null, "enum", node.EnumMessage!);
        }

        if (node.HasObjectKeywords)
        {
            CheckProperties(node, value, kind, path, errors);
        }

        return typeFailed;
    }

    /// <summary>Whether a string value (callers check the kind) is one of <paramref name="names"/>.</summary>
    private static bool IsOneOf(JsonElement value, byte[][] names)
    {
        foreach (var name in names)
        {
            if (value.ValueEquals(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The length in UTF-16 code units (what the schema's minLength/maxLength count), without making the string when nothing is escaped.</summary>
    private static int Utf16Length(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value)[1..^1];
        return raw.IndexOf((byte)'\\') < 0 ? Encoding.UTF8.GetCharCount(raw) : value.GetString()!.Length;
    }

    /// <summary>
    /// Whether the string's length is within the node's bounds judging by its JSON text alone: a string has at most as
    /// many UTF-16 code units as its text has bytes, and at least a sixth as many (the longest text per code unit is an
    /// escape, six bytes). Only a string near a bound is measured.
    /// </summary>
    private static bool SurelyWithinLength(Node node, JsonElement value)
    {
        var bytes = JsonMarshal.GetRawUtf8Value(value).Length - 2;
        return (node.MaxLength is not { } max || bytes <= max) && (node.MinLength is not { } min || (bytes + 5) / 6 >= min);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool CheckType(Node node, JsonElement value, JsonValueKind kind, PathStack path, Report errors)
    {
        var failed = false;
        if (kind == JsonValueKind.Array)
        {
            var count = value.GetArrayLength();
            if (node.MinItems > 0 && count < node.MinItems)
            {
                errors.Add(path, null, "minItems", $"must have at least {node.MinItems} items");
            }

            if (node.MaxItems > 0 && count > node.MaxItems)
            {
                errors.Add(path, null, "maxItems", $"must have at most {node.MaxItems} items");
            }

            if (node.Items is { } items)
            {
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    path.Push(index++);
                    Check(items, item, path, errors);
                    path.Pop();
                }
            }
        }
        else if (node.Has(JsonTypes.Array))
        {
            failed = TypeError(errors, path, "must be an array");
        }

        if (kind == JsonValueKind.String)
        {
            if (node.HasStringKeywords)
            {
                if (node.Pattern is { } pattern && !pattern.IsMatch(value.GetString()!))
                {
                    errors.Add(path, null, "pattern", $"must match the pattern {pattern}");
                }

                if ((node.MinLength is not null || node.MaxLength is not null) && !SurelyWithinLength(node, value))
                {
                    var length = Utf16Length(value);
                    if (node.MinLength is { } min && length < min)
                    {
                        errors.Add(path, null, "minLength", $"must be at least {min} characters");
                    }

                    if (node.MaxLength is { } max && length > max)
                    {
                        errors.Add(path, null, "maxLength", $"must be at most {max} characters");
                    }
                }
            }
        }
        else if (node.Has(JsonTypes.String))
        {
            failed = TypeError(errors, path, "must be a string");
        }

        if (kind == JsonValueKind.Number)
        {
            if (node.Minimum is not null || node.Maximum is not null)
            {
                CheckRange(node, value, path, errors);
            }
        }
        else if (node.Has(JsonTypes.Number))
        {
            failed = TypeError(errors, path, "must be a number");
        }

        if (node.Has(JsonTypes.Integer) && (kind != JsonValueKind.Number || !IsIntegerLiteral(value)))
        {
            failed = TypeError(errors, path, "must be an integer");
        }

        if (node.Has(JsonTypes.Boolean) && kind is not (JsonValueKind.True or JsonValueKind.False))
        {
            failed = TypeError(errors, path, "must be true or false");
        }

        if (node.Has(JsonTypes.Null) && kind != JsonValueKind.Null)
        {
            failed = TypeError(errors, path, "must be null");
        }

        if (node.Has(JsonTypes.Object) && kind != JsonValueKind.Object)
        {
            failed = TypeError(errors, path, "must be an object");
        }

        return failed;
    }

    private static bool TypeError(Report errors, PathStack path, string message)
    {
        errors.Add(path, null, "type", message);
        return true;
    }

    /// <summary>An integer is a number literal without fraction or exponent (how the earlier evaluator's JSON reader typed it).</summary>
    private static bool IsIntegerLiteral(JsonElement value) =>
        JsonMarshal.GetRawUtf8Value(value).IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;

    private static void CheckRange(Node node, JsonElement value, PathStack path, Report errors)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        bool below, above;
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            below = node.Minimum is { } min && number < min;
            above = node.Maximum is { } max && number > max;
        }
        else
        {
            var wide = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
            below = node.Minimum is { } min && wide < (double)min;
            above = node.Maximum is { } max && wide > (double)max;
        }

        if (below)
        {
            errors.Add(path, null, "minimum", $"must be at least {node.Minimum}");
        }

        if (above)
        {
            errors.Add(path, null, "maximum", $"must be at most {node.Maximum}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckProperties(Node node, JsonElement value, JsonValueKind kind, PathStack path, Report errors)
    {
        if (kind != JsonValueKind.Object)
        {
            if (!node.Has(JsonTypes.Null))
            {
                // Reported for any value, like the earlier evaluator did; a value that is not an object has its type error too.
                foreach (var property in node.Properties)
                {
                    if (property.Required)
                    {
                        errors.Add(path, property.Name, "required", "is required");
                    }
                }

                foreach (var required in node.OtherRequired)
                {
                    errors.Add(path, required, "required", "is required");
                }
            }

            return;
        }

        // One pass over the members puts each declared one in its property's slot (a later duplicate wins, as
        // TryGetProperty would have it); the checks then run in schema order, and undeclared members in document order.
        var properties = node.Properties;
        var slots = path.RentSlots(properties.Length);
        var undeclared = 0;
        foreach (var member in value.EnumerateObject())
        {
            var index = node.IndexOf(member);
            if (index < 0)
            {
                undeclared++;
            }
            else
            {
                slots[index] = member.Value;
            }
        }

        for (var i = 0; i < properties.Length; i++)
        {
            var property = properties[i];
            var member = slots[i];
            var memberKind = member.ValueKind;
            if (memberKind != JsonValueKind.Undefined)
            {
                if (memberKind == JsonValueKind.Null && property.Schema.Has(JsonTypes.Null))
                {
                    continue;
                }

                path.Push(property.Name);
                Check(property.Schema, member, path, errors);
                path.Pop();
            }
            else if (property.Required)
            {
                errors.Add(path, property.Name, "required", "is required");
            }
        }

        path.ReturnSlots(properties.Length);
        foreach (var required in node.OtherRequired)
        {
            if (!value.TryGetProperty(required, out _))
            {
                errors.Add(path, required, "required", "is required");
            }
        }

        if (undeclared == 0 || (node.AllowAdditional && node.Additional is null))
        {
            return;
        }

        foreach (var member in value.EnumerateObject())
        {
            if (node.IndexOf(member) >= 0)
            {
                continue;
            }

            if (node.Additional is { } additional)
            {
                path.Push(member.Name);
                Check(additional, member.Value, path, errors);
                path.Pop();
            }
            else
            {
                errors.Add(path, member.Name, "additionalProperties", "is not a field of the model card content schema");
            }
        }
    }

    /// <summary>
    /// anyOf: passes when one alternative passes. The alternative the value names by its <c>type</c> member is tried
    /// first, since it is nearly always the one that passes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckAnyOf(Node node, Node[] alternatives, JsonElement value, JsonValueKind kind, PathStack path, Report errors)
    {
        var hasTypeName = false;
        var named = -1;
        if (kind == JsonValueKind.Object && value.TryGetProperty("type"u8, out var type) && type.ValueKind == JsonValueKind.String)
        {
            hasTypeName = true;
            for (var i = 0; i < alternatives.Length; i++)
            {
                if (alternatives[i].TypeMember is { Enum: not null } member && IsOneOf(type, member.EnumUtf8))
                {
                    named = named == -1 ? i : -2;
                }
            }
        }

        // First only whether each alternative passes, counted without building a pointer or an error: nearly always
        // one does (the named one first). The errors of a failed anyOf are gathered only when they are reported.
        var probe = path.Probe;
        if (named >= 0 && Passes(alternatives[named], value, path, probe))
        {
            return;
        }

        Span<bool> typeFailed = stackalloc bool[alternatives.Length];
        for (var i = 0; i < alternatives.Length; i++)
        {
            var mark = probe.Count;
            typeFailed[i] = Check(alternatives[i], value, path, probe);
            if (probe.Count == mark)
            {
                return;
            }
        }

        if (!errors.Records)
        {
            errors.Add(path, null, "anyOf", "does not match any of the allowed shapes");
            return;
        }

        if (hasTypeName)
        {
            if (named >= 0)
            {
                Check(alternatives[named], value, path, errors);
                return;
            }

            if (named == -1 && node.AllAlternativesHaveTypeMember)
            {
                errors.Add(path, "type", "enum", node.AlternativeTypesMessage!);
                return;
            }
        }

        var sameType = -1;
        for (var i = 0; i < typeFailed.Length; i++)
        {
            if (!typeFailed[i])
            {
                sameType = sameType == -1 ? i : -2;
            }
        }

        if (sameType >= 0)
        {
            Check(alternatives[sameType], value, path, errors);
            return;
        }

        errors.Add(path, null, "anyOf", "does not match any of the allowed shapes");
    }

    private static bool Passes(Node node, JsonElement value, PathStack path, Report probe)
    {
        var mark = probe.Count;
        Check(node, value, path, probe);
        return probe.Count == mark;
    }

    /// <summary>Where errors go: a list, or only a count (to learn whether an anyOf alternative passes).</summary>
    private sealed class Report(List<FieldError>? list)
    {
        public int Count { get; private set; }

        public bool Records => list is not null;

        /// <summary>An error at the path (or its <paramref name="child"/> member); the pointer is built only when recorded.</summary>
        public void Add(PathStack path, string? child, string rule, string message)
        {
            Count++;
            list?.Add(new FieldError(path.Pointer(child), rule, message));
        }
    }

    [Flags]
    private enum JsonTypes
    {
        None = 0,
        Array = 1,
        Boolean = 2,
        Integer = 4,
        Null = 8,
        Number = 16,
        Object = 32,
        String = 64,
    }

    private sealed record Property(string Name, byte[] Utf8Name, Node Schema, bool Required);

    private sealed class Node
    {
        public JsonTypes Type;
        public HashSet<string>? Enum;
        public string[] EnumNames = [];
        public byte[][] EnumUtf8 = [];
        public string? EnumMessage;
        public int? MinLength;
        public int? MaxLength;
        public Regex? Pattern;
        public int MinItems;
        public int MaxItems;
        public Node? Items;
        public decimal? Minimum;
        public decimal? Maximum;
        public Property[] Properties = [];
        public string[] OtherRequired = [];
        public bool AllowAdditional = true;
        public Node? Additional;
        public Node[]? AnyOf;

        /// <summary>The schema of this node's <c>type</c> property, if it declares one: its enum is how anyOf picks the meant alternative.</summary>
        public Node? TypeMember;
        public bool AllAlternativesHaveTypeMember;
        public string? AlternativeTypesMessage;

        public bool HasStringKeywords => Pattern is not null || MinLength is not null || MaxLength is not null;

        public bool HasObjectKeywords;

        public bool Has(JsonTypes type) => (Type & type) != 0;

        /// <summary>The index of the declared property <paramref name="member"/> is, or -1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int IndexOf(JsonProperty member)
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(member);
            if (raw.IndexOf((byte)'\\') < 0)
            {
                for (var i = 0; i < Properties.Length; i++)
                {
                    if (raw.SequenceEqual(Properties[i].Utf8Name))
                    {
                        return i;
                    }
                }

                return -1;
            }

            for (var i = 0; i < Properties.Length; i++)
            {
                if (member.NameEquals(Properties[i].Utf8Name))
                {
                    return i;
                }
            }

            return -1;
        }
    }

    private sealed class Compiler(Dictionary<string, Node> definitions)
    {
        private readonly List<Node> _withAnyOf = [];

        /// <summary>What a failed anyOf reports depends on its alternatives' <c>type</c> members, known once every node is filled.</summary>
        public void Complete()
        {
            foreach (var node in _withAnyOf)
            {
                node.AllAlternativesHaveTypeMember = node.AnyOf!.All(a => a.TypeMember is not null);
                node.AlternativeTypesMessage = "must be one of " + string.Join(", ", node.AnyOf!.SelectMany(a => a.TypeMember?.EnumNames ?? []));
            }
        }

        public Node Compile(JsonElement schema, string at)
        {
            if (schema.ValueKind != JsonValueKind.Object)
            {
                throw new NotSupportedException($"{at}: a schema must be an object (boolean schemas are not supported).");
            }

            if (schema.TryGetProperty("$ref", out var reference))
            {
                // Draft-07: keywords beside $ref are ignored.
                var target = reference.GetString()!;
                return definitions.TryGetValue(target, out var node) ? node : throw new NotSupportedException($"{at}: $ref {target} is not a local definition.");
            }

            var compiled = new Node();
            Fill(compiled, schema, at);
            return compiled;
        }

        public void Fill(Node node, JsonElement schema, string at)
        {
            var properties = new List<(string Name, Node Schema)>();
            var required = new List<string>();
            foreach (var keyword in schema.EnumerateObject())
            {
                var value = keyword.Value;
                var here = at + "/" + keyword.Name;
                switch (keyword.Name)
                {
                    case var annotation when Annotations.Contains(annotation):
                        break;
                    case "$ref":
                        throw new NotSupportedException($"{here}: a definition that is only a $ref is not supported.");
                    case "type":
                        node.Type = value.ValueKind == JsonValueKind.String
                            ? ParseType(value.GetString()!, here)
                            : throw new NotSupportedException($"{here}: only a single type name is supported.");
                        break;
                    case "enum":
                        var names = new List<string>();
                        foreach (var item in value.EnumerateArray())
                        {
                            names.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new NotSupportedException($"{here}: only string enums are supported."));
                        }

                        node.Enum = new HashSet<string>(names, StringComparer.Ordinal);
                        node.EnumNames = [.. names];
                        node.EnumUtf8 = [.. names.Select(Encoding.UTF8.GetBytes)];
                        node.EnumMessage = "must be one of " + string.Join(", ", names);
                        break;
                    case "pattern":
                        node.Pattern = new Regex(value.GetString()!, RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                        break;
                    case "minLength":
                        node.MinLength = value.GetInt32();
                        break;
                    case "maxLength":
                        node.MaxLength = value.GetInt32();
                        break;
                    case "minItems":
                        node.MinItems = value.GetInt32();
                        break;
                    case "maxItems":
                        node.MaxItems = value.GetInt32();
                        break;
                    case "minimum":
                        node.Minimum = value.GetDecimal();
                        break;
                    case "maximum":
                        node.Maximum = value.GetDecimal();
                        break;
                    case "items":
                        node.Items = value.ValueKind == JsonValueKind.Object ? Compile(value, here) : throw new NotSupportedException($"{here}: tuple items are not supported.");
                        break;
                    case "properties":
                        foreach (var property in value.EnumerateObject())
                        {
                            properties.Add((property.Name, Compile(property.Value, here + "/" + property.Name)));
                        }

                        break;
                    case "required":
                        foreach (var name in value.EnumerateArray())
                        {
                            required.Add(name.GetString()!);
                        }

                        break;
                    case "additionalProperties":
                        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                        {
                            node.AllowAdditional = value.ValueKind == JsonValueKind.True;
                        }
                        else
                        {
                            node.Additional = Compile(value, here);
                        }

                        break;
                    case "anyOf":
                        node.AnyOf = [.. value.EnumerateArray().Select((item, i) => Compile(item, here + "/" + i))];
                        _withAnyOf.Add(node);
                        break;
                    default:
                        throw new NotSupportedException($"{here}: the keyword '{keyword.Name}' is not evaluated by Steward's content schema compiler; add it to ContentSchema.");
                }
            }

            node.Properties = [.. properties.Select(p => new Property(p.Name, Encoding.UTF8.GetBytes(p.Name), p.Schema, required.Contains(p.Name)))];
            node.OtherRequired = [.. required.Where(r => properties.All(p => p.Name != r))];
            node.HasObjectKeywords = node.Properties.Length > 0 || node.OtherRequired.Length > 0 || !node.AllowAdditional || node.Additional is not null;
            node.TypeMember = properties.FirstOrDefault(p => p.Name == "type").Schema;
        }

        private static JsonTypes ParseType(string name, string at) => name switch
        {
            "array" => JsonTypes.Array,
            "boolean" => JsonTypes.Boolean,
            "integer" => JsonTypes.Integer,
            "null" => JsonTypes.Null,
            "number" => JsonTypes.Number,
            "object" => JsonTypes.Object,
            "string" => JsonTypes.String,
            _ => throw new NotSupportedException($"{at}: unknown type '{name}'."),
        };
    }

    /// <summary>The path to the value being checked; a pointer string is only built when an error is reported.</summary>
    private sealed class PathStack(string prefix)
    {
        // Names and indices side by side (a name of null marks an index): a push and a pop are two stores and a count.
        private string?[] _names = new string?[32];
        private int[] _indices = new int[32];
        private int _count;
        private JsonElement[] _slots = new JsonElement[64];

        /// <summary>The count-only report anyOf tries its alternatives with.</summary>
        public Report Probe { get; } = new(null);
        private int _slotTop;

        /// <summary>Empty slots for an object's declared properties, on a stack shared by the whole walk.</summary>
        public Span<JsonElement> RentSlots(int count)
        {
            if (_slotTop + count > _slots.Length)
            {
                Array.Resize(ref _slots, Math.Max(_slots.Length * 2, _slotTop + count));
            }

            var slots = _slots.AsSpan(_slotTop, count);
            slots.Clear();
            _slotTop += count;
            return slots;
        }

        public void ReturnSlots(int count) => _slotTop -= count;

        public void Push(string name) => Push(name, 0);

        public void Push(int index) => Push(null, index);

        private void Push(string? name, int index)
        {
            if (_count == _names.Length)
            {
                Array.Resize(ref _names, _count * 2);
                Array.Resize(ref _indices, _count * 2);
            }

            _names[_count] = name;
            _indices[_count] = index;
            _count++;
        }

        public void Pop() => _count--;

        public string Pointer(string? child = null)
        {
            var builder = new StringBuilder(prefix);
            for (var i = 0; i < _count; i++)
            {
                builder.Append('/');
                if (_names[i] is { } name)
                {
                    builder.Append(JsonPointers.Escape(name));
                }
                else
                {
                    builder.Append(_indices[i].ToString(CultureInfo.InvariantCulture));
                }
            }

            if (child is not null)
            {
                builder.Append('/').Append(JsonPointers.Escape(child));
            }

            return builder.ToString();
        }
    }
}
