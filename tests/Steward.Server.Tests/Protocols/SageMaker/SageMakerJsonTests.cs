using System.Buffers;
using System.Text;
using System.Text.Json;
using Steward.Server.Protocols.SageMaker;

namespace Steward.Server.Tests.Protocols.SageMaker;

/// <summary>
/// Stored card content goes out in DescribeModelCard as a JSON string written from its UTF-8 bytes by
/// <see cref="SageMakerJson.WriteUtf8String"/>: whatever the text, a JSON reader must get back exactly that text.
/// </summary>
public sealed class SageMakerJsonTests
{
    public static TheoryData<string> Texts => new()
    {
        string.Empty,
        "plain",
        """{"model_overview":{"model_description":"a \"quoted\" \\ back\\slash","model_owner":"x"}}""",
        "every control: " + new string([.. Enumerable.Range(0, 0x20).Select(c => (char)c)]) + " end",
        "\"",
        "\\",
        "trailing quote\"",
        "non-ASCII: Zürich, 東京, emoji 😀, line separator \u2028, paragraph \u2029, DEL \u007f, <script>&'",
        new string('a', 600) + "\"" + new string('b', 600),
        string.Concat(Enumerable.Repeat("\"\\\n", 400)),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_reader_gets_back_exactly_the_text(string text)
    {
        var json = Write(Encoding.UTF8.GetBytes(text));

        using var document = JsonDocument.Parse(json);
        Assert.Equal(text, document.RootElement.GetProperty("Content").GetString());
        Assert.Equal(JsonValueKind.Number, document.RootElement.GetProperty("After").ValueKind);
    }

    [Fact]
    public void Only_what_JSON_requires_is_escaped()
    {
        var json = Encoding.UTF8.GetString(Write(Encoding.UTF8.GetBytes("é\"\\\u0001<")));

        Assert.Equal("""{"Content":"é\"\\\u0001<","After":1}""", json);
    }

    [Fact]
    public void Text_that_is_not_UTF8_is_written_as_the_writer_itself_writes_it()
    {
        byte[] invalid = [(byte)'a', 0xC3, 0x28, (byte)'"', 0xFF, (byte)'b'];
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, SageMakerOutput.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("Content"u8, invalid);
            writer.WriteNumber("After"u8, 1);
            writer.WriteEndObject();
        }

        Assert.Equal(Encoding.UTF8.GetString(buffer.WrittenSpan), Encoding.UTF8.GetString(Write(invalid)));
    }

    private static byte[] Write(byte[] utf8)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, SageMakerOutput.WriterOptions))
        {
            writer.WriteStartObject();
            SageMakerJson.WriteUtf8String(writer, "Content"u8, utf8);
            writer.WriteNumber("After"u8, 1);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
