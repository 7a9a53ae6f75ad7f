namespace Steward.Server.Audit;

/// <summary>
/// Flushes queued audit records in groups and seals the log, at least every <see cref="Interval"/>; flushes once
/// more when the server stops.
/// </summary>
public sealed partial class AuditWriter(AuditTrail trail, ILogger<AuditWriter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await trail.FlushAsync(forceCheckpoint: false, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFlushFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await trail.FlushAsync(forceCheckpoint: false, CancellationToken.None);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "Writing audit records failed; retrying at the next tick")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
