using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Steward.Server.ModelCards.Integrity;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme (JCS): members sorted by their UTF-16 code units, no whitespace, strings with
/// the minimal JSON escapes, numbers as ECMAScript's <c>Number.prototype.toString</c> writes the IEEE-754 double.
/// Tested with the RFC's own examples and its appendix B number vectors.
/// </summary>
/// <remarks>
/// Written straight to UTF-8 in one walk over the parsed document, without a string per value: a string or member
/// name without escapes is copied as it stands in the document (valid JSON holds no raw quote or control character
/// in a string, so there is nothing to escape), and an ASCII member name sorts the same by bytes as by UTF-16 code
/// units. Everything else (escapes, non-ASCII names, numbers that are not short integers) takes the general route.
/// </remarks>
public static class JsonCanonicalizer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical UTF-8 bytes. Throws <see cref="FormatException"/> for what JCS cannot represent
    /// (numbers outside the double range, duplicate member names, strings that are not valid Unicode).</summary>
    public static byte[] Canonicalize(JsonElement element)
    {
        var writer = new CanonicalWriter(int.MaxValue);
        try
        {
            // The canonical form is about as long as the document's own text: room for that up front.
            writer.Reserve(JsonMarshal.GetRawUtf8Value(element).Length);
            writer.Write(element, 1);
            return writer.Written.ToArray();
        }
        finally
        {
            writer.Return();
        }
    }

    public static string CanonicalString(JsonElement element) => Encoding.UTF8.GetString(Canonicalize(element));

    /// <summary>Lowercase hex SHA-256 of the canonical bytes.</summary>
    public static string Sha256Hex(JsonElement element) => TryHash(element, int.MaxValue, out var hash, out var problem) ? hash : throw problem!;

    /// <summary>
    /// Lowercase hex SHA-256 of the canonical bytes, or false (with the reason) when the value cannot be canonicalized
    /// or nests deeper than <paramref name="maxDepth"/> (the value itself is level 1). Used by content validation as
    /// its single walk over well-formed documents.
    /// </summary>
    internal static bool TryHash(JsonElement element, int maxDepth, out string hash, out FormatException? problem)
    {
        var writer = new CanonicalWriter(maxDepth);
        try
        {
            // The canonical form is about as long as the document's own text: room for that up front.
            writer.Reserve(JsonMarshal.GetRawUtf8Value(element).Length);
            writer.Write(element, 1);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(writer.Written, digest);
            hash = Convert.ToHexStringLower(digest);
            problem = null;
            return true;
        }
        catch (FormatException ex)
        {
            hash = string.Empty;
            problem = ex;
            return false;
        }
        finally
        {
            writer.Return();
        }
    }

    /// <summary>ECMAScript's Number::toString for a finite double (ECMA-262, 7.1.12.1), as RFC 8785 section 3.2.2.3 requires.</summary>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new FormatException("NaN and infinities have no JSON form.");
        }

        if (value == 0)
        {
            return "0";
        }

        if (value < 0)
        {
            return "-" + FormatNumber(-value);
        }

        // The shortest digits that round-trip (what "R" gives since .NET Core 3.0), then ECMAScript's layout.
        var (digits, n) = ShortestDigits(value);
        var k = digits.Length;
        if (k <= n && n <= 21)
        {
            return digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return "0." + new string('0', -n) + digits;
        }

        var exponent = n - 1;
        var sign = exponent < 0 ? "-" : "+";
        var mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
        return mantissa + "e" + sign + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Digits d1..dk (no leading or trailing zeros) and n such that value = 0.d1..dk × 10^n.</summary>
    private static (string Digits, int N) ShortestDigits(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        var beforePoint = point < 0 ? text.Length : point;
        var digits = point < 0 ? text : string.Concat(text.AsSpan(0, point), text.AsSpan(point + 1));
        var n = beforePoint + exponent;
        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0')
        {
            leading++;
        }

        digits = digits[leading..].TrimEnd('0');
        n -= leading;
        return (digits.Length == 0 ? "0" : digits, n);
    }

    /// <summary>One canonicalization: a growing UTF-8 buffer and a stack of members being sorted, both pooled.</summary>
    private sealed class CanonicalWriter(int maxDepth)
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(256);
        private int _length;
        private JsonProperty[] _members = ArrayPool<JsonProperty>.Shared.Rent(64);
        private int _top;

        public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        public void Return()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            ArrayPool<JsonProperty>.Shared.Return(_members, clearArray: true);
            _buffer = [];
            _members = [];
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Write(JsonElement element, int depth)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    CheckDepth(depth);
                    WriteObject(element, depth);
                    break;
                case JsonValueKind.Array:
                    CheckDepth(depth);
                    Append((byte)'[');
                    var first = true;
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!first)
                        {
                            Append((byte)',');
                        }

                        first = false;
                        Write(item, depth + 1);
                    }

                    Append((byte)']');
                    break;
                case JsonValueKind.String:
                    WriteString(element);
                    break;
                case JsonValueKind.Number:
                    WriteNumber(JsonMarshal.GetRawUtf8Value(element));
                    break;
                case JsonValueKind.True:
                    Append("true"u8);
                    break;
                case JsonValueKind.False:
                    Append("false"u8);
                    break;
                case JsonValueKind.Null:
                    Append("null"u8);
                    break;
                default:
                    throw new FormatException($"Cannot canonicalize a JSON {element.ValueKind}.");
            }
        }

        private void CheckDepth(int depth)
        {
            if (depth > maxDepth)
            {
                throw new FormatException($"The value nests deeper than {maxDepth} levels.");
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void WriteObject(JsonElement element, int depth)
        {
            var start = _top;
            var plain = true;
            foreach (var property in element.EnumerateObject())
            {
                if (_top == _members.Length)
                {
                    var larger = ArrayPool<JsonProperty>.Shared.Rent(_members.Length * 2);
                    _members.AsSpan().CopyTo(larger);
                    ArrayPool<JsonProperty>.Shared.Return(_members, clearArray: true);
                    _members = larger;
                }

                _members[_top++] = property;
                plain = plain && IsPlainAscii(JsonMarshal.GetRawUtf8PropertyName(property));
            }

            var count = _top - start;
            if (!plain)
            {
                // Escaped or non-ASCII names: sort and compare the decoded names by UTF-16 code units.
                var named = new (string Name, JsonElement Value)[count];
                for (var i = 0; i < count; i++)
                {
                    named[i] = (_members[start + i].Name, _members[start + i].Value);
                }

                _top = start;
                named.AsSpan().Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                Append((byte)'{');
                for (var i = 0; i < named.Length; i++)
                {
                    if (i > 0)
                    {
                        if (string.Equals(named[i - 1].Name, named[i].Name, StringComparison.Ordinal))
                        {
                            throw Duplicate(named[i].Name);
                        }

                        Append((byte)',');
                    }

                    WriteString(named[i].Name);
                    Append((byte)':');
                    Write(named[i].Value, depth + 1);
                }

                Append((byte)'}');
                return;
            }

            // Plain ASCII names: byte order is UTF-16 code unit order.
            var members = _members.AsSpan(start, count);
            if (!IsSorted(members))
            {
                members.Sort(static (a, b) => JsonMarshal.GetRawUtf8PropertyName(a).SequenceCompareTo(JsonMarshal.GetRawUtf8PropertyName(b)));
            }

            Append((byte)'{');
            for (var i = 0; i < count; i++)
            {
                // Read from the field each time: writing a child may have grown (replaced) the stack.
                var property = _members[start + i];
                var name = JsonMarshal.GetRawUtf8PropertyName(property);
                if (i > 0)
                {
                    if (name.SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(_members[start + i - 1])))
                    {
                        throw Duplicate(property.Name);
                    }

                    Append((byte)',');
                }

                Append((byte)'"');
                Append(name);
                Append((byte)'"');
                Append((byte)':');
                Write(property.Value, depth + 1);
            }

            Append((byte)'}');
            _members.AsSpan(start, count).Clear();
            _top = start;
        }

        private static bool IsSorted(ReadOnlySpan<JsonProperty> members)
        {
            for (var i = 1; i < members.Length; i++)
            {
                if (JsonMarshal.GetRawUtf8PropertyName(members[i - 1]).SequenceCompareTo(JsonMarshal.GetRawUtf8PropertyName(members[i])) > 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static FormatException Duplicate(string name) => new($"The member name '{name}' occurs twice in one object.");

        /// <summary>No escape and only ASCII: the raw bytes are the name, and need no escaping (JSON forbids raw control characters and quotes in strings).</summary>
        private static bool IsPlainAscii(ReadOnlySpan<byte> raw) => Ascii.IsValid(raw) && raw.IndexOf((byte)'\\') < 0;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void WriteString(JsonElement element)
        {
            var raw = JsonMarshal.GetRawUtf8Value(element);
            var inner = raw[1..^1];
            if (inner.IndexOf((byte)'\\') < 0)
            {
                // Nothing escaped in the document: the bytes are the string (valid JSON holds no raw quote or control character).
                if (!Utf8.IsValid(inner))
                {
                    throw NotUnicode();
                }

                Append((byte)'"');
                Append(inner);
                Append((byte)'"');
                return;
            }

            string text;
            try
            {
                text = element.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw NotUnicode();
            }

            WriteString(text);
        }

        private static FormatException NotUnicode() => new("A string holds an unpaired surrogate, which is not valid Unicode.");

        private void WriteString(string value)
        {
            Append((byte)'"');
            var span = value.AsSpan();
            while (!span.IsEmpty)
            {
                var special = span.IndexOfAnyInRange('\0', '\u001f');
                var quote = span.IndexOfAny('"', '\\');
                var stop = special < 0 ? quote : quote < 0 ? special : Math.Min(special, quote);
                var run = stop < 0 ? span : span[..stop];
                if (!run.IsEmpty)
                {
                    AppendUtf8(run);
                }

                if (stop < 0)
                {
                    break;
                }

                var c = span[stop];
                switch (c)
                {
                    case '"': Append("\\\""u8); break;
                    case '\\': Append("\\\\"u8); break;
                    case '\b': Append("\\b"u8); break;
                    case '\f': Append("\\f"u8); break;
                    case '\n': Append("\\n"u8); break;
                    case '\r': Append("\\r"u8); break;
                    case '\t': Append("\\t"u8); break;
                    default: AppendControlEscape(c); break;
                }

                span = span[(stop + 1)..];
            }

            Append((byte)'"');
        }

        /// <summary>A control character other than the five with short escapes: <c>\\u00XX</c>, lowercase hex.</summary>
        private void AppendControlEscape(char c)
        {
            Append("\\u00"u8);
            Append((byte)"0123456789abcdef"[c >> 4]);
            Append((byte)"0123456789abcdef"[c & 0xF]);
        }

        private void AppendUtf8(ReadOnlySpan<char> text)
        {
            int count;
            try
            {
                count = StrictUtf8.GetByteCount(text);
            }
            catch (EncoderFallbackException)
            {
                throw NotUnicode();
            }

            Ensure(count);
            _length += StrictUtf8.GetBytes(text, _buffer.AsSpan(_length));
        }

        /// <summary>
        /// A plain decimal literal of at most 15 significant digits is written as it stands, less trailing fraction
        /// zeros; other numbers are parsed as a double and written as ECMAScript does.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void WriteNumber(ReadOnlySpan<byte> raw)
        {
            if (PlainDecimal(raw) is var plain && !plain.IsEmpty)
            {
                Append(plain);
                return;
            }

            var value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!double.IsFinite(value))
            {
                throw new FormatException($"The number {Encoding.UTF8.GetString(raw)} is outside the range of an IEEE-754 double.");
            }

            if (value == 0)
            {
                Append((byte)'0');
                return;
            }

            // The shortest round-trip digits; written without an exponent they are already in ECMAScript's layout
            // (.NET switches to an exponent well inside ECMAScript's plain range of 1e-6 to 1e21).
            Span<byte> shortest = stackalloc byte[32];
            if (value.TryFormat(shortest, out var written, "R", CultureInfo.InvariantCulture) && shortest[..written].IndexOfAny((byte)'E', (byte)'e') < 0)
            {
                Append(shortest[..written]);
                return;
            }

            var text = FormatNumber(value);
            Ensure(text.Length);
            _length += Encoding.ASCII.GetBytes(text, _buffer.AsSpan(_length));
        }

        /// <summary>
        /// The ECMAScript form of a literal without exponent, at most 15 significant digits and not below 1e-6, as a
        /// slice of the literal; empty when the literal needs the general route. Every decimal of at most 15 significant
        /// digits survives the trip through a double (DBL_DIG), so its own digits, trailing zeros dropped, are the
        /// shortest that round-trip, and ECMAScript writes them without exponent from 1e-6 up to 1e21.
        /// </summary>
        internal static ReadOnlySpan<byte> PlainDecimal(ReadOnlySpan<byte> raw)
        {
            var negative = raw[0] == (byte)'-';
            var body = negative ? raw[1..] : raw;
            var point = body.IndexOf((byte)'.');
            var integer = point < 0 ? body : body[..point];
            if (integer.IsEmpty || integer.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
            {
                return default;
            }

            var fraction = point < 0 ? [] : body[(point + 1)..];
            if (fraction.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
            {
                return default;
            }

            fraction = fraction.TrimEnd((byte)'0');
            int significant;
            if (integer is [(byte)'0'])
            {
                if (fraction.IsEmpty)
                {
                    return "0"u8;
                }

                var zeros = fraction.IndexOfAnyExcept((byte)'0');
                if (zeros >= 6)
                {
                    return default;
                }

                significant = fraction.Length - zeros;
            }
            else
            {
                significant = integer.Length + fraction.Length;
            }

            if (significant > 15)
            {
                return default;
            }

            var length = (negative ? 1 : 0) + integer.Length + (fraction.IsEmpty ? 0 : 1 + fraction.Length);
            return raw[..length];
        }

        private void Append(byte value)
        {
            Ensure(1);
            _buffer[_length++] = value;
        }

        private void Append(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }

        public void Reserve(int length) => Ensure(length);

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
