using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Steward.Server.Hosting;

namespace Steward.Server.ModelCards;

/// <summary>
/// Cards as describe reads them, kept in memory so that a describe need not go to the database: on PostgreSQL one
/// round trip cost the 2-core machine four times the rest of the request (docs/performance.md).
/// </summary>
/// <remarks>
/// <para>One mechanism keeps it right: every change to a card, its versions or its tags drops the whole cache (starts
/// a new generation). On this server the change drops it synchronously, after the change is committed
/// (<see cref="ModelCardCacheInvalidation"/>), so a client reads its own writes. On PostgreSQL, triggers on the three
/// tables send a notification with each committed change and every replica drops its cache when it arrives
/// (<see cref="ModelCardChangeListener"/>): another replica can serve the previous state for the moment between the
/// commit and the notification's arrival, never longer. While a replica is not listening (starting, or its listening
/// connection lost) it caches nothing.</para>
/// <para>A read that started before a drop stores what it read in the generation it started in, which nobody reads any
/// more: a read of the state before a change can never land in the cache after it.</para>
/// <para>Card writes are rare next to reads, so dropping everything on each write costs a few reads from the database.
/// The cache is bounded by <see cref="StewardOptions.ModelCardCacheMegabytes"/>; when it is full it starts over.</para>
/// </remarks>
public sealed class ModelCardReadCache
{
    // What an entry costs beyond its content: the record, its strings, the dictionary node.
    private const long EntryOverheadBytes = 1024;

    private readonly long _budgetBytes;
    private Generation? _current;
    private long _hits;

    public ModelCardReadCache(IOptions<StewardOptions> configured)
    {
        var options = configured.Value;
        _budgetBytes = Math.Max(0, options.ModelCardCacheMegabytes) * 1024L * 1024L;
        // SQLite is one process's: every change passes through this server's invalidation. PostgreSQL may be shared
        // by replicas, so caching waits until the change listener listens.
        if (!options.UsesPostgres)
        {
            Enable();
        }
    }

    /// <summary>Whether describes are being served from memory (false while a PostgreSQL replica is not listening).</summary>
    public bool IsEnabled => Volatile.Read(ref _current) is not null;

    /// <summary>Describes answered from memory since start (for tests and diagnostics).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>The card as cached for this key, if it is.</summary>
    public bool TryGet(string accountId, string name, int? version, out StoredModelCard card)
    {
        if (Volatile.Read(ref _current) is { } generation && generation.Entries.TryGetValue(new Key(accountId, name, version), out card!))
        {
            Interlocked.Increment(ref _hits);
            return true;
        }

        card = null!;
        return false;
    }

    /// <summary>Call before reading from the database; hand the ticket to <see cref="Store"/> with what was read.</summary>
    public Ticket BeginRead() => new(Volatile.Read(ref _current));

    /// <summary>Keeps what a read found, unless the cache was dropped since <paramref name="ticket"/> was taken.</summary>
    public void Store(Ticket ticket, string accountId, string name, int? version, StoredModelCard card)
    {
        if (ticket.Generation is not { } generation || _budgetBytes == 0)
        {
            return;
        }

        var size = EntryOverheadBytes + (card.Content?.Length ?? 0);
        if (size > _budgetBytes)
        {
            return;
        }

        if (Interlocked.Add(ref generation.Bytes, size) > _budgetBytes)
        {
            // Full: start over (only if no change has already started a new generation), and keep this read there.
            var fresh = new Generation();
            if (Interlocked.CompareExchange(ref _current, fresh, generation) != generation)
            {
                return;
            }

            generation = fresh;
            Interlocked.Add(ref generation.Bytes, size);
        }

        generation.Entries[new Key(accountId, name, version)] = card;
    }

    /// <summary>Drops everything: a card, a version or a tag changed. A disabled cache stays disabled.</summary>
    public void Invalidate()
    {
        var current = Volatile.Read(ref _current);
        while (current is not null)
        {
            var seen = Interlocked.CompareExchange(ref _current, new Generation(), current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Starts caching, empty.</summary>
    public void Enable() => Volatile.Write(ref _current, new Generation());

    /// <summary>Stops caching and drops everything: changes made elsewhere can no longer be heard.</summary>
    public void Disable() => Volatile.Write(ref _current, null);

    /// <summary>The generation a read started in; stores go there.</summary>
    public readonly struct Ticket
    {
        internal Ticket(Generation? generation) => Generation = generation;

        internal Generation? Generation { get; }
    }

    internal sealed class Generation
    {
        public readonly ConcurrentDictionary<Key, StoredModelCard> Entries = new();
        public long Bytes;
    }

    internal readonly record struct Key(string AccountId, string Name, int? Version);
}
