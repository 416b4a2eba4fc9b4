using System.IO.Hashing;
using System.Runtime.InteropServices;
using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using ClaimsLedger.Hosting;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Wolverine.Http;

namespace ClaimsLedger.Sources;

/// <summary>How alike two texts are: shared five-word shingles over all of them (Jaccard) and over the smaller text's (containment).</summary>
public sealed record Similarity(decimal Jaccard, decimal Containment, bool Copies);

/// <summary>
/// Syndicated copies. Two texts are copies of one origin when their five-word shingles (lower-cased words, punctuation
/// dropped) overlap by a Jaccard index of at least <see cref="JaccardThreshold"/> (the same story re-published, edited
/// lightly), or when at least <see cref="ContainmentThreshold"/> of the smaller text's shingles occur in the larger one
/// and the smaller has at least <see cref="MinShingles"/> of them (one article quoting another at length). Linked
/// sources are one origin; the links are transitive.
/// </summary>
public static class Syndication
{
    public const int ShingleWords = 5;
    public const decimal JaccardThreshold = 0.5m;
    public const decimal ContainmentThreshold = 0.8m;
    public const int MinShingles = 40;

    public const string Rule =
        "five-word shingles of the lower-cased words; copies when Jaccard ≥ 0.5, or when ≥ 80% of the smaller text's shingles " +
        "(at least 40) occur in the larger";

    /// <summary>
    /// A text's shingles, each kept as a 64-bit hash of its words rather than as a string: comparing a source with
    /// every other cuts every text in the ledger (25,000 at 1M claims), and a string for each shingle was much of the
    /// 8.8 s that took. Two different shingles share a hash with a chance of about one in 10^19, far below the four
    /// decimals the similarity is given in.
    /// </summary>
    public static HashSet<ulong> Shingles(string text)
    {
        var shingles = new HashSet<ulong>();
        AddShingles(text, shingles, []);
        return shingles;
    }

    /// <summary>
    /// <see cref="Shingles(string)"/> into a set and a word list the caller empties and reuses: a comparison with every
    /// other source cuts 25,000 texts, and growing a new set and list for each was a fifth of its time.
    /// </summary>
    private static void AddShingles(string text, HashSet<ulong> shingles, List<ulong> words)
    {
        var lower = text.ToLowerInvariant().AsSpan();
        // A word is a run of letters and digits (Unicode's L and N), as the regex [\p{L}\p{N}]+ finds them; the loop
        // finds the same runs in a third of the regex's time, which was most of a comparison's.
        for (var i = 0; i < lower.Length;)
        {
            if (!IsWordCharacter(lower[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < lower.Length && IsWordCharacter(lower[i])) i++;
            words.Add(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(lower[start..i])));
        }
        var all = CollectionsMarshal.AsSpan(words);
        for (var i = 0; i + ShingleWords <= all.Length; i++) shingles.Add(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(all.Slice(i, ShingleWords))));
    }

    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c > '\x7f' && (char.IsLetter(c) || char.IsNumber(c));

    /// <summary>One worker's set and word list, emptied for each text it cuts.</summary>
    public sealed class Cutter
    {
        private readonly HashSet<ulong> _shingles = [];
        private readonly List<ulong> _words = [];

        /// <summary>The text's shingles, in a set this cutter reuses for its next text.</summary>
        public HashSet<ulong> Shingles(string text)
        {
            _shingles.Clear();
            _words.Clear();
            AddShingles(text, _shingles, _words);
            return _shingles;
        }
    }

    public static Similarity Compare(HashSet<ulong> a, HashSet<ulong> b)
    {
        if (a.Count == 0 || b.Count == 0) return new Similarity(0, 0, false);
        var shared = a.Count < b.Count ? a.Count(b.Contains) : b.Count(a.Contains);
        var jaccard = Math.Round((decimal)shared / (a.Count + b.Count - shared), 4);
        var smaller = Math.Min(a.Count, b.Count);
        var containment = Math.Round((decimal)shared / smaller, 4);
        return new Similarity(jaccard, containment, jaccard >= JaccardThreshold || containment >= ContainmentThreshold && smaller >= MinShingles);
    }

    /// <summary>
    /// Each source's origin (the smallest id among the sources linked to it, transitively), as the ledger held the links
    /// at recordedAsOf; a source with no links is its own origin.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, Guid>> OriginsAsync(
        IQuerySession session, IEnumerable<Guid> sourceIds, DateTimeOffset? recordedAsOf, CancellationToken ct = default,
        IReadOnlyDictionary<Guid, SourceFacts>? known = null)
    {
        var links = new Dictionary<Guid, List<Guid>>();
        var pending = sourceIds.Distinct().ToList();
        while (pending.Count > 0)
        {
            var loaded = await SourceFacts.LoadAsync(session, pending, known, ct);
            foreach (var id in pending) links.TryAdd(id, []);
            foreach (var s in loaded.Values) links[s.Id] = SourceLink.Held(s.Links, recordedAsOf).ToList();
            pending = links.Values.SelectMany(l => l).Where(id => !links.ContainsKey(id)).Distinct().ToList();
        }

        var origins = new Dictionary<Guid, Guid>();
        foreach (var start in links.Keys)
        {
            if (origins.ContainsKey(start)) continue;
            // Most sources are copies of nothing: their own origin, without a search (a list page asks about thousands).
            if (links[start].Count == 0)
            {
                origins[start] = start;
                continue;
            }
            var component = new List<Guid>();
            var queue = new Queue<Guid>([start]);
            var seen = new HashSet<Guid> { start };
            while (queue.TryDequeue(out var id))
            {
                component.Add(id);
                foreach (var next in links.GetValueOrDefault(id) ?? []) if (seen.Add(next)) queue.Enqueue(next);
            }
            var origin = component.Min();
            foreach (var id in component) origins[id] = origin;
        }
        return origins;
    }
}

public sealed record SimilarSource(Guid SourceId, string Title, string PublishedOn, decimal Jaccard, decimal Containment, bool Copies, bool Linked);

public sealed record SimilarSources(Guid SourceId, string Rule, IReadOnlyList<SimilarSource> Sources);

public sealed record LinkedSource(Guid SourceId, string Title, string Basis, decimal? Similarity, string Reason, string LinkedBy,
    DateTimeOffset LinkedAt, DateTimeOffset? UnlinkedAt, string? UnlinkReason);

/// <summary>A link or an unlink by hand: the other source and why.</summary>
public sealed record SourceLinkChange(Guid? OtherSourceId, string? Reason);

public sealed record LinksWritten(Guid SourceId, IReadOnlyList<Guid> Linked, long Version);

public sealed class SimilarQuery
{
    /// <summary>How many sources to list, the most similar first; every other source when not given.</summary>
    public int? Limit { get; set; }

    public void Check(FieldErrors errors) => errors.RequireListLimit("limit", Limit, "of the most similar sources");
}

public static class SimilarSourcesEndpoint
{
    public static ProblemDetails Validate(SimilarQuery query) => FieldErrors.Check(query.Check);

    /// <summary>Every other source with its similarity to this one, most alike first (the first <c>limit</c> of them); read-only.</summary>
    [WolverineGet("/sources/{sourceId}/similar")]
    [EndpointSummary("The other sources most like this one, with their similarity")]
    [ProducesResponseType<SimilarSources>(StatusCodes.Status200OK)]
    public static async Task<IResult> Similar(Guid sourceId, [FromQuery] SimilarQuery query, IQuerySession session, CancellationToken ct)
    {
        var source = await session.LoadAsync<Source>(sourceId, ct);
        if (source is null) return Results.Problem(Problems.NotFound("source", sourceId));
        var similar = await SyndicationEndpoints.CompareAsync(source, session, ct);
        return Results.Ok(new SimilarSources(sourceId, Syndication.Rule, query.Limit is { } limit ? similar.Take(limit).ToList() : similar));
    }
}

public static class SyndicationEndpoints
{
    /// <summary>
    /// Links this source to every source whose text is a copy of it (by <see cref="Syndication.Rule"/>) and is not linked yet.
    /// Run on demand rather than at registration: it reads every source's text, which a registration should not.
    /// </summary>
    [WolverinePost("/sources/{sourceId}/syndication/detect")]
    [EndpointSummary("Link this source to every source whose text is a copy of it")]
    [ProducesResponseType<LinksWritten>(StatusCodes.Status200OK)]
    public static async Task<IResult> Detect(Guid sourceId, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        var source = await session.LoadAsync<Source>(sourceId, ct);
        if (source is null) return Results.Problem(Problems.NotFound("source", sourceId));
        var found = (await CompareAsync(source, session, ct)).Where(s => s.Copies && !s.Linked).ToList();
        var actor = Actor.Of(http);
        foreach (var copy in found)
            Link(session, source.Id, copy.SourceId, "detected", copy.Jaccard,
                $"texts are near-duplicates (Jaccard {copy.Jaccard:0.###}, containment {copy.Containment:0.###})", actor);
        return Results.Ok(new LinksWritten(source.Id, found.Select(f => f.SourceId).ToList(), source.Version + found.Count));
    }

    [WolverinePost("/sources/{sourceId}/links")]
    [EndpointSummary("Link this source to another as a syndicated copy, by hand")]
    [ProducesResponseType<LinksWritten>(StatusCodes.Status200OK)]
    public static async Task<IResult> LinkByHand(Guid sourceId, SourceLinkChange command, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        var (source, _, problem) = await CheckAsync(sourceId, command, session, linking: true, ct);
        if (problem is not null) return problem;
        Link(session, sourceId, command.OtherSourceId!.Value, "manual", null, command.Reason!.Trim(), Actor.Of(http));
        return Results.Ok(new LinksWritten(sourceId, [command.OtherSourceId.Value], source!.Version + 1));
    }

    [WolverinePost("/sources/{sourceId}/unlink")]
    [EndpointSummary("Remove a syndication link between this source and another")]
    [ProducesResponseType<LinksWritten>(StatusCodes.Status200OK)]
    public static async Task<IResult> Unlink(Guid sourceId, SourceLinkChange command, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        var (source, _, problem) = await CheckAsync(sourceId, command, session, linking: false, ct);
        if (problem is not null) return problem;
        var (other, reason, actor) = (command.OtherSourceId!.Value, command.Reason!.Trim(), Actor.Of(http));
        session.Events.Append(sourceId, new SourcesUnlinked(sourceId, other, reason, actor));
        session.Events.Append(other, new SourcesUnlinked(other, sourceId, reason, actor));
        return Results.Ok(new LinksWritten(sourceId, [], source!.Version + 1));
    }

    private static void Link(IDocumentSession session, Guid a, Guid b, string basis, decimal? similarity, string reason, string actor)
    {
        session.Events.Append(a, new SourcesLinked(a, b, basis, similarity, reason, actor));
        session.Events.Append(b, new SourcesLinked(b, a, basis, similarity, reason, actor));
    }

    private static async Task<(Source?, Source?, IResult?)> CheckAsync(
        Guid sourceId, SourceLinkChange command, IQuerySession session, bool linking, CancellationToken ct)
    {
        var source = await session.LoadAsync<Source>(sourceId, ct);
        if (source is null) return (null, null, Results.Problem(Problems.NotFound("source", sourceId)));
        var errors = new FieldErrors();
        Source? other = null;
        if (command.OtherSourceId is null) errors.Add("otherSourceId", "is required: the id of the other source");
        else if (command.OtherSourceId == sourceId) errors.Add("otherSourceId", "must be another source");
        else if ((other = await session.LoadAsync<Source>(command.OtherSourceId.Value, ct)) is null)
            errors.Add("otherSourceId", $"no source has the id {command.OtherSourceId}");
        else if (linking == source.LinkedTo().Contains(other.Id))
            errors.Add("otherSourceId", linking ? "the sources are already linked" : "the sources are not linked");
        errors.RequireReason(command.Reason, linking ? "why the two are copies of one origin" : "why the two are independent");
        return (source, other, errors.Any ? Results.Problem(errors.ToProblem()) : null);
    }

    internal static async Task<IReadOnlyList<SimilarSource>> CompareAsync(Source source, IQuerySession session, CancellationToken ct)
    {
        var mine = Syndication.Shingles(source.Text);
        var linked = source.LinkedTo().ToHashSet();
        // Each other source's text and the two facts shown, streamed: not the documents (metadata history, links), and
        // never every text in memory at once. As columns, not as JSON: building and reading back JSON of every text (91 MB
        // at 25,000 sources) was half of what a comparison cost once the words were cut quickly.
        await using var connection = await LedgerStore.DataSource(session.DocumentStore).OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select d.id, d.{GetSourcesEndpoint.TitleColumn}, d.{GetSourcesEndpoint.PublishedOnColumn}, d.data ->> 'Text' " +
            $"from {session.DocumentStore.Options.Schema.For<Source>()} as d where d.id <> $1", connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = source.Id });
        await using var reader = await command.ExecuteReaderAsync(ct);
        // Reading the next text and comparing the last one run on separate cores.
        var found = new System.Collections.Concurrent.ConcurrentBag<SimilarSource>();
        using var cutters = new ThreadLocal<Syndication.Cutter>(() => new Syndication.Cutter());
        await Parallel.ForEachAsync(TextsAsync(reader, ct), ct, (other, _) =>
        {
            var similarity = Syndication.Compare(mine, cutters.Value!.Shingles(other.Text));
            found.Add(new SimilarSource(other.SourceId, other.Title, other.PublishedOn, similarity.Jaccard, similarity.Containment, similarity.Copies,
                linked.Contains(other.SourceId)));
            return ValueTask.CompletedTask;
        });
        return found.OrderByDescending(s => s.Jaccard).ThenByDescending(s => s.Containment).ThenBy(s => s.SourceId).ToList();
    }

    private static async IAsyncEnumerable<SourceText> TextsAsync(NpgsqlDataReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        while (await reader.ReadAsync(ct))
            yield return new SourceText(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
    }

    /// <summary>What a comparison reads of another source.</summary>
    private sealed record SourceText(Guid SourceId, string Title, string PublishedOn, string Text);
}
