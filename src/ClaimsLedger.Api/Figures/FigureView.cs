using ClaimsLedger.Claims;
using ClaimsLedger.Common;

namespace ClaimsLedger.Figures;

/// <summary>One source's value for a figure, as the figure view shows it.</summary>
public sealed record FigureClaim(
    Guid ClaimId, long Version, Guid SourceId, string SourceTitle, string? Outlet, string PublishedOn, string DatePrecision,
    DateOnly KnownFrom, string Quote, string Qualifier, decimal? Value, decimal? Low, decimal? High, string Unit, string Scale,
    string? BasePeriod, DateTimeOffset RecordedAt, string Rank)
{
    /// <summary>The first day the source's publication date can mean; with <see cref="KnownFrom"/> its publication interval.</summary>
    public DateOnly PublishedFrom => PartialDate.TryParse(PublishedOn, out var d) ? d.Start : KnownFrom;
}

public sealed record Disagreement(Guid ClaimA, Guid ClaimB, string Why);

public sealed record Conflict(bool Flagged, IReadOnlyList<Guid> Sources, IReadOnlyList<Disagreement> Disagreements);

/// <summary>
/// A figure as known under the axes. <see cref="IndependentSourceCount"/> counts origins, not sources: sources linked
/// as syndicated copies of one another (<see cref="Sources.Syndication"/>) agree by construction and count once.
/// </summary>
public sealed record FigureView(
    string FigureKey, string Metric, IReadOnlyList<string> Parties, string Period,
    FigureClaim? Headline, int SourceCount, Conflict Conflict, IReadOnlyList<FigureClaim> Claims, int IndependentSourceCount = 0);

/// <summary>One value of a figure with the publication dates during which it was the headline (from, until exclusive; null until: still).</summary>
public sealed record Vintage(FigureClaim Claim, DateOnly PublishedFrom, DateOnly PublishedTo, DateOnly? HeadlineFrom, DateOnly? HeadlineUntil, string Note);

/// <summary>A publication date on which the headline changed, and the value it changed to.</summary>
public sealed record HeadlineChange(DateOnly On, FigureClaim Headline, FigureClaim? Previous);

/// <summary>
/// The figure rules. Headline: the best rank first (preferred, then normal; a deprecated claim never heads), then the
/// most recently published source (by the day it became known), the later recording breaking a tie. Deprecated claims
/// are left out of a view unless it asks for every rank. Conflict: two claims conflict when the ranges their words
/// allow do not overlap; <see cref="Allowed"/> says what each qualifier allows.
/// </summary>
public static class FigureRules
{
    public const decimal Rounding = 0.005m;   // an exact figure is as stated, give or take 0.5% for rounding
    public const decimal About = 0.10m;       // "about": within 10%
    public const decimal Nearly = 0.10m;      // "nearly": up to 10% under, never over

    public const string Tolerance =
        "exact ±0.5% (rounding); about ±10%; nearly: from 10% under up to the value; more-than: the value or above; " +
        "at-most: the value or below; range: low to high ±0.5%. Claims conflict when these ranges do not overlap.";

    public const string AllRanks = "all";

    /// <summary>Whether a view shows the claim: deprecated claims only when every rank is asked for.</summary>
    public static bool Shown(VisibleClaim c, bool allRanks) => allRanks || c.Rank != Judgement.Deprecated;

    /// <summary>The headline among claims: best rank, then newest publication, then latest recording; never a deprecated claim.</summary>
    public static FigureClaim? Headline(IEnumerable<FigureClaim> claims) => claims
        .Where(c => c.Rank != Judgement.Deprecated)
        .OrderBy(c => Judgement.Order(c.Rank)).ThenByDescending(c => c.KnownFrom).ThenByDescending(c => c.RecordedAt)
        .FirstOrDefault();

    public static FigureView? View(string figureKey, IEnumerable<VisibleClaim> visible, DateOnly? validAt,
        bool allRanks = false, IReadOnlyDictionary<Guid, Guid>? origins = null)
    {
        var (facts, claims) = ShownClaims(figureKey, visible, validAt, allRanks);
        if (facts is null) return null;

        // Each claim's range and wording once, not once per pair: a figure at 1M claims has dozens of claims, and a page
        // of the list a hundred figures (the pairs' ranges and wordings were about a sixth of a list page's CPU samples).
        var allowed = claims.Select(Allowed).ToArray();
        var described = new string?[claims.Count];
        string Said(int i) => described[i] ??= $"{Describe(claims[i])} ({claims[i].SourceTitle})";
        var disagreements = new List<Disagreement>();
        for (var i = 0; i < claims.Count; i++)
        for (var j = i + 1; j < claims.Count; j++)
            if (Disagree(allowed[i], allowed[j]))
                disagreements.Add(new Disagreement(claims[i].ClaimId, claims[j].ClaimId, $"{Said(i)} and {Said(j)} cannot both be true"));

        var conflicting = disagreements.SelectMany(d => new[] { d.ClaimA, d.ClaimB }).ToHashSet();
        var conflictSources = claims.Where(c => conflicting.Contains(c.ClaimId)).Select(c => c.SourceId).Distinct().ToList();
        return new FigureView(figureKey, facts.Metric, facts.Parties, facts.Period, Headline(claims), SourceCount(claims),
            new Conflict(disagreements.Count > 0, conflictSources, disagreements), claims, IndependentSourceCount(claims, origins));
    }

    /// <summary>
    /// A figure's line in a list: what <see cref="View"/> says of it, without its claims or the wording of each
    /// disagreement; null when nothing under the axes states it. A list or an export of every figure needs only whether
    /// the sources disagree: at 1M claims nine figures in ten did, with dozens of disagreeing pairs each, and writing
    /// out every pair's words had the export of every figure spend about a third of its CPU in the garbage collector.
    /// </summary>
    public static FigureSummary? Summary(string figureKey, IEnumerable<VisibleClaim> visible, DateOnly? validAt,
        bool allRanks = false, IReadOnlyDictionary<Guid, Guid>? origins = null)
    {
        var (facts, claims) = ShownClaims(figureKey, visible, validAt, allRanks);
        if (facts is null || claims.Count == 0) return null;
        var allowed = claims.Select(Allowed).ToArray();
        var conflict = false;
        for (var i = 0; i < allowed.Length && !conflict; i++)
        for (var j = i + 1; j < allowed.Length && !conflict; j++)
            conflict = Disagree(allowed[i], allowed[j]);
        return new FigureSummary(figureKey, facts.Metric, facts.Parties, facts.Period, Headline(claims), SourceCount(claims), conflict,
            IndependentSourceCount(claims, origins));
    }

    /// <summary>The claims a view of the figure shows, oldest known first, and the figure's facts (null when no claim is about it).</summary>
    private static (FigureFacts? Facts, List<FigureClaim> Claims) ShownClaims(string figureKey, IEnumerable<VisibleClaim> visible, DateOnly? validAt,
        bool allRanks)
    {
        var claims = visible
            .Where(c => c.Content.Figure is { } f && f.Key == figureKey && (validAt is null || Period.Parse(f.Period)!.Covers(validAt.Value)))
            .Where(c => Shown(c, allRanks))
            .Select(ToFigureClaim)
            .OrderBy(c => c.KnownFrom).ThenBy(c => c.RecordedAt)
            .ToList();
        return (visible.Select(c => c.Content.Figure).FirstOrDefault(f => f?.Key == figureKey), claims);
    }

    /// <summary>Two claims disagree when the ranges their words allow (<see cref="Allowed"/>) do not overlap.</summary>
    private static bool Disagree((decimal Low, decimal High) a, (decimal Low, decimal High) b) => a.High < b.Low || b.High < a.Low;

    private static int SourceCount(IEnumerable<FigureClaim> claims) => claims.Select(c => c.SourceId).Distinct().Count();

    private static int IndependentSourceCount(IEnumerable<FigureClaim> claims, IReadOnlyDictionary<Guid, Guid>? origins) =>
        claims.Select(c => origins?.GetValueOrDefault(c.SourceId, c.SourceId) ?? c.SourceId).Distinct().Count();

    /// <summary>
    /// The headline as it moved when sources appeared: the headline rule replayed on each publication day (a source
    /// counts from <see cref="FigureClaim.KnownFrom"/>), under the ranks as they stand. Only the days it changed.
    /// </summary>
    public static IReadOnlyList<HeadlineChange> Changes(IReadOnlyList<FigureClaim> claims)
    {
        var changes = new List<HeadlineChange>();
        FigureClaim? current = null;
        foreach (var day in claims.Select(c => c.KnownFrom).Distinct().Order())
        {
            var headline = Headline(claims.Where(c => c.KnownFrom <= day));
            if (headline is null || headline.ClaimId == current?.ClaimId) continue;
            changes.Add(new HeadlineChange(day, headline, current));
            current = headline;
        }
        return changes;
    }

    /// <summary>Every value with its publication interval and the days during which it was the headline.</summary>
    public static IReadOnlyList<Vintage> Vintages(IReadOnlyList<FigureClaim> claims)
    {
        var changes = Changes(claims);
        return claims.Select(c =>
        {
            var i = changes.ToList().FindIndex(h => h.Headline.ClaimId == c.ClaimId);
            if (i < 0)
            {
                var note = c.Rank == Judgement.Deprecated ? "deprecated: never the headline"
                    : changes.FirstOrDefault(h => h.On >= c.KnownFrom) is { } over && over.On == c.KnownFrom
                        ? $"published the same day as {over.Headline.SourceTitle}, which heads it (better rank or recorded later)"
                        : "never the headline: a better-ranked value was already known";
                return new Vintage(c, c.PublishedFrom, c.KnownFrom, null, null, note);
            }
            var until = i + 1 < changes.Count ? changes[i + 1].On : (DateOnly?)null;
            return new Vintage(c, c.PublishedFrom, c.KnownFrom, changes[i].On, until,
                until is null ? "the headline since then" : $"the headline until {changes[i + 1].Headline.SourceTitle} was published");
        }).ToList();
    }

    /// <summary>The range of values a claim's words allow, in base units (scale applied).</summary>
    public static (decimal Low, decimal High) Allowed(FigureClaim c)
    {
        var scale = Vocabulary.Scales[c.Scale];
        decimal Slack(decimal v, decimal share) => Math.Abs(v) * share;
        if (c.Qualifier == "range")
        {
            var (low, high) = (c.Low!.Value * scale, c.High!.Value * scale);
            return (low - Slack(low, Rounding), high + Slack(high, Rounding));
        }

        var v = c.Value!.Value * scale;
        return c.Qualifier switch
        {
            "about" => (v - Slack(v, About), v + Slack(v, About)),
            "nearly" => (v - Slack(v, Nearly), v + Slack(v, Rounding)),
            "more-than" => (v - Slack(v, Rounding), decimal.MaxValue),
            "at-most" => (decimal.MinValue, v + Slack(v, Rounding)),
            _ => (v - Slack(v, Rounding), v + Slack(v, Rounding)),
        };
    }

    public static string Describe(FigureClaim c)
    {
        var amount = c.Qualifier == "range" ? $"{c.Low}–{c.High}" : $"{c.Value}";
        var unit = c.Unit switch { "usd" => $" {c.Scale} USD", "percent" => "%", "rank" => " (rank)", _ => c.Scale == "one" ? "" : $" {c.Scale}" };
        var qualifier = c.Qualifier switch { "exact" or "range" => "", "more-than" => "more than ", "at-most" => "at most ", var q => q + " " };
        return qualifier + amount + unit;
    }

    public static FigureClaimAt At(VisibleClaim c) =>
        new(c.Content.Figure!.Key, c.Content.Figure.Metric, c.Content.Figure.Period, ToFigureClaim(c));

    private static FigureClaim ToFigureClaim(VisibleClaim c)
    {
        var f = c.Content.Figure!;
        return new FigureClaim(c.ClaimId, c.Version, c.SourceId, c.Source.Title, c.Source.Outlet, c.Source.PublishedOn,
            c.Source.Published.Precision, c.KnownFrom, c.Content.Quote, f.Qualifier, f.Value, f.Low, f.High, f.Unit, f.Scale,
            f.BasePeriod, c.RecordedAt, c.Rank);
    }
}
