namespace Steward.Cli.Tests.Analyze;

/// <summary>A temporary folder of input files for one test, deleted afterwards.</summary>
internal sealed class TempAnalyzeFiles : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("steward-analyze-");

    public static string Model(string name) => Path.Combine(AppContext.BaseDirectory, "Analyze", "Models", name + ".onnx");

    public string Write(string name, string content)
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    public string PathOf(string name) => Path.Combine(directory.FullName, name);

    public void Dispose() => directory.Delete(recursive: true);
}
