using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary>How the card verbs print for people (the <c>--json</c> output is the client's records as they are).</summary>
internal static class CardOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Time(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The card's facts as aligned plain lines (never a table, so values are copied whole).</summary>
    public static void WriteCard(CliContext context, ModelCard card)
    {
        var lines = new List<(string, string)>
        {
            ("Name", card.Name),
            ("ARN", card.Arn),
            ("Status", card.Status),
            ("Version", card.Version == card.LatestVersion
                ? card.Version.ToString(CultureInfo.InvariantCulture)
                : $"{card.Version} (latest is {card.LatestVersion})"),
            ("Model id", card.ModelId ?? "-"),
            ("Risk rating", card.RiskRating ?? "-"),
            ("Tags", card.Tags.Count == 0 ? "-" : string.Join(", ", card.Tags.Select(t => $"{t.Key}={t.Value}"))),
            ("Created", $"{Time(card.CreatedAt)} UTC by {card.CreatedBy}"),
            ("Last modified", $"{Time(card.LastModifiedAt)} UTC by {card.LastModifiedBy}"),
            ("Version made", $"{Time(card.VersionCreatedAt)} UTC by {card.VersionCreatedBy}"),
            ("Hash", card.Hash),
            ("ETag", card.ETag),
        };
        if (card.SecurityConfig?.KmsKeyId is { } key)
        {
            lines.Insert(6, ("KMS key id", key));
        }

        foreach (var (label, value) in lines)
        {
            context.OutWriter.WriteLine($"{label + ":",-15}{value}");
        }
    }

    public static void WriteContent(CliContext context, JsonElement content) =>
        context.OutWriter.WriteLine(JsonSerializer.Serialize(content, Indented));

    /// <summary>A JSON value on one line, shortened to <paramref name="width"/> characters.</summary>
    public static string Value(JsonElement? value, int width = 60)
    {
        if (value is null)
        {
            return string.Empty;
        }

        var text = value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString()! : JsonSerializer.Serialize(value.Value, Compact);
        text = text.ReplaceLineEndings(" ");
        return text.Length <= width ? text : string.Concat(text.AsSpan(0, width - 1), "…");
    }

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(column));
        }

        return table;
    }

    public static string Escape(string? text) => Markup.Escape(text ?? string.Empty);
}
