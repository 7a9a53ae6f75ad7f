using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Steward.Cli.Infrastructure;
using Steward.Client;

namespace Steward.Cli.Commands.Registry;

/// <summary>Arguments, options and output the registry verbs share.</summary>
internal static class RegistryOptions
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static Argument<string> Group() => new("group") { Description = "The model package group's name." };

    public static Argument<int> Version()
    {
        var argument = new Argument<int>("version") { Description = "The version number (1, 2, 3...)." };
        argument.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("version must be a whole number of at least 1.");
            }
        });
        return argument;
    }

    public static Option<int?> MaxResults()
    {
        var option = new Option<int?>("--max-results") { Description = "Items per page, 1-100 (default 50)." };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 100)
            {
                r.AddError("--max-results must be between 1 and 100.");
            }
        });
        return option;
    }

    public static Option<string[]> Pairs(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public static Dictionary<string, string>? ParsePairs(string[]? values, string option)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"{option} '{value}' is not KEY=VALUE.");
            }

            pairs[value[..equals]] = value[(equals + 1)..];
        }

        return pairs;
    }

    /// <summary>Reads a JSON file into <typeparamref name="T"/>; a missing file or invalid JSON is bad usage (exit 2).</summary>
    public static T ReadFile<T>(FileInfo file, string option)
    {
        if (!file.Exists)
        {
            throw new UsageException($"{option}: {file.FullName} does not exist.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(file.FullName), Web) ?? throw new UsageException($"{option}: {file.FullName} holds null.");
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{option}: {file.FullName} is not valid JSON for this verb ({ex.Message})");
        }
    }

    public static string Time(DateTime? value) => value?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";

    public static void Lines(CliContext context, IEnumerable<(string Label, string? Value)> lines)
    {
        foreach (var (label, value) in lines)
        {
            context.OutWriter.WriteLine($"{label + ":",-18}{(string.IsNullOrEmpty(value) ? "-" : value)}");
        }
    }

    public static void WritePackage(CliContext context, ModelPackage p) => Lines(context,
    [
        ("Group", p.ModelPackageGroupName),
        ("Version", p.ModelPackageVersion.ToString(CultureInfo.InvariantCulture)),
        ("ARN", p.ModelPackageArn),
        ("Approval", p.ApprovalDescription is null ? p.ModelApprovalStatus : $"{p.ModelApprovalStatus} ({p.ApprovalDescription})"),
        ("Description", p.ModelPackageDescription),
        ("Model card", p.ModelCardName),
        ("Training job", p.TrainingJobName),
        ("Life cycle", p.ModelLifeCycle is { } l ? $"{l.Stage}/{l.StageStatus}" : null),
        ("Images", p.InferenceSpecification?.Containers is { } c ? string.Join(", ", c.Select(x => x.Image)) : null),
        ("Model data", p.InferenceSpecification?.Containers is { } d ? string.Join(", ", d.Select(x => x.ModelDataUrl).Where(u => u is not null)) : null),
        ("Metadata", p.CustomerMetadataProperties.Count == 0 ? null : string.Join(", ", p.CustomerMetadataProperties.Select(kv => $"{kv.Key}={kv.Value}"))),
        ("Source", p.SourceUri),
        ("Registered", $"{Time(p.CreatedAt)} UTC by {p.CreatedBy}"),
        ("Last modified", $"{Time(p.LastModifiedAt)} UTC by {p.LastModifiedBy}"),
        ("ETag", p.ETag),
    ]);

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(column));
        }

        return table;
    }

    public static string Escape(string? text) => Markup.Escape(string.IsNullOrEmpty(text) ? "-" : text);

    public static void More(CliContext context, string? nextToken)
    {
        if (nextToken is not null)
        {
            context.OutWriter.WriteLine($"More: --next-token {nextToken}");
        }
    }
}
