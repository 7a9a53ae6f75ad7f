using System.CommandLine;
using System.Text.Json;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Cards;

/// <summary>Arguments and options the card verbs share, and how their values are read.</summary>
internal static class CardOptions
{
    public static Argument<string> Name() => new("name") { Description = "The card's name (1-63 letters, digits and inner hyphens)." };

    public static Option<string?> Status(string description)
    {
        var option = new Option<string?>("--status") { Description = description };
        option.AcceptOnlyFromAmong([.. ModelCardStatuses.All]);
        return option;
    }

    public static Option<string?> IfMatch() => new("--if-match")
    {
        Description = "Only change the card if its ETag still is this value (from 'cards get'); otherwise nothing changes (412).",
    };

    public static Option<string?> IdempotencyKey() => new("--idempotency-key")
    {
        Description = "Makes a retry safe: the same key with the same parameters creates the card once.",
    };

    public static Option<int?> Version(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError($"{name} must be a version number (1 or more).");
            }
        });
        return option;
    }

    public static Option<FileInfo?> File(string name, string description, bool required = false) => new(name)
    {
        Description = description,
        Required = required,
    };

    /// <summary>Reads a JSON file; a missing file or invalid JSON is bad usage (exit 2), naming the file and position.</summary>
    public static JsonElement ReadJson(FileInfo file, string option)
    {
        if (!file.Exists)
        {
            throw new UsageException($"{option}: {file.FullName} does not exist.");
        }

        var bytes = System.IO.File.ReadAllBytes(file.FullName);
        try
        {
            // Deeper than the server accepts, so that the server names the nesting limit rather than the CLI.
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 1024 });
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{option}: {file.FullName} is not valid JSON ({ex.Message})");
        }
    }
}
