using System.Text.RegularExpressions;
using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Figures;

public sealed record FigureSummary(string FigureKey, string Metric, IReadOnlyList<string> Parties, string Period,
    FigureClaim? Headline, int SourceCount, bool Conflict);

public sealed record FigureList(IReadOnlyList<FigureSummary> Figures, TimeAxes Axes, long LedgerPosition);

public sealed record FigureAnswer(FigureView Figure, TimeAxes Axes, long LedgerPosition)
{
    public string ConflictRule => FigureRules.Tolerance;
}

/// <summary>A metric between parties over every period: the headline is the latest period's headline.</summary>
public sealed record SeriesAnswer(string SeriesKey, string? HeadlineFigureKey, FigureClaim? Headline, IReadOnlyList<FigureView> Figures,
    TimeAxes Axes, long LedgerPosition);

public static partial class FigureAsOfEndpoint
{
    public static ProblemDetails Validate(TimeQuery time) => time.Problems();

    [WolverineGet("/figures")]
    public static async Task<FigureList> GetAll([FromQuery] TimeQuery time, IQuerySession session, CancellationToken ct)
    {
        var axes = time.Axes();
        var visible = await TimeTravel.OfKindAsync(session, ClaimKinds.Figure, axes, ct);
        var figures = visible.Claims.GroupBy(c => c.Content.Figure!.Key)
            .Select(g => FigureRules.View(g.Key, g, axes.ValidAt))
            .Where(f => f is { Claims.Count: > 0 })
            .Select(f => new FigureSummary(f!.FigureKey, f.Metric, f.Parties, f.Period, f.Headline, f.SourceCount, f.Conflict.Flagged))
            .OrderBy(f => f.FigureKey, StringComparer.Ordinal)
            .ToList();
        return new FigureList(figures, axes, visible.LedgerPosition);
    }

    /// <summary>
    /// A full key (metric:parties:period) answers with that figure; a key without its period answers with the series
    /// known under the axes, headed by the latest period's value.
    /// </summary>
    [WolverineGet("/figures/{figureKey}")]
    public static async Task<IResult> Get(string figureKey, [FromQuery] TimeQuery time, IQuerySession session, CancellationToken ct)
    {
        var axes = time.Axes();
        var parts = figureKey.Split(':');
        if (parts.Length is < 2 or > 3 || !KeyShape().IsMatch(figureKey))
            return Results.Problem(Problems.Invalid("figureKey", "must be metric:parties or metric:parties:period, e.g. trade-turnover:RU-VN:2021"));

        if (parts.Length == 3)
        {
            var visible = await TimeTravel.OfSubjectAsync(session, Subjects.Figure(figureKey), axes, ct);
            if (visible is null) return Results.Problem(Problems.NotFound("figure", figureKey));
            var view = FigureRules.View(figureKey, visible.Claims, axes.ValidAt)
                ?? EmptyView(figureKey);
            return Results.Ok(new FigureAnswer(view, axes, visible.LedgerPosition));
        }

        var known = await TimeTravel.OfSeriesAsync(session, figureKey, axes, ct);
        if (known is null) return Results.Problem(Problems.NotFound("figure series", figureKey));
        var figures = known.Claims.GroupBy(c => c.Content.Figure!.Key)
            .Select(g => FigureRules.View(g.Key, g, axes.ValidAt)!)
            .Where(f => f.Claims.Count > 0)
            .OrderBy(f => Period.Parse(f.Period)!.End).ThenBy(f => f.Period, StringComparer.Ordinal)
            .ToList();
        var latest = figures.LastOrDefault(f => !Period.Parse(f.Period)!.IsTarget) ?? figures.LastOrDefault();
        return Results.Ok(new SeriesAnswer(figureKey, latest?.FigureKey, latest?.Headline, figures, axes, known.LedgerPosition));
    }

    /// <summary>A figure the ledger knows but that nothing supports under the axes asked: known, with no value.</summary>
    private static FigureView EmptyView(string figureKey)
    {
        var parts = figureKey.Split(':');
        return new FigureView(figureKey, parts[0], parts[1].Split('-'), parts[2], null, 0, new Conflict(false, [], []), []);
    }

    [GeneratedRegex(@"^[a-z0-9-]+:[A-Z]{2}(-[A-Z]{2})*(:[a-z0-9.-]+)?$")]
    private static partial Regex KeyShape();
}
