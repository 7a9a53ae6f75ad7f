namespace Steward.Analytics.Tests;

/// <summary>Locates the repository, the shared specs beside it and this project's fixtures.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Steward.slnx")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Steward.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>shared/specs: STEWARD_SPECS_DIR, else ../shared/specs next to the repository (as in CI).</summary>
    public static string Specs(params string[] parts)
    {
        var root = Environment.GetEnvironmentVariable("STEWARD_SPECS_DIR") is { Length: > 0 } env
            ? env
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "specs"));
        var path = Path.Combine([root, .. parts]);
        return File.Exists(path) ? path : throw new FileNotFoundException($"spec file not found (set STEWARD_SPECS_DIR): {path}");
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "steward-analytics-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
