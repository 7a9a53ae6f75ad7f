using System.Threading.Channels;

namespace Steward.Server.Audit;

/// <summary>
/// Records of calls that changed nothing (reads, denials, failures) wait here and are written in groups at least
/// once a second by <see cref="AuditWriter"/>, so auditing reads does not serialize them on the database.
/// A crash can lose at most the records of the last second here; a state change's record never passes here.
/// </summary>
public sealed class AuditQueue
{
    private readonly Channel<AuditRecord> _channel = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ValueTask EnqueueAsync(AuditRecord record, CancellationToken cancellationToken) => _channel.Writer.WriteAsync(record, cancellationToken);

    internal ChannelReader<AuditRecord> Reader => _channel.Reader;

    internal void Complete() => _channel.Writer.TryComplete();
}
