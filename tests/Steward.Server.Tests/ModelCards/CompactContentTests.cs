using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Steward.Server.ModelCards.Content;

namespace Steward.Server.Tests.ModelCards;

/// <summary>
/// The stored (compact) form of content is taken from the request's own text when that text is already compact
/// printable ASCII; it must be exactly what the relaxed JSON serializer writes, whichever way it is made.
/// </summary>
public sealed class CompactContentTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Documents() =>
    [
        """{"a":1,"b":"two words","c":[1,2.50,-3e+2,true,false,null],"d":{}}""",
        """{"a": 1}""",
        "{\"a\":\n1}",
        "{\"a\":\t1}",
        """{"a":"<tag> & 'quote' + `tick`"}""",
        """{"a":"with \"escaped\" quotes"}""",
        """{"a":"\u0041 written as an escape"}""",
        """{"a":"\/ a solidus escape"}""",
        """{"a":"caf\u00e9"}""",
        "{\"a\":\"café\"}",
        "{\"a\":\"emoji 😀\"}",
        """{"a":"\ud83d\ude00 as escapes"}""",
        """{"a":"tab\tinside"}""",
        """{"model_overview":{"model_id":"m","model_description":" !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"}}""",
        """{"a":[ ]}""",
        """{"a":"","b":[{"c":" "}]}""",
    ];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Compact_text_is_what_the_serializer_writes(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(JsonSerializer.Serialize(root, Relaxed), ModelCardContentValidator.CompactText(root));
    }

    [Theory]
    [InlineData("""{"a":1,"b":"two words"}""", true)]
    [InlineData("""{"a": 1}""", false)]
    [InlineData("""{"a":"x" }""", false)]
    [InlineData("""{"a":"\n"}""", false)]
    [InlineData("{\"a\":\"é\"}", false)]
    [InlineData("""{"a":" ","b":" "}""", true)]
    public void Only_compact_printable_ascii_without_escapes_is_taken_as_it_stands(string json, bool expected) =>
        Assert.Equal(expected, ModelCardContentValidator.IsCompactAscii(Encoding.UTF8.GetBytes(json)));
}
