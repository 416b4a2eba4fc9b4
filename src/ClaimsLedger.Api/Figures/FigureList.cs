using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using ClaimsLedger.Sources;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Figures;

public sealed record FigureSummary(string FigureKey, string Metric, IReadOnlyList<string> Parties, string Period,
    FigureClaim? Headline, int SourceCount, bool Conflict, int IndependentSourceCount);

/// <param name="Checks">The derived checks that take in a figure of this page.</param>
/// <param name="Next">Where the next page starts (pass it as <c>after</c>); null on the last page.</param>
public sealed record FigureList(IReadOnlyList<FigureSummary> Figures, IReadOnlyList<DerivedCheck> Checks, TimeAxes Axes, long LedgerPosition,
    int PageSize, string? Next);

/// <summary>A metric between parties that the ledger has figures for, under any axes.</summary>
public sealed record SeriesSummary(string SeriesKey, string Metric, IReadOnlyList<string> Parties);

public sealed record SeriesList(IReadOnlyList<SeriesSummary> Series);

public sealed class SeriesQuery
{
    public string? Metric { get; set; }

    /// <summary>A metric asked for by the lists: a slug, as a claim's metric is.</summary>
    public static void CheckMetric(string? metric, FieldErrors errors)
    {
        if (metric is not null && !ClaimFields.IsSlug(metric)) errors.Add("metric", "must be a metric's slug, e.g. trade-turnover");
    }
}

/// <summary>Which figures a list picks: filters on the key, and on whether the figure's sources agree.</summary>
public class FigureSelection
{
    public string? Metric { get; set; }
    /// <summary>Hyphen-joined ISO codes in any order, e.g. VN-RU.</summary>
    public string? Parties { get; set; }
    /// <summary>Words the figure key must contain, any case, e.g. "students 2021".</summary>
    public string? Search { get; set; }
    /// <summary>true: only the figures whose sources disagree; false: only those they agree on.</summary>
    public bool? Conflict { get; set; }

    public void Check(FieldErrors errors)
    {
        SeriesQuery.CheckMetric(Metric, errors);
        if (Parties is not null && !ClaimFields.IsPartyList(Parties, 1, 5))
            errors.Add("parties", "must be " + ClaimFields.PartyListExpected(1, 5) + ", e.g. RU-VN");
        SearchWords.Check(Search, errors);
    }

    public string? KeyParties => Parties is null ? null : Subjects.Parties(Parties.Split('-'));
}

/// <summary>Which figures a page of the list holds: the selection, and where the page starts.</summary>
public sealed class FigureListQuery : FigureSelection
{
    public string? After { get; set; }
    public int PageSize { get; set; } = 100;

    public void CheckPage(FieldErrors errors)
    {
        Check(errors);
        if (After is not null && !FigureAsOfEndpoint.IsFigureKey(After, withPeriod: true))
            errors.Add("after", "must be a figure key (metric:parties:period), the next of an earlier page");
        errors.RequirePage(page: null, PageSize);   // the list pages by key, not by number
    }

    /// <summary>The page of a selection that starts after a key.</summary>
    public static FigureListQuery Of(FigureSelection selection, string? after, int pageSize) => new()
    {
        Metric = selection.Metric, Parties = selection.Parties, Search = selection.Search, Conflict = selection.Conflict,
        After = after, PageSize = pageSize,
    };
}

/// <summary>
/// The list of figures, a page at a time in the order of their keys. The keys come from the subject entries' index,
/// one step a key, so a page reads only its own figures' entries (and those their checks relate them to): before paging,
/// the list read every figure entry the ledger held (280,000 rows, 19 MB of answer and 7-9 s on a 100k ledger).
/// </summary>
public static class FigureListEndpoint
{
    /// <summary>Keys read a step, before the axes' validAt and the figures' claims sort out which are shown.</summary>
    private const int KeyBatch = 1000;

    public static ProblemDetails Validate(TimeQuery time, FigureQuery figure, FigureListQuery page) => time.Problems(figure.Check, page.CheckPage);

    /// <summary>
    /// Figures with a value under the axes, from the key after <c>after</c> on. A page may hold fewer than pageSize
    /// figures only when it is the last; keys whose claims all fall outside the axes are passed over.
    /// </summary>
    [WolverineGet("/figures")]
    [EndpointSummary("The figures with a value under the time axes, a page at a time")]
    public static Task<FigureList> GetAll([FromQuery] TimeQuery time, [FromQuery] FigureQuery figure, [FromQuery] FigureListQuery page,
        IQuerySession session, CancellationToken ct) => PageAsync(time.Axes(), figure, page, session, ct, sourcesRead: null);

    /// <param name="sourcesRead">
    /// Null for a page with its checks. Otherwise the figures alone (the page's checks empty: the figures they relate
    /// them to are not read), with the facts of the sources that earlier pages read: those are not asked for again, and
    /// the page adds those it reads.
    /// </param>
    internal static async Task<FigureList> PageAsync(TimeAxes axes, FigureQuery figure, FigureListQuery page, IQuerySession session, CancellationToken ct,
        Dictionary<Guid, SourceFacts>? sourcesRead)
    {
        var figures = new List<FigureSummary>();
        var checks = new List<DerivedCheck>();
        var position = 0L;
        var cursor = page.After;
        var within = await KeyStartsAsync(session, page, ct);
        Dictionary<Guid, SourceFacts>? screened = null;
        var screen = false;
        while (true)
        {
            var keys = await KeysAfterAsync(session, within, cursor, page, KeyBatch, ct);
            var lastBatch = keys.Count < KeyBatch;
            // The period is part of the key, so validAt passes keys over before their entries are read.
            var wanted = keys.Where(k => axes.ValidAt is not { } at || Period.Parse(k.Split(':')[2])!.Covers(at)).ToList();
            for (var i = 0; i < wanted.Count && figures.Count < page.PageSize;)
            {
                var chunk = wanted.Skip(i).Take(page.PageSize - figures.Count).ToList();
                var passed = chunk.Count;
                if (screen)
                    (chunk, passed) = await ScreenForConflictAsync(session, wanted, i, page.PageSize - figures.Count, axes, figure, page.Conflict, screened ??= [], ct);
                i += passed;
                if (chunk.Count == 0) continue;
                var read = await FiguresAsync(session, chunk, axes, figure, page.Conflict, sourcesRead, ct);
                // Screening pays where the filter keeps few of the keys it passes over (a ledger with few figures in
                // conflict); where it keeps many, reading them whole at once costs less than screening them first.
                screen = page.Conflict is not null && sourcesRead is null && read.Figures.Count * 4 < passed;
                figures.AddRange(read.Figures);
                checks.AddRange(read.Checks);
                position = Math.Max(position, read.Position);
                if (figures.Count == page.PageSize)
                {
                    var last = chunk[^1];
                    return new FigureList(figures, [.. checks.Distinct()], axes, position, page.PageSize,
                        lastBatch && last == keys[^1] ? null : last);
                }
            }
            if (lastBatch) return new FigureList(figures, [.. checks.Distinct()], axes, position, page.PageSize, null);
            cursor = keys[^1];
        }
    }

    /// <summary>
    /// The keys from <paramref name="from"/> on whose figures' sources disagree (or agree, as <paramref name="conflict"/>
    /// asks), up to <paramref name="room"/> of them, and how many keys that passed over. Where few figures are in
    /// conflict the list walks most keys to fill a page: each key is screened on its own claims alone, many keys a step
    /// (0.11 ms a key on a 100k ledger, against 0.29 ms when each step of a page's size also read the related figures
    /// the checks need), and only the keys kept are read again, with their checks.
    /// </summary>
    private static async Task<(List<string> Kept, int Passed)> ScreenForConflictAsync(IQuerySession session, IReadOnlyList<string> wanted,
        int from, int room, TimeAxes axes, FigureQuery figure, bool? conflict, Dictionary<Guid, SourceFacts> screened, CancellationToken ct)
    {
        // A step in proportion to the room left: a page's last few figures screen a few dozen keys, not a batch.
        var step = wanted.Skip(from).Take(Math.Clamp(room * 8, room, ScreenStep)).ToList();
        var kept = (await FiguresAsync(session, step, axes, figure, conflict, screened, ct)).Figures.Take(room).Select(f => f.FigureKey).ToList();
        // A full page stops at its last figure, so the next page starts after it; keys after it are screened again then.
        return (kept, kept.Count == room ? step.IndexOf(kept[^1]) + 1 : step.Count);
    }

    /// <summary>Keys screened a step for the figures in conflict: a batch's worth, as the CSV reads.</summary>
    private const int ScreenStep = 500;

    /// <summary>
    /// Where the keys the filters want start (for <see cref="SubjectIndex.IdsAfterAsync"/>), asked once a page: a key is
    /// metric:parties:period, so a metric (and parties after it) fix one start; parties alone fix one for each metric the
    /// series index has between them; null when the filters fix none.
    /// </summary>
    private static async Task<IReadOnlyList<string>?> KeyStartsAsync(IQuerySession session, FigureSelection page, CancellationToken ct) =>
        (page.Metric, page.KeyParties) switch
        {
            ({ } metric, { } parties) => [$"{metric}:{parties}:"],
            ({ } metric, null) => [$"{metric}:"],
            (null, { } parties) => [.. (await FigureSeriesEndpoint.SeriesKeysAsync(session, metric: null, parties, ct)).Select(s => s + ":")],
            _ => null,
        };

    /// <summary>The figure keys after a cursor that meet the page's filters (metric, parties, words), in the database's order.</summary>
    private static async Task<IReadOnlyList<string>> KeysAfterAsync(IQuerySession session, IReadOnlyList<string>? within, string? after,
        FigureSelection page, int limit, CancellationToken ct)
    {
        if (within is []) return [];
        var table = session.DocumentStore.Options.Schema.For<SubjectEntry>();
        // Sources can disagree only where two claims reached the key stating it differently: where they mostly agree,
        // most keys hold one claim's entry, which an index probe passes over, or claims that all state the same amount
        // in the same words, which a look at their entries passes over, before any figure is read. A claim's range
        // (FigureRules.Allowed) follows from its value, low, high, qualifier and scale alone, so claims alike in these
        // cannot disagree, whichever of them the axes, ranks or corrections leave.
        return await SubjectIndex.IdsAfterAsync(session, Subjects.Figure(""), within, after, limit, ct,
            $"""
            (? = '' or split_part(key, ':', 1) = ?)
            and (? = '' or split_part(key, ':', 2) = ?)
            and {SubjectIndex.HasAllWords}
            and (not ? or (select count(*) from (select from {table} as two where two.subject_id = ? || key limit 2) as entries) = 2
                and exists (select from (select {StatedAs("first")} as stated from {table} as first
                        where first.subject_id = ? || key and {Stated("first")} is not null limit 1) as first
                    join {table} as other on other.subject_id = ? || key and {Stated("other")} is not null
                        and {StatedAs("other")} is distinct from first.stated))
            """,
            page.Metric ?? "", page.Metric ?? "", page.KeyParties ?? "", page.KeyParties ?? "", SearchWords.Patterns(page.Search),
            page.Conflict == true, Subjects.Figure(""), Subjects.Figure(""), Subjects.Figure(""));
    }

    /// <summary>SQL for the figure an entry's claim states (null for an entry of a claim leaving the key).</summary>
    private static string Stated(string entry) => $"({entry}.data -> 'Content' -> 'Figure')";

    /// <summary>SQL for what of a stated figure sets its range: value, low, high, qualifier and scale.</summary>
    private static string StatedAs(string entry) =>
        $"jsonb_build_array({Stated(entry)} -> 'Value', {Stated(entry)} -> 'Low', {Stated(entry)} -> 'High', {Stated(entry)} -> 'Qualifier', {Stated(entry)} -> 'Scale')";

    /// <summary>
    /// The figures of some keys under the axes (those with a value, and a conflict flag as <paramref name="conflict"/>
    /// asks when it does), with the checks that take them in.
    /// </summary>
    private static async Task<(IReadOnlyList<FigureSummary> Figures, IEnumerable<DerivedCheck> Checks, long Position)> FiguresAsync(
        IQuerySession session, IReadOnlyList<string> keys, TimeAxes axes, FigureQuery figure, bool? conflict, Dictionary<Guid, SourceFacts>? sourcesRead,
        CancellationToken ct)
    {
        var subjects = keys.Select(Subjects.Figure).ToHashSet();
        var (entries, sources) = sourcesRead is null
            ? await FigureAsOfEndpoint.ChainAsync(session, keys, ct)
            : await SubjectEntries.LoadAsync(session, [.. subjects], sourcesRead, ct);
        var own = await TimeTravel.VisibleAsync(session, entries.Where(e => subjects.Contains(e.SubjectId)), axes, ct, sources);
        var related = await TimeTravel.VisibleAsync(session, entries.Where(e => !subjects.Contains(e.SubjectId)), axes, ct, sources);
        var origins = await Syndication.OriginsAsync(session, own.Claims.Select(c => c.SourceId), axes.RecordedAsOf, ct, sources);
        var byKey = own.Claims.ToLookup(c => c.Content.Figure!.Key);
        var figures = keys
            .Select(k => FigureRules.Summary(k, byKey[k], axes.ValidAt, figure.AllRanks, origins))
            .OfType<FigureSummary>()
            .Where(f => conflict is null || f.Conflict == conflict)
            .ToList();
        var shown = figures.Select(f => f.FigureKey).ToHashSet();
        var checks = sourcesRead is not null ? [] : FigureAsOfEndpoint.Checks(own.Claims.Concat(related.Claims), figure)
            .Where(c => shown.Contains(c.BaseFigureKey) || shown.Contains(c.ChangeFigureKey) || shown.Contains(c.NextFigureKey));
        return (figures, checks, own.LedgerPosition);
    }
}

public static class FigureSeriesEndpoint
{
    public static ProblemDetails Validate(SeriesQuery query) => FieldErrors.Check(errors => SeriesQuery.CheckMetric(query.Metric, errors));

    /// <summary>
    /// Every series (a metric between parties) the ledger has a figure of, whatever the axes, in the order of their
    /// keys: what a client offers to choose from. One step of the series index a series.
    /// </summary>
    [WolverineGet("/figures/series")]
    [EndpointSummary("Every series (a metric between parties) the ledger has a figure of")]
    public static async Task<SeriesList> GetSeries([FromQuery] SeriesQuery query, IQuerySession session, CancellationToken ct)
    {
        var keys = await SeriesKeysAsync(session, query.Metric, parties: null, ct);
        return new SeriesList(keys.Select(k => k.Split(':')).Select(p => new SeriesSummary($"{p[0]}:{p[1]}", p[0], p[1].Split('-'))).ToList());
    }

    /// <summary>The series keys (metric:parties) of the metric and the parties asked for (null: any), one step of the series index a series.</summary>
    internal static async Task<IReadOnlyList<string>> SeriesKeysAsync(IQuerySession session, string? metric, string? parties, CancellationToken ct)
    {
        var table = session.DocumentStore.Options.Schema.For<SubjectEntry>();
        return await session.QueryAsync<string>(
            $"""
             with recursive series(key) as (
                 (select e.series_key from {table} as e where e.series_key is not null order by e.series_key limit 1)
                 union all
                 select (select e.series_key from {table} as e where e.series_key > series.key order by e.series_key limit 1)
                 from series where series.key is not null)
             select key from series where key is not null
                 and (? = '' or split_part(key, ':', 1) = ?) and (? = '' or split_part(key, ':', 2) = ?)
             """, ct, metric ?? "", metric ?? "", parties ?? "", parties ?? "");
    }
}
