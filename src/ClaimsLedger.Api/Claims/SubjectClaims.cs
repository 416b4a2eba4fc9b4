using System.Runtime.CompilerServices;
using ClaimsLedger.Common;
using ClaimsLedger.Sources;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace ClaimsLedger.Claims;

/// <summary>
/// One version of a claim as a subject saw it; no content means the claim left the subject (retracted, or corrected into
/// another). A rank is part of the version, so the headline follows the ranks the ledger held at recordedAsOf.
/// </summary>
public sealed record ClaimVersion(long Version, long Sequence, DateTimeOffset RecordedAt, ClaimContent? Content, string? Rank = null);

public sealed class SubjectClaim
{
    public Guid ClaimId { get; set; }
    public Guid SourceId { get; set; }
    public List<ClaimVersion> Versions { get; set; } = [];

    public ClaimVersion? At(DateTimeOffset? recordedAsOf) =>
        recordedAsOf is null ? Versions[^1] : Versions.LastOrDefault(v => v.RecordedAt <= recordedAsOf);
}

/// <summary>
/// One change to what a subject (a figure key, a pair of parties, a project) holds: a claim version arriving in it,
/// or leaving it (no content). Entries are only ever added, never rewritten, so a write costs the same whether a
/// subject has two claims or two thousand, and a bulk load or a rebuild is a stream of inserts. The figure,
/// partnership and project views read a subject's entries and answer all three time axes from them: recordedAsOf
/// picks each claim's version, asOf and validAt filter what remains.
/// </summary>
public sealed class SubjectEntry
{
    /// <summary>The claim, its version and the subject: a rebuild writes the same ids again.</summary>
    public string Id { get; set; } = "";
    public string SubjectId { get; set; } = "";
    public string Kind { get; set; } = "";
    /// <summary>For a figure: its key without the period, so a series can be found.</summary>
    public string? SeriesKey { get; set; }
    public Guid ClaimId { get; set; }
    public Guid SourceId { get; set; }
    public long Version { get; set; }
    public long Sequence { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public ClaimContent? Content { get; set; }
    /// <summary>The claim's rank from this version on; none in entries written before ranks existed (it keeps the one before).</summary>
    public string? Rank { get; set; }

    public static SubjectEntry Of(IEvent e, Guid claimId, Guid sourceId, ClaimContent subject, ClaimContent? content, string? rank = null) => new()
    {
        Id = $"{claimId:N}/{e.Version}/{subject.SubjectId}",
        SubjectId = subject.SubjectId,
        Kind = subject.Kind,
        SeriesKey = subject.Figure?.SeriesKey,
        ClaimId = claimId,
        SourceId = sourceId,
        Version = e.Version,
        Sequence = e.Sequence,
        RecordedAt = e.Timestamp,
        Content = content,
        Rank = rank,
    };
}

/// <remarks>
/// Entries are inserted, never stored over: an entry is written once, by the one event that makes it, and a rebuild
/// starts from an empty table, so Marten's rebuild can write them with COPY (<c>RebuildWithBulkCopy</c>) instead of one
/// upsert per row.
/// </remarks>
public sealed partial class SubjectEntriesProjection : EventProjection
{
    // Entries are written through the operations, so Marten is told what to clear before a rebuild.
    public SubjectEntriesProjection() => RegisterPublishedType(typeof(SubjectEntry));

    public SubjectEntry Entry(IEvent<ClaimRecorded> e) =>
        SubjectEntry.Of(e, e.Data.ClaimId, e.Data.SourceId, e.Data.Content, e.Data.Content);

    public void Project(IEvent<ClaimRecorded> e, IDocumentOperations operations) => operations.Insert(Entry(e));

    /// <summary>A correction that moves a claim to another subject leaves the old one and enters the new one.</summary>
    public void Project(IEvent<ClaimCorrected> e, IDocumentOperations operations)
    {
        if (e.Data.Before.SubjectId != e.Data.After.SubjectId)
            operations.Insert(SubjectEntry.Of(e, e.Data.ClaimId, e.Data.SourceId, e.Data.Before, null));
        operations.Insert(SubjectEntry.Of(e, e.Data.ClaimId, e.Data.SourceId, e.Data.After, e.Data.After, e.Data.Rank));
    }

    /// <summary>A new rank is a new version with the same content, so every time axis sees the rank it had then.</summary>
    public void Project(IEvent<ClaimRanked> e, IDocumentOperations operations) =>
        operations.Insert(SubjectEntry.Of(e, e.Data.ClaimId, e.Data.SourceId, e.Data.Content, e.Data.Content, e.Data.Rank));

    public void Project(IEvent<ClaimRetracted> e, IDocumentOperations operations) =>
        operations.Insert(SubjectEntry.Of(e, e.Data.ClaimId, e.Data.SourceId, e.Data.Content, null));
}

/// <summary>A claim that counts under the time axes asked, with its source's metadata as the ledger held it then.</summary>
public sealed record VisibleClaim(Guid ClaimId, long Version, DateTimeOffset RecordedAt, ClaimContent Content, Guid SourceId, SourceMetadata Source,
    string Rank = Judgement.Normal)
{
    public DateOnly KnownFrom => Source.KnownFrom;
}

/// <param name="Sources">What the answer needed of its claims' sources, for whoever reads on (e.g. their links).</param>
public sealed record Visible(IReadOnlyList<VisibleClaim> Claims, long LedgerPosition, IReadOnlyDictionary<Guid, SourceFacts> Sources);

/// <summary>
/// What the views need of a source: its metadata versions and its links, without its text. Read-only: one instance
/// serves every read on the node that finds it in <see cref="KnownSourceFacts"/>.
/// </summary>
public sealed record SourceFacts(Guid Id, IReadOnlyList<SourceMetadataVersion> MetadataVersions, IReadOnlyList<SourceLink> Links)
{
    public SourceMetadataVersion? At(DateTimeOffset? recordedAsOf) =>
        recordedAsOf is null ? MetadataVersions[^1] : MetadataVersions.LastOrDefault(v => v.RecordedAt <= recordedAsOf);

    /// <summary>The facts of the sources asked for, taking those the caller already has and asking the database for the rest.</summary>
    public static async Task<Dictionary<Guid, SourceFacts>> LoadAsync(
        IQuerySession session, IEnumerable<Guid> ids, IReadOnlyDictionary<Guid, SourceFacts>? known, CancellationToken ct)
    {
        var found = new Dictionary<Guid, SourceFacts>();
        var missing = new List<Guid>();
        foreach (var id in ids.Distinct())
            if (known?.GetValueOrDefault(id) is { } facts) found[id] = facts;
            else missing.Add(id);
        if (missing.Count == 0) return found;
        var stamps = await session.QueryAsync<SourceStamp>(SourceStamp.Where(session, "s.id = any(?)"), ct, (object)missing.ToArray());
        foreach (var (id, facts) in await KnownSourceFacts.Of(session).ResolveAsync(session, stamps, ct)) found[id] = facts;
        return found;
    }
}

/// <summary>Subjects' entries with the facts of their claims' sources, as the views need them together.</summary>
public sealed record SubjectEntries(IReadOnlyList<SubjectEntry> Entries, IReadOnlyDictionary<Guid, SourceFacts> Sources)
{
    /// <summary>
    /// One round trip for both when this node knows the sources' facts as stored: the database finds the sources from
    /// the entries, so the read does not wait for the entries before asking for their sources. A second reads the
    /// facts of sources new to this node or written since it read them. It takes every entry's source, more than the
    /// versions that count under the axes need.
    /// </summary>
    public static Task<SubjectEntries> LoadAsync(IQuerySession session, string[] subjectIds, CancellationToken ct) =>
        LoadAsync(session, subjectIds, subjectIds, ct);

    /// <summary>
    /// The entries of some subjects and their sources' facts, taking the sources that <paramref name="read"/> holds
    /// (read by the caller before) and adding to it those asked for: a read of page after page of subjects (an export
    /// of every figure) asks for each source once, not once a page. Its sources are as they stood when first read.
    /// </summary>
    public static async Task<SubjectEntries> LoadAsync(IQuerySession session, string[] subjectIds, Dictionary<Guid, SourceFacts> read,
        CancellationToken ct)
    {
        IReadOnlyList<SubjectEntry> entries = subjectIds.Length == 0
            ? []
            : await session.Query<SubjectEntry>().Where(e => e.SubjectId.IsOneOf(subjectIds)).ToListAsync(ct);
        var sources = await SourceFacts.LoadAsync(session, entries.Select(e => e.SourceId), read, ct);
        foreach (var (id, facts) in sources) read[id] = facts;
        return new SubjectEntries(entries, sources);
    }

    /// <summary>The entries of some subjects and the sources of the entries of some (maybe others), in one round trip or none.</summary>
    public static async Task<SubjectEntries> LoadAsync(IQuerySession session, string[] entriesOf, string[] sourcesOf, CancellationToken ct)
    {
        if (entriesOf.Length == 0 && sourcesOf.Length == 0) return new SubjectEntries([], new Dictionary<Guid, SourceFacts>());
        var batch = session.CreateBatchQuery();
        var entries = entriesOf.Length == 0 ? null : batch.Query<SubjectEntry>().Where(e => e.SubjectId.IsOneOf(entriesOf)).ToList();
        // A source's id is not a column of the entries table: it is read from the entry itself. The ids are gathered
        // into an array first so the sources are looked up by key: as "s.id in (select ...)" PostgreSQL guessed ~200
        // entries a subject and hashed a scan of every source (25,000 at 1M claims) into each figure read.
        var stamps = sourcesOf.Length == 0 ? null : batch.Query<SourceStamp>(SourceStamp.Where(session,
            $"s.id = any(array(select (e.data ->> '{nameof(SubjectEntry.SourceId)}')::uuid " +
            $"from {session.DocumentStore.Options.Schema.For<SubjectEntry>()} as e where e.subject_id = any(?)))"), (object)sourcesOf);
        await batch.Execute(ct);
        return new SubjectEntries(entries is null ? [] : await entries,
            stamps is null ? new Dictionary<Guid, SourceFacts>() : await KnownSourceFacts.Of(session).ResolveAsync(session, await stamps, ct));
    }
}

/// <summary>The subjects of one kind the ledger holds entries about, read from the subject entries' index.</summary>
public static class SubjectIndex
{
    /// <summary>SQL for <see cref="IdsAfterAsync"/>: the key contains every word of a search; its one parameter is <see cref="SearchWords.Patterns"/>.</summary>
    public const string HasAllWords = "lower(key) like all (?)";

    /// <summary>
    /// The ids after <paramref name="after"/> of the subjects under <paramref name="prefix"/> (without the prefix), in the
    /// database's order, that meet <paramref name="where"/> (SQL over <c>key</c>, the id without its prefix, with its own
    /// parameters). A loose index scan: each step asks the index for the next subject after the last, so a subject with
    /// a thousand entries costs what a subject with one does. Filters are applied to the ids found, not used to seek.
    /// Every wanted key starts with one of <paramref name="within"/> (a metric and its colon, say, or each metric's
    /// "metric:parties:" for a pair of parties; null when the filters fix no start): where the database sorts ids as their
    /// bytes sort, the keys of each start lie together and the scan visits only those, so a page of one metric's figures
    /// takes as many steps as its own keys, not the steps over every figure key before them (0.3–0.4 s at 1M claims).
    /// </summary>
    public static async Task<IReadOnlyList<string>> IdsAfterAsync(IQuerySession session, string prefix, IReadOnlyList<string>? within, string? after,
        int limit, CancellationToken ct, string where = "true", params object[] whereArgs)
    {
        if (within is null || !await SortsByBytesAsync(session, ct))
            return await WalkAsync(session, prefix, prefix, after ?? "", limit, ct, where, whereArgs);
        var ids = new List<string>();
        // In byte order, the database's here, so the pages of one scope follow those of the scope before.
        foreach (var start in within.Order(StringComparer.Ordinal))
        {
            var pastStart = after is not null && string.CompareOrdinal(after, start) > 0;
            if (pastStart && !after!.StartsWith(start, StringComparison.Ordinal)) continue;   // every key of this start is before the cursor
            // No key equals its start (a key has parts after it), so walking from the start itself skips none.
            ids.AddRange(await WalkAsync(session, prefix, prefix + start, pastStart ? after! : start, limit - ids.Count, ct, where, whereArgs));
            if (ids.Count == limit) break;
        }
        return ids;
    }

    /// <summary>The ids under <paramref name="scope"/> after <paramref name="from"/>, one step of the index a subject.</summary>
    private static async Task<IReadOnlyList<string>> WalkAsync(IQuerySession session, string prefix, string scope, string from, int limit,
        CancellationToken ct, string where, object[] whereArgs)
    {
        var table = session.DocumentStore.Options.Schema.For<SubjectEntry>();
        return await session.QueryAsync<string>(
            $"""
             with recursive subjects(id) as (
                 (select e.subject_id from {table} as e where e.subject_id > ? order by e.subject_id limit 1)
                 union all
                 select (select e.subject_id from {table} as e where e.subject_id > subjects.id order by e.subject_id limit 1)
                 from subjects where starts_with(subjects.id, ?))
             select key from (select substr(id, {prefix.Length + 1}) as key from subjects where starts_with(id, ?)) as k
             where {where}
             limit ?
             """, ct, [prefix + from, scope, scope, .. whereArgs, limit]);
    }

    private static readonly ConditionalWeakTable<IDocumentStore, StrongBox<bool>> ByteOrder = new();

    /// <summary>
    /// Whether the database sorts subject ids as their bytes sort: PostgreSQL's C and POSIX collations do, and glibc's
    /// C.UTF-8 (the service's own PostgreSQL). A linguistic collation (en_US, ICU) does not: it passes over hyphens and
    /// colons at first, so "figure:trade:VN-RU:2020" sorts among the "figure:trade-turnover:…" keys, and the keys that
    /// share a start need not lie together. Asked of the database, not read from its settings: every id of one or two
    /// of the characters keys are made of (letters, digits, hyphen, colon), and the short runs of hyphens, colons and
    /// letters, sorted by the database's collation and by bytes. Asked once per store; a look that fails is asked again.
    /// </summary>
    public static async Task<bool> SortsByBytesAsync(IQuerySession session, CancellationToken ct)
    {
        if (ByteOrder.TryGetValue(session.DocumentStore, out var known)) return known.Value;
        var same = (await session.QueryAsync<bool>(
            """select array_agg(k order by k) = array_agg(k order by k collate "C") from unnest(?::text[]) as k""", ct,
            (object)ByteOrderSample.Value)).Single();
        ByteOrder.AddOrUpdate(session.DocumentStore, new StrongBox<bool>(same));
        return same;
    }

    private static readonly Lazy<string[]> ByteOrderSample = new(() =>
    {
        const string characters = "-:0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        const string runs = "-:aA0";
        var one = characters.Select(c => c.ToString()).ToList();
        var two = one.SelectMany(a => characters.Select(b => a + b));
        var three = runs.SelectMany(a => runs.SelectMany(b => runs.Select(c => $"{a}{b}{c}")));
        return [.. one, .. two, .. three];
    });
}

public static class TimeTravel
{
    /// <summary>Every claim of one kind (figure, partnership, project) that counts under the axes.</summary>
    public static async Task<Visible> OfKindAsync(IQuerySession session, string kind, TimeAxes axes, CancellationToken ct) =>
        await VisibleAsync(session, await session.Query<SubjectEntry>().Where(s => s.Kind == kind).ToListAsync(ct), axes, ct);

    /// <summary>The claims about one subject that count under the axes; null when the ledger never heard of the subject.</summary>
    public static async Task<Visible?> OfSubjectAsync(IQuerySession session, string subjectId, TimeAxes axes, CancellationToken ct) =>
        await SubjectEntries.LoadAsync(session, [subjectId], ct) is { Entries.Count: > 0 } read
            ? await VisibleAsync(session, read.Entries, axes, ct, read.Sources)
            : null;

    /// <summary>
    /// The claims that count under recordedAsOf (the ledger as it stood) and asOf (only sources published by then).
    /// validAt is each view's own question, asked of what this returns. The ledger position is the newest event
    /// this answer reflects, so a report can cite it.
    /// </summary>
    public static async Task<Visible> VisibleAsync(IQuerySession session, IEnumerable<SubjectEntry> entries, TimeAxes axes, CancellationToken ct = default,
        IReadOnlyDictionary<Guid, SourceFacts>? knownSources = null)
    {
        var position = 0L;
        var current = new List<(SubjectClaim Claim, ClaimVersion Version)>();
        foreach (var claim in Claims(entries))
        {
            var version = claim.At(axes.RecordedAsOf);
            if (version is null) continue;
            position = Math.Max(position, version.Sequence);
            if (version.Content is not null) current.Add((claim, version));
        }

        var sources = await SourceFacts.LoadAsync(session, current.Select(c => c.Claim.SourceId), knownSources, ct);
        var visible = new List<VisibleClaim>();
        foreach (var (claim, version) in current)
        {
            var metadata = sources.GetValueOrDefault(claim.SourceId)?.At(axes.RecordedAsOf);
            if (metadata is null) continue;
            position = Math.Max(position, metadata.Sequence);
            if (axes.AsOf is { } asOf && metadata.Metadata.KnownFrom > asOf) continue;
            visible.Add(new VisibleClaim(claim.ClaimId, version.Version, version.RecordedAt, version.Content!, claim.SourceId, metadata.Metadata,
                version.Rank ?? Judgement.Normal));
        }

        return new Visible(visible, position, sources);
    }

    /// <summary>
    /// Each claim with its versions in ledger order, in the order the claims first reached their subject. A version
    /// without a rank (written before ranks existed) keeps the rank of the version before it.
    /// </summary>
    public static IEnumerable<SubjectClaim> Claims(IEnumerable<SubjectEntry> entries) =>
        entries.OrderBy(e => e.Sequence).ThenBy(e => e.Content is null ? 0 : 1)
            .GroupBy(e => (e.SubjectId, e.ClaimId))
            .Select(g =>
            {
                var versions = new List<ClaimVersion>();
                foreach (var e in g)
                    versions.Add(new ClaimVersion(e.Version, e.Sequence, e.RecordedAt, e.Content, e.Rank ?? (versions.Count > 0 ? versions[^1].Rank : null)));
                return new SubjectClaim { ClaimId = g.Key.ClaimId, SourceId = g.First().SourceId, Versions = versions };
            });
}
