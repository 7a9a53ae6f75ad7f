using System.Globalization;
using System.Text;
using System.Text.Json;
using Steward.Server.ModelCards.Integrity;

namespace Steward.Server.Tests.ModelCards;

/// <summary>
/// The one-walk UTF-8 canonicalizer against the straightforward one it replaced (<see cref="ReferenceJsonCanonicalizer"/>),
/// on seeded random documents written as JSON text: escaped and non-ASCII member names and strings, control characters,
/// surrogate pairs, duplicate names, and numbers in every notation (short and long integers, trailing fraction zeros,
/// tiny and huge exponents, negative zero, round-trip doubles). Both must give the same bytes, or both refuse.
/// </summary>
public sealed class JsonCanonicalizerDifferentialTests
{
    private static readonly string[] Names =
    [
        "a", "b", "aa", "ab", "A", "_", "model_id", "value", "type", "1", "\\u0061", "\\u0062b", "\\r", "\\n\\t",
        "é", "\\u00e9", "€", "😀", "\\ud83d\\ude00", "\\ufb33", "דּ", "\\u0080", "ö", "a\\/b", "a\\\"b", "", "Z", "z",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "-0.0", "1", "-1", "10", "100", "123456789012345", "1234567890123456", "-999999999999999",
        "12345678901234567890", "9007199254740993", "0.5", "0.50", "1.10", "100.000", "-2.25", "0.000001", "0.0000001",
        "0.00001234", "333333333.33333329", "4.50", "2e-3", "1E30", "1e21", "1e+21", "1e20", "999999999999999999999",
        "0.000000000000000000000000001", "5e-324", "1.7976931348623157e308", "123.456e2", "1.0000000000000002",
        "0.1", "0.2", "0.30000000000000004", "1e-7", "-1.5E-6", "12.3456789012345", "12.34567890123456",
    ];

    private static readonly string[] Strings =
    [
        "", "plain", "with space", "é", "€uro", "😀", "\\ud83d\\ude00", "\\u00e9", "line\\nbreak", "tab\\t", "quote\\\"",
        "back\\\\slash", "\\u0001", "\\u001f", "\\b\\f\\r", "slash\\/", "\\u2028", "דּ", "mixed é \\u0041 😀 \\n",
    ];

    [Fact]
    public void One_walk_canonicalizer_and_reference_agree_on_random_documents()
    {
        var random = new Random(20261123);
        var refused = 0;
        for (var i = 0; i < 3000; i++)
        {
            var text = new StringBuilder();
            WriteValue(text, random, 0);
            using var document = JsonDocument.Parse(text.ToString());
            var root = document.RootElement;
            var expected = Outcome(() => ReferenceJsonCanonicalizer.Canonicalize(root));
            var actual = Outcome(() => JsonCanonicalizer.Canonicalize(root));
            Assert.True(expected == actual, $"differ on {text}\nreference: {expected}\none walk:  {actual}");
            refused += expected.StartsWith("refused", StringComparison.Ordinal) ? 1 : 0;
            if (!expected.StartsWith("refused", StringComparison.Ordinal))
            {
                Assert.Equal(ReferenceJsonCanonicalizer.Sha256Hex(root), JsonCanonicalizer.Sha256Hex(root));
            }
        }

        // Not vacuous: duplicates and lone surrogates occur, but most documents canonicalize.
        Assert.InRange(refused, 10, 1500);
    }

    [Fact]
    public void Random_doubles_are_written_as_ecmascript_does()
    {
        var random = new Random(7);
        for (var i = 0; i < 20000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
            {
                continue;
            }

            // As the shortest round-trip text, and with a few fixed-point digits (plain decimals take the short route).
            foreach (var literal in new[] { value.ToString("R", CultureInfo.InvariantCulture), (value % 1e6).ToString("F6", CultureInfo.InvariantCulture) })
            {
                using var document = JsonDocument.Parse($"[{literal}]");
                var expected = $"[{JsonCanonicalizer.FormatNumber(double.Parse(literal, CultureInfo.InvariantCulture))}]";
                Assert.Equal(expected, JsonCanonicalizer.CanonicalString(document.RootElement));
            }
        }
    }

    [Theory]
    [InlineData("{}", 1)]
    [InlineData("[]", 1)]
    [InlineData("{\"a\":[{\"b\":1}]}", 3)]
    [InlineData("[[[[\"deep\"]]]]", 4)]
    [InlineData("{\"a\":1,\"b\":{\"c\":[1,2,{\"d\":{}}]}}", 5)]
    public void The_hash_walk_refuses_documents_deeper_than_its_limit(string json, int depth)
    {
        using var document = JsonDocument.Parse(json);
        Assert.True(JsonCanonicalizer.TryHash(document.RootElement, depth, out var hash, out _));
        Assert.Equal(JsonCanonicalizer.Sha256Hex(document.RootElement), hash);
        Assert.False(JsonCanonicalizer.TryHash(document.RootElement, depth - 1, out _, out var problem));
        Assert.Contains("deeper", problem!.Message, StringComparison.Ordinal);
    }

    private static string Outcome(Func<byte[]> canonicalize)
    {
        try
        {
            return Convert.ToHexString(canonicalize());
        }
        catch (FormatException)
        {
            return "refused";
        }
    }

    private static void WriteValue(StringBuilder text, Random random, int depth)
    {
        var kind = depth >= 4 ? random.Next(2, 7) : random.Next(7);
        switch (kind)
        {
            case 0:
                text.Append('{');
                var members = random.Next(6);
                for (var i = 0; i < members; i++)
                {
                    text.Append(i > 0 ? "," : string.Empty).Append('"').Append(Names[random.Next(Names.Length)]).Append("\":");
                    WriteValue(text, random, depth + 1);
                }

                text.Append('}');
                break;
            case 1:
                text.Append('[');
                var items = random.Next(5);
                for (var i = 0; i < items; i++)
                {
                    text.Append(i > 0 ? "," : string.Empty);
                    WriteValue(text, random, depth + 1);
                }

                text.Append(']');
                break;
            case 2:
            case 3:
                text.Append(Numbers[random.Next(Numbers.Length)]);
                break;
            case 4:
                // Now and then a lone surrogate, which has no canonical form.
                text.Append('"').Append(random.Next(200) == 0 ? "\\ud800" : Strings[random.Next(Strings.Length)]).Append('"');
                break;
            case 5:
                text.Append(random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" });
                break;
            default:
                text.Append('"').Append(Strings[random.Next(Strings.Length)]).Append(Strings[random.Next(Strings.Length)]).Append('"');
                break;
        }
    }
}
