using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Steward.Server.ModelCards.Integrity;

namespace Steward.Server.Tests.ModelCards;

/// <summary>RFC 8785: the examples of sections 3.2.2 and 3.2.3 and the number vectors of appendix B.</summary>
public sealed class JsonCanonicalizerTests
{
    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Numbers_are_written_as_ecmascript_does(string ieeeHex, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(ieeeHex)));
        Assert.Equal(expected, JsonCanonicalizer.FormatNumber(value));
    }

    [Fact]
    public void Nan_and_infinity_have_no_canonical_form()
    {
        Assert.Throws<FormatException>(() => JsonCanonicalizer.FormatNumber(double.NaN));
        Assert.Throws<FormatException>(() => JsonCanonicalizer.FormatNumber(double.PositiveInfinity));
        Assert.Throws<FormatException>(() => JsonCanonicalizer.Canonicalize(JsonDocument.Parse("[1e400]").RootElement));
    }

    [Fact]
    public void The_rfc_example_canonicalizes_byte_for_byte()
    {
        var input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        var expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        Assert.Equal(expected, Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(JsonDocument.Parse(input).RootElement)));
    }

    [Fact]
    public void Members_sort_by_utf16_code_units()
    {
        var input = """
            {"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",
             "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}
            """;
        var canonical = JsonCanonicalizer.CanonicalString(JsonDocument.Parse(input).RootElement);
        var values = JsonDocument.Parse(canonical).RootElement.EnumerateObject().Select(p => p.Value.GetString()).ToList();
        Assert.Equal(
            ["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"],
            values);
    }

    [Fact]
    public void Duplicate_names_and_lone_surrogates_are_refused()
    {
        Assert.Throws<FormatException>(() => JsonCanonicalizer.Canonicalize(JsonDocument.Parse("""{"a":1,"a":2}""").RootElement));
        Assert.Throws<FormatException>(() => JsonCanonicalizer.Canonicalize(JsonDocument.Parse("""["\ud800"]""").RootElement));
    }
}
