using System.Text.Json;

namespace Steward.Cli.Infrastructure;

/// <summary>A named set of connection settings in <c>~/.steward/config.json</c>.</summary>
public sealed record Profile(string? Endpoint, string? AccessKeyId, string? SecretAccessKey);

/// <summary>
/// Reads and writes <c>~/.steward/config.json</c> (directory 0700, file 0600). <c>STEWARD_CONFIG_DIR</c> moves it.
/// </summary>
public sealed class Profiles(string directory)
{
    public const string DefaultName = "default";
    public const string FileName = "config.json";
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string FilePath { get; } = Path.Combine(directory, FileName);

    public static Profiles For(CliContext context) => new(
        context.Environment("STEWARD_CONFIG_DIR")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".steward"));

    public Dictionary<string, Profile> ReadAll()
    {
        if (!File.Exists(FilePath))
        {
            return new(StringComparer.Ordinal);
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, Profile>>(File.ReadAllText(FilePath), JsonOptions) ?? new(StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{FilePath} is not valid JSON ({ex.Message}); fix or delete it and run 'steward configure'.");
        }
    }

    public Profile? Read(string name) => ReadAll().GetValueOrDefault(name);

    public void Write(string name, Profile profile)
    {
        var all = ReadAll();
        all[name] = profile;
        var directory = Path.GetDirectoryName(FilePath)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var temporary = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, all, JsonOptions);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }
}
