using System.Text.RegularExpressions;
using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using ClaimsLedger.Sources;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Figures;

/// <summary>
/// A figure under the axes; with view=vintages, changes or first, also how its headline moved as sources were published.
/// Checks: every derived-value check the figure takes part in.
/// </summary>
public sealed record FigureAnswer(
    FigureView Figure, string View, string Rank, IReadOnlyList<Vintage>? Vintages, IReadOnlyList<HeadlineChange>? Changes, FigureClaim? First,
    IReadOnlyList<DerivedCheck> Checks, TimeAxes Axes, long LedgerPosition)
{
    public string ConflictRule => FigureRules.Tolerance;
}

/// <summary>A metric between parties over every period: the headline is the latest period's headline.</summary>
public sealed record SeriesAnswer(string SeriesKey, string? HeadlineFigureKey, FigureClaim? Headline, IReadOnlyList<FigureView> Figures,
    IReadOnlyList<DerivedCheck> Checks, TimeAxes Axes, long LedgerPosition);

/// <summary>How a figure is read: which view (latest, vintages, changes, first) and which ranks (all, or leave deprecated claims out).</summary>
public sealed class FigureQuery
{
    public string? View { get; set; }
    public string? Rank { get; set; }

    public static readonly string[] Views = ["latest", "vintages", "changes", "first"];

    public bool AllRanks => Rank == FigureRules.AllRanks;

    public void Check(FieldErrors errors)
    {
        if (View is not null && !Views.Contains(View)) errors.Add("view", Vocabulary.OneOf(Views));
        CheckRank(errors);
    }

    public void CheckRank(FieldErrors errors)
    {
        if (Rank is not null && Rank != FigureRules.AllRanks) errors.Add("rank", "must be all (every rank, deprecated claims included) or left out");
    }
}

public static partial class FigureAsOfEndpoint
{
    public static ProblemDetails Validate(TimeQuery time, FigureQuery figure) => time.Problems(figure.Check);

    /// <summary>
    /// The entries some figures' checks need, by subject, with their sources: the figures' own, the change figures
    /// they can take part in that relate levels, and the levels those changes relate. A change that relates no level
    /// (one that states no base period) is never checked, so neither its entries nor its sources are kept. One round
    /// trip when no change relates a level; two otherwise, however long the series and however many figures.
    /// </summary>
    internal static async Task<SubjectEntries> ChainAsync(IQuerySession session, IReadOnlyCollection<string> figureKeys, CancellationToken ct)
    {
        var own = figureKeys.Select(Subjects.Figure).ToHashSet();
        // Only the figures' own sources come with the first read: whether a change's are needed is known only from its entries.
        var first = await SubjectEntries.LoadAsync(session,
            [.. figureKeys.SelectMany(k => DerivedChecks.ChangeKeysFor(k).Append(k)).Select(Subjects.Figure).Distinct()], [.. own], ct);
        var changes = first.Entries.Where(e => !own.Contains(e.SubjectId)).GroupBy(e => e.SubjectId)
            .Where(s => s.Any(e => e.Content?.Figure is { } f && DerivedChecks.LevelKeysFor(f).Any()))
            .ToDictionary(s => s.Key, s => s.ToList());
        var levels = first.Entries.Where(e => own.Contains(e.SubjectId) || changes.ContainsKey(e.SubjectId))
            .Select(e => e.Content?.Figure).OfType<FigureFacts>().SelectMany(DerivedChecks.LevelKeysFor)
            .Select(Subjects.Figure).Where(id => !own.Contains(id) && !changes.ContainsKey(id)).Distinct().ToArray();
        var second = await SubjectEntries.LoadAsync(session, levels, [.. levels, .. changes.Keys], ct);
        var sources = new Dictionary<Guid, SourceFacts>(first.Sources);
        foreach (var (id, facts) in second.Sources) sources[id] = facts;
        return new SubjectEntries([.. first.Entries.Where(e => own.Contains(e.SubjectId)), .. changes.Values.SelectMany(e => e), .. second.Entries], sources);
    }

    internal static IReadOnlyList<DerivedCheck> Checks(IEnumerable<VisibleClaim> claims, FigureQuery figure) =>
        DerivedChecks.For(claims.Where(c => FigureRules.Shown(c, figure.AllRanks)).Select(FigureRules.At));

    /// <summary>
    /// A full key (metric:parties:period) answers with that figure; a key without its period answers with the series
    /// known under the axes, headed by the latest period's value.
    /// </summary>
    [WolverineGet("/figures/{figureKey}")]
    [EndpointSummary("A figure, or a series, under the time axes")]
    [EndpointDescription("A full key (metric:parties:period, e.g. trade-turnover:RU-VN:2021) answers with that figure (the schema below); a key without its period (trade-turnover:RU-VN) answers with the series instead: seriesKey, the latest period's headline, every period's figure in the form below, and the derived-value checks between periods.")]
    [ProducesResponseType<FigureAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string figureKey, [FromQuery] TimeQuery time, [FromQuery] FigureQuery figure, IQuerySession session,
        CancellationToken ct)
    {
        if (KeyProblem(figureKey) is { } problem) return Results.Problem(problem);
        figureKey = Subjects.FigureKeyAsKept(figureKey);
        var axes = time.Axes();
        if (figureKey.Count(c => c == ':') == 2)
        {
            var answer = await FigureAsync(figureKey, axes, figure, session, ct);
            return answer is null ? Results.Problem(Problems.NotFound("figure", figureKey)) : Results.Ok(answer);
        }
        var series = await SeriesAsync(figureKey, axes, figure, session, ct);
        return series is null ? Results.Problem(Problems.NotFound("figure series", figureKey)) : Results.Ok(series);
    }

    /// <summary>Why a figure or series key is refused, or null when it is one.</summary>
    internal static ProblemDetails? KeyProblem(string figureKey) => IsFigureKey(figureKey, withPeriod: false)
        ? null
        : Problems.Invalid("figureKey", "must be metric:parties or metric:parties:period, e.g. trade-turnover:RU-VN:2021" + PartsOfKey(figureKey));

    /// <summary>One figure (a key as kept, with its period) under the axes; null when the ledger has never had it.</summary>
    /// <param name="withChecks">False for the figure alone (its checks empty): the figures they relate it to are not read.</param>
    internal static async Task<FigureAnswer?> FigureAsync(string figureKey, TimeAxes axes, FigureQuery figure, IQuerySession session, CancellationToken ct,
        bool withChecks = true)
    {
        // One read for the figure and the figures its checks relate it to. The ledger position is the figure's own,
        // so it moves only when the figure does.
        var subjectId = Subjects.Figure(figureKey);
        var (entries, sources) = withChecks
            ? await ChainAsync(session, [figureKey], ct)
            : await SubjectEntries.LoadAsync(session, [subjectId], [subjectId], ct);
        if (!entries.Any(e => e.SubjectId == subjectId)) return null;
        var visible = await TimeTravel.VisibleAsync(session, entries.Where(e => e.SubjectId == subjectId), axes, ct, sources);
        var related = await TimeTravel.VisibleAsync(session, entries.Where(e => e.SubjectId != subjectId), axes, ct, sources);
        var own = visible.Claims;
        var origins = await Syndication.OriginsAsync(session, own.Select(c => c.SourceId), axes.RecordedAsOf, ct, sources);
        var view = FigureRules.View(figureKey, own, axes.ValidAt, figure.AllRanks, origins) ?? EmptyView(figureKey);
        var checks = withChecks
            ? Checks(own.Concat(related.Claims), figure)
                .Where(c => c.BaseFigureKey == figureKey || c.ChangeFigureKey == figureKey || c.NextFigureKey == figureKey).ToList()
            : [];
        var changes = FigureRules.Changes(view.Claims);
        var name = figure.View ?? "latest";
        return new FigureAnswer(view, name, figure.AllRanks ? "all" : "preferred,normal",
            name == "vintages" ? FigureRules.Vintages(view.Claims) : null,
            name == "changes" ? changes : null,
            name == "first" ? changes.FirstOrDefault()?.Headline : null,
            checks, axes, visible.LedgerPosition);
    }

    /// <summary>A series (a key as kept, without its period) under the axes; null when the ledger has never had it.</summary>
    /// <param name="withChecks">False for the series alone (its checks empty): the related series they need is not read.</param>
    internal static async Task<SeriesAnswer?> SeriesAsync(string figureKey, TimeAxes axes, FigureQuery figure, IQuerySession session, CancellationToken ct,
        bool withChecks = true)
    {
        var relatedKey = DerivedChecks.RelatedSeries(figureKey);
        var entries = session.Query<SubjectEntry>();
        var series = withChecks
            ? await entries.Where(e => e.SeriesKey == figureKey || e.SeriesKey == relatedKey).ToListAsync(ct)
            : await entries.Where(e => e.SeriesKey == figureKey).ToListAsync(ct);
        if (!series.Any(e => e.SeriesKey == figureKey)) return null;
        var known = await TimeTravel.VisibleAsync(session, series.Where(s => s.SeriesKey == figureKey), axes, ct);
        var other = await TimeTravel.VisibleAsync(session, series.Where(s => s.SeriesKey != figureKey), axes, ct, known.Sources);
        var mine = known.Claims;
        var seriesOrigins = await Syndication.OriginsAsync(session, mine.Select(c => c.SourceId), axes.RecordedAsOf, ct, known.Sources);
        var figures = mine.GroupBy(c => c.Content.Figure!.Key)
            .Select(g => FigureRules.View(g.Key, g, axes.ValidAt, figure.AllRanks, seriesOrigins)!)
            .Where(f => f.Claims.Count > 0)
            .OrderBy(f => Period.Parse(f.Period)!.End).ThenBy(f => f.Period, StringComparer.Ordinal)
            .ToList();
        var latest = figures.LastOrDefault(f => !Period.Parse(f.Period)!.IsTarget) ?? figures.LastOrDefault();
        return new SeriesAnswer(figureKey, latest?.FigureKey, latest?.Headline, figures, withChecks ? Checks(mine.Concat(other.Claims), figure) : [],
            axes, known.LedgerPosition);
    }

    /// <summary>A figure the ledger knows but that nothing supports under the axes asked: known, with no value.</summary>
    private static FigureView EmptyView(string figureKey)
    {
        var parts = figureKey.Split(':');
        return new FigureView(figureKey, parts[0], parts[1].Split('-'), parts[2], null, 0, new Conflict(false, [], []), []);
    }

    /// <summary>
    /// What a key's parts must be, for the refusals of a key <see cref="IsFigureKey"/> does not take: its period when
    /// that is what is wrong (2020-1 for January), otherwise its parties.
    /// </summary>
    internal static string PartsOfKey(string key) => KeyShape().IsMatch(key) && key.Split(':') is [_, _, var period] && Period.Parse(period) is null
        ? $"; its period, {period}, must be {Period.Expected}"
        : "; its parties " + ClaimFields.PartyListExpected(1, 5);

    /// <summary>
    /// metric:parties:period, or (not <paramref name="withPeriod"/>) also metric:parties for a series; the parties and
    /// the period as a claim may give them, so a key no claim can have is refused rather than answered "unknown figure".
    /// The period's years are not held to a claim's (1800-2199): a figure recorded before that rule is still read.
    /// </summary>
    internal static bool IsFigureKey(string key, bool withPeriod) =>
        KeyShape().IsMatch(key) && key.Split(':') is var parts && (parts.Length == 3 || (!withPeriod && parts.Length == 2))
        && ClaimFields.IsPartyList(parts[1], 1, 5) && (parts.Length == 2 || Period.Parse(parts[2]) is not null);

    [GeneratedRegex(@"^[a-z0-9-]+:[A-Z]{2}(-[A-Z]{2})*(:[a-z0-9.-]+)?\z")]
    private static partial Regex KeyShape();
}
