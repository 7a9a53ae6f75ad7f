using Microsoft.Extensions.Options;
using Npgsql;
using Steward.Server.Hosting;
using Steward.Server.Storage;

namespace Steward.Server.ModelCards;

/// <summary>
/// On PostgreSQL, hears the changes other replicas (and this one) commit to cards, versions and tags, and drops
/// <see cref="ModelCardReadCache"/> when one arrives. Triggers on those tables notify channel
/// <see cref="Channel"/> with each committed statement (migration <c>ModelCardChangeNotifications</c>).
/// </summary>
/// <remarks>
/// The cache is enabled only while this listens: on start it waits for <c>LISTEN</c> to succeed, and when the listening
/// connection fails (the database restarted, the backend was terminated, or a liveness check did not answer within
/// <see cref="ProbeTimeout"/>) it disables the cache at once, then reconnects and starts over empty. A connection that
/// dies silently is found by the liveness check run after <see cref="ProbeInterval"/> without a notification.
/// </remarks>
public sealed class ModelCardChangeListener(ModelCardReadCache cache, IOptions<StewardOptions> options, ILogger<ModelCardChangeListener> logger) : BackgroundService
{
    public const string Channel = "steward_model_cards";

    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);
    internal static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Its own connection, outside the pool: LISTEN is session state that no request connection may carry.
        var connectionString = new NpgsqlConnectionStringBuilder(StorageServiceCollectionExtensions.PostgresConnectionString(options.Value.Database!))
        {
            Pooling = false,
            ApplicationName = "steward-model-card-listener",
            CommandTimeout = (int)ProbeTimeout.TotalSeconds,
        }.ConnectionString;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ListenAsync(connectionString, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    cache.Disable();
                    logger.LogWarning(exception, "Lost the model card change notifications; describes read from the database until they are back.");
                    await Task.Delay(RetryDelay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            cache.Disable();
        }
    }

    private async Task ListenAsync(string connectionString, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(stoppingToken);
        connection.Notification += (_, _) => cache.Invalidate();
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // From here every committed change reaches this connection; what was cached before may predate some of them.
        cache.Enable();
        logger.LogDebug("Listening for model card changes.");
        while (true)
        {
            if (!await connection.WaitAsync(ProbeInterval, stoppingToken))
            {
                // Quiet for a while: make sure the connection is still there (notifications ride on it).
                await using var probe = new NpgsqlCommand("SELECT 1", connection);
                await probe.ExecuteScalarAsync(stoppingToken);
            }
        }
    }
}
