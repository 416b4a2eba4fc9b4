using System.Runtime.CompilerServices;
using ClaimsLedger.Claims;
using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace ClaimsLedger.Sources;

/// <summary>
/// Which write of a source's view the database holds: the source's stream version and the moment it was written. The
/// version alone can repeat: a ledger emptied and filled again (as the tests do) writes version 1 of the same source
/// (its id is its text's hash) a second time, maybe with other metadata.
/// </summary>
public sealed record SourceStamp(Guid Id, long Version, DateTimeOffset Written)
{
    /// <summary>The stamps of the sources a condition on <c>s</c> picks: columns of the row, so the stored source is not unpacked.</summary>
    public static string Where(IQuerySession session, string condition) =>
        $"select {Of("s")} from {session.DocumentStore.Options.Schema.For<Source>()} as s where {condition}";

    internal static string Of(string source) =>
        $"jsonb_build_object('{nameof(Id)}', {source}.id, '{nameof(Version)}', {source}.mt_version, '{nameof(Written)}', {source}.mt_last_modified)";
}

/// <summary>
/// The facts of the sources this node has read, each under the stamp it was read at. A figure read needs the facts of
/// some 30 sources; reading them whole costs PostgreSQL the unpacking of each stored source (text and all) to leave
/// its text out, and the service about 1 KB of JSON a source. So a read asks only for the sources' stamps and reads
/// the facts of those whose stamp this node has not seen. Every read still asks the database, so it answers with what
/// the database holds, whichever node wrote it. Bounded by count; one per store.
/// </summary>
public sealed class KnownSourceFacts
{
    /// <summary>About 50 MB at most: a source's facts take about 1 KB.</summary>
    public const int MaxSources = 50_000;

    private static readonly ConditionalWeakTable<IDocumentStore, KnownSourceFacts> Stores = new();

    private readonly MemoryCache _known = new(new MemoryCacheOptions { SizeLimit = MaxSources });

    public static KnownSourceFacts Of(IQuerySession session) => Stores.GetValue(session.DocumentStore, _ => new KnownSourceFacts());

    /// <summary>The facts of the sources stamped, from memory when the stamp matches and in one query for the rest.</summary>
    public async Task<Dictionary<Guid, SourceFacts>> ResolveAsync(IQuerySession session, IEnumerable<SourceStamp> stamps, CancellationToken ct)
    {
        var found = new Dictionary<Guid, SourceFacts>();
        var unknown = new List<Guid>();
        foreach (var stamp in stamps)
            if (_known.TryGetValue(stamp.Id, out Stamped? known) && known!.Stamp == stamp) found[stamp.Id] = known.Facts;
            else unknown.Add(stamp.Id);
        if (unknown.Count == 0) return found;

        // The stamp is read again with the facts: the source may have been written since, and facts kept under an
        // older stamp would be taken for that older write. The facts are the stored source without its text (up to
        // 200,000 characters), which stays in the database: dropping the text unpacks a stored source once, picking
        // the two fields out of it would unpack it once a field.
        var table = session.DocumentStore.Options.Schema.For<Source>();
        foreach (var read in await session.QueryAsync<Stamped>(
                     $"select jsonb_build_object('{nameof(Stamped.Stamp)}', {SourceStamp.Of("s")}, '{nameof(Stamped.Facts)}', s.data - '{nameof(Source.Text)}') " +
                     $"from {table} as s where s.id = any(?)", ct, (object)unknown.ToArray()))
        {
            _known.Set(read.Stamp.Id, read, new MemoryCacheEntryOptions { Size = 1 });
            found[read.Stamp.Id] = read.Facts;
        }
        return found;
    }

    public sealed record Stamped(SourceStamp Stamp, SourceFacts Facts);
}
