using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using CsvHelper;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Figures;

/// <summary>One claim behind a figure as a spreadsheet row: the figure, whether the claim is its headline or in conflict, its value and its source.</summary>
[CsvRecord]
public sealed partial record FigureClaimRow(
    string FigureKey, string Metric, string Parties, string Period, bool Headline, bool Conflict,
    string Qualifier, decimal? Value, decimal? Low, decimal? High, string Unit, string Scale, string? BasePeriod, string Rank,
    string SourceTitle, string? Outlet, string PublishedOn, DateOnly KnownFrom, string Quote,
    Guid ClaimId, long Version, Guid SourceId, DateTimeOffset RecordedAt)
{
    internal static IEnumerable<FigureClaimRow> Of(FigureView f) => f.Claims.Select(c => new FigureClaimRow(
        f.FigureKey, f.Metric, string.Join('-', f.Parties), f.Period, f.Headline?.ClaimId == c.ClaimId, f.Conflict.Sources.Contains(c.SourceId),
        c.Qualifier, c.Value, c.Low, c.High, c.Unit, c.Scale, c.BasePeriod, c.Rank,
        c.SourceTitle, c.Outlet, c.PublishedOn, c.KnownFrom, c.Quote,
        c.ClaimId, c.Version, c.SourceId, c.RecordedAt));
}

public static class ExportFigureEndpoint
{
    public static ProblemDetails Validate(TimeQuery time, FigureQuery figure) => time.Problems(figure.CheckRank, errors =>
    {
        if (figure.View is not null) errors.Add("view", "does not apply: the CSV lists every claim behind the figure, one row each; leave it out");
    });

    /// <summary>
    /// The claims behind a figure, or behind every figure of a series, as CSV (one row a claim, the figures in period
    /// order), under the same axes and ranks as the figure's own read: what the chart and the figure page show, for a
    /// spreadsheet.
    /// </summary>
    [WolverineGet("/figures/{figureKey}/claims.csv")]
    [EndpointSummary("The claims behind a figure or a series, as CSV for a spreadsheet")]
    [EndpointDescription("One row a claim, the figures in period order, under the same time axes and rank as the figure's own read: the figure, whether the claim is its headline or in conflict, the value as stated, the source, the verbatim quote, the claim's id and version. UTF-8 with a byte-order mark; text that a spreadsheet would run as a formula starts with an apostrophe.")]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    public static async Task<IResult> Get(string figureKey, [FromQuery] TimeQuery time, [FromQuery] FigureQuery figure, IQuerySession session,
        CancellationToken ct)
    {
        if (FigureAsOfEndpoint.KeyProblem(figureKey) is { } problem) return Results.Problem(problem);
        figureKey = Subjects.FigureKeyAsKept(figureKey);
        var axes = time.Axes();
        var isFigure = figureKey.Count(c => c == ':') == 2;
        // The figures' own claims are all a row holds: the related figures the checks need are not read.
        IReadOnlyList<FigureView>? figures = isFigure
            ? await FigureAsOfEndpoint.FigureAsync(figureKey, axes, figure, session, ct, withChecks: false) is { } one ? [one.Figure] : null
            : (await FigureAsOfEndpoint.SeriesAsync(figureKey, axes, figure, session, ct, withChecks: false))?.Figures;
        if (figures is null) return Results.Problem(Problems.NotFound(isFigure ? "figure" : "figure series", figureKey));
        var rows = figures.SelectMany(FigureClaimRow.Of).ToList();
        return Results.Stream(stream => Spreadsheet.WriteAsync(stream, rows, ct), Spreadsheet.ContentType, Spreadsheet.FileName([figureKey], time));
    }
}
