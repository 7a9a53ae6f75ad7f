using Npgsql;
using Steward.Cli.Tests.Infrastructure;

namespace Steward.Cli.Tests.Registry;

/// <summary>Two real <c>steward serve</c> processes for the registry verbs: one on SQLite, one on a fresh PostgreSQL database.</summary>
public sealed class RegistryServers : IAsyncLifetime
{
    public const string PostgresVariable = "STEWARD_TEST_POSTGRES";

    private readonly DirectoryInfo _sqliteData = Directory.CreateTempSubdirectory("steward-cli-registry-sqlite-");
    private readonly DirectoryInfo _postgresData = Directory.CreateTempSubdirectory("steward-cli-registry-pg-");
    private readonly Dictionary<string, Task<StewardProcess>> _servers = [];
    private readonly Lock _lock = new();

    public static TheoryData<string> Providers => new("sqlite", "postgres");

    /// <summary>The server for <paramref name="provider"/> ("sqlite" or "postgres"), started on first use.</summary>
    public Task<StewardProcess> GetAsync(string provider)
    {
        lock (_lock)
        {
            if (!_servers.TryGetValue(provider, out var server))
            {
                server = provider == "postgres" ? StartPostgresAsync() : StewardProcess.StartAsync(_sqliteData.FullName);
                _servers[provider] = server;
            }

            return server;
        }
    }

    public static Dictionary<string, string?> Environment(StewardProcess server, string configDirectory) => new()
    {
        ["STEWARD_ENDPOINT"] = server.Endpoint.ToString(),
        ["STEWARD_ACCESS_KEY_ID"] = server.KeyId,
        ["STEWARD_SECRET_ACCESS_KEY"] = server.Secret,
        ["STEWARD_CONFIG_DIR"] = configDirectory,
    };

    private async Task<StewardProcess> StartPostgresAsync()
    {
        var admin = System.Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./build.sh test, which starts a throwaway PostgreSQL.");
        var name = "steward_cli_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var database = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return await StewardProcess.StartAsync(_postgresData.FullName, TimeSpan.FromSeconds(60), arguments: ["--db", database]);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            if (server.IsCompletedSuccessfully)
            {
                await server.Result.DisposeAsync();
            }
        }

        _sqliteData.Delete(recursive: true);
        _postgresData.Delete(recursive: true);
    }
}
