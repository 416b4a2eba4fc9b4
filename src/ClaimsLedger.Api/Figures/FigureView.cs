using ClaimsLedger.Claims;
using ClaimsLedger.Common;

namespace ClaimsLedger.Figures;

/// <summary>One source's value for a figure, as the figure view shows it.</summary>
public sealed record FigureClaim(
    Guid ClaimId, long Version, Guid SourceId, string SourceTitle, string? Outlet, string PublishedOn, string DatePrecision,
    DateOnly KnownFrom, string Quote, string Qualifier, decimal? Value, decimal? Low, decimal? High, string Unit, string Scale,
    string? BasePeriod, DateTimeOffset RecordedAt);

public sealed record Disagreement(Guid ClaimA, Guid ClaimB, string Why);

public sealed record Conflict(bool Flagged, IReadOnlyList<Guid> Sources, IReadOnlyList<Disagreement> Disagreements);

public sealed record FigureView(
    string FigureKey, string Metric, IReadOnlyList<string> Parties, string Period,
    FigureClaim? Headline, int SourceCount, Conflict Conflict, IReadOnlyList<FigureClaim> Claims);

/// <summary>
/// The figure rules. Headline: the value of the most recently published source (by the day it became known),
/// the later recording breaking a tie. Conflict: two claims conflict when the ranges their words allow do not overlap;
/// <see cref="Allowed"/> says what each qualifier allows.
/// </summary>
public static class FigureRules
{
    public const decimal Rounding = 0.005m;   // an exact figure is as stated, give or take 0.5% for rounding
    public const decimal About = 0.10m;       // "about": within 10%
    public const decimal Nearly = 0.10m;      // "nearly": up to 10% under, never over

    public const string Tolerance =
        "exact ±0.5% (rounding); about ±10%; nearly: from 10% under up to the value; more-than: the value or above; " +
        "at-most: the value or below; range: low to high ±0.5%. Claims conflict when these ranges do not overlap.";

    public static FigureView? View(string figureKey, IEnumerable<VisibleClaim> visible, DateOnly? validAt)
    {
        var claims = visible
            .Where(c => c.Content.Figure is { } f && f.Key == figureKey && (validAt is null || Period.Parse(f.Period)!.Covers(validAt.Value)))
            .Select(ToFigureClaim)
            .OrderBy(c => c.KnownFrom).ThenBy(c => c.RecordedAt)
            .ToList();
        var facts = visible.Select(c => c.Content.Figure).FirstOrDefault(f => f?.Key == figureKey);
        if (facts is null) return null;

        var headline = claims.Count == 0 ? null : claims[^1];
        var disagreements = new List<Disagreement>();
        for (var i = 0; i < claims.Count; i++)
        for (var j = i + 1; j < claims.Count; j++)
        {
            var (a, b) = (Allowed(claims[i]), Allowed(claims[j]));
            if (a.High < b.Low || b.High < a.Low)
                disagreements.Add(new Disagreement(claims[i].ClaimId, claims[j].ClaimId,
                    $"{Describe(claims[i])} ({claims[i].SourceTitle}) and {Describe(claims[j])} ({claims[j].SourceTitle}) cannot both be true"));
        }

        var conflicting = disagreements.SelectMany(d => new[] { d.ClaimA, d.ClaimB }).ToHashSet();
        var conflictSources = claims.Where(c => conflicting.Contains(c.ClaimId)).Select(c => c.SourceId).Distinct().ToList();
        return new FigureView(figureKey, facts.Metric, facts.Parties, facts.Period, headline,
            claims.Select(c => c.SourceId).Distinct().Count(), new Conflict(disagreements.Count > 0, conflictSources, disagreements), claims);
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

    private static FigureClaim ToFigureClaim(VisibleClaim c)
    {
        var f = c.Content.Figure!;
        return new FigureClaim(c.ClaimId, c.Version, c.SourceId, c.Source.Title, c.Source.Outlet, c.Source.PublishedOn,
            c.Source.Published.Precision, c.KnownFrom, c.Content.Quote, f.Qualifier, f.Value, f.Low, f.High, f.Unit, f.Scale,
            f.BasePeriod, c.RecordedAt);
    }
}
