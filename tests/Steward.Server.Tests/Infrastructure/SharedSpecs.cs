namespace Steward.Server.Tests.Infrastructure;

/// <summary>
/// Finds the shared specification vectors (<c>../shared/specs</c> beside the repository root, the directory holding
/// <c>Steward.slnx</c>). <c>STEWARD_SHARED_SPECS</c> overrides the location. Missing vectors fail the test, never skip it.
/// </summary>
internal static class SharedSpecs
{
    public const string OverrideVariable = "STEWARD_SHARED_SPECS";

    private static readonly Lazy<string?> Root = new(Locate);

    /// <summary>The absolute path of a folder under <c>shared/specs</c>; throws with a clear message when it is missing.</summary>
    public static string Directory(params string[] relative)
    {
        var root = Root.Value ?? throw new InvalidOperationException(
            Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } overridden
                ? $"Shared spec vectors not found: {OverrideVariable} points to '{overridden}', which does not exist."
                : $"Shared spec vectors not found: looked for '../shared/specs' beside the repository root (the directory containing Steward.slnx) " +
                  $"above '{AppContext.BaseDirectory}'. Check out the shared folder next to the repository or set {OverrideVariable}.");
        var path = Path.Combine([root, .. relative]);
        return System.IO.Directory.Exists(path)
            ? path
            : throw new InvalidOperationException($"Shared spec folder '{path}' does not exist (specs root: '{root}').");
    }

    /// <summary>Subdirectory names of a spec folder, for theory data; a single placeholder when the folder is missing so the theory runs and fails.</summary>
    public static TheoryData<string> CaseNames(params string[] relative)
    {
        var data = new TheoryData<string>();
        try
        {
            foreach (var dir in System.IO.Directory.GetDirectories(Directory(relative)).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(dir));
            }
        }
        catch (InvalidOperationException)
        {
            data.Add(MissingPlaceholder);
        }

        return data;
    }

    /// <summary>Files (relative paths) under a spec folder, recursively; a placeholder when the folder is missing.</summary>
    public static TheoryData<string> FileNames(string pattern, params string[] relative)
    {
        var data = new TheoryData<string>();
        try
        {
            var root = Directory(relative);
            foreach (var file in System.IO.Directory.GetFiles(root, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(root, file));
            }
        }
        catch (InvalidOperationException)
        {
            data.Add(MissingPlaceholder);
        }

        return data;
    }

    /// <summary>The theory value used when the specs folder is missing; the test then fails in <see cref="Directory"/>.</summary>
    public const string MissingPlaceholder = "(shared specs missing)";

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } overridden)
        {
            return System.IO.Directory.Exists(overridden) ? Path.GetFullPath(overridden) : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Steward.slnx")))
            {
                var specs = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "specs"));
                return System.IO.Directory.Exists(specs) ? specs : null;
            }
        }

        return null;
    }
}
