using Npgsql;

namespace Steward.Server.Tests.Infrastructure;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The PostgreSQL server the tests use: <c>STEWARD_TEST_POSTGRES</c>, which <c>./build.sh test</c> sets to a throwaway
/// server. A test that needs PostgreSQL fails (never skips) when it is not set.
/// </summary>
public static class TestDatabases
{
    public const string Variable = "STEWARD_TEST_POSTGRES";

    public static TheoryData<Provider> Providers => new(Provider.Sqlite, Provider.Postgres);

    public static string PostgresServer => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{Variable} is not set: run the tests with ./build.sh test, which starts a throwaway PostgreSQL.");

    /// <summary>Creates an empty database with a unique name and returns a connection string to it.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var name = "steward_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(PostgresServer))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString;
    }
}
