namespace Steward.Cli.Tests.Infrastructure;

/// <summary>One real <c>steward serve</c> process shared by the verb tests of a class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("steward-cli-verbs-");

    public StewardProcess Server { get; private set; } = null!;

    public string DataDirectory => _data.FullName;

    /// <summary>The environment a user would set to reach this server as its administrator.</summary>
    public Dictionary<string, string?> Environment(string? configDirectory = null) => new()
    {
        ["STEWARD_ENDPOINT"] = Server.Endpoint.ToString(),
        ["STEWARD_ACCESS_KEY_ID"] = Server.KeyId,
        ["STEWARD_SECRET_ACCESS_KEY"] = Server.Secret,
        ["STEWARD_CONFIG_DIR"] = configDirectory ?? Path.Combine(_data.FullName, "no-config"),
    };

    public async ValueTask InitializeAsync() => Server = await StewardProcess.StartAsync(_data.FullName);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _data.Delete(recursive: true);
    }
}
