using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using CsvHelper;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Figures;

/// <summary>
/// One figure as a spreadsheet row: its key, its headline value and the claim that states it, how many sources (and
/// independent ones) report it, and whether they disagree. The headline columns are empty for a figure without one.
/// </summary>
[CsvRecord]
public sealed partial record FigureRow(
    string FigureKey, string Metric, string Parties, string Period,
    string? Qualifier, decimal? Value, decimal? Low, decimal? High, string? Unit, string? Scale, string? BasePeriod,
    bool Conflict, int SourceCount, int IndependentSourceCount,
    string? Rank, string? SourceTitle, string? Outlet, string? PublishedOn, DateOnly? KnownFrom, string? Quote,
    Guid? ClaimId, long? Version, Guid? SourceId, DateTimeOffset? RecordedAt)
{
    internal static FigureRow Of(FigureSummary f)
    {
        var h = f.Headline;
        return new FigureRow(f.FigureKey, f.Metric, string.Join('-', f.Parties), f.Period,
            h?.Qualifier, h?.Value, h?.Low, h?.High, h?.Unit, h?.Scale, h?.BasePeriod,
            f.Conflict, f.SourceCount, f.IndependentSourceCount,
            h?.Rank, h?.SourceTitle, h?.Outlet, h?.PublishedOn, h?.KnownFrom, h?.Quote,
            h?.ClaimId, h?.Version, h?.SourceId, h?.RecordedAt);
    }
}

public static class ExportFiguresEndpoint
{
    /// <summary>Figures read a page of the list at a time while the file is written.</summary>
    private const int PageSize = PageFilter.MaxPageSize;

    public static ProblemDetails Validate(TimeQuery time, FigureQuery figure, FigureSelection selection) => time.Problems(figure.CheckRank, selection.Check, errors =>
    {
        if (figure.View is not null) errors.Add("view", "does not apply: the CSV lists each figure's headline, one row a figure; leave it out");
    });

    /// <summary>
    /// Every figure the selection picks, with its headline under the axes, as CSV: the same figures, in the same
    /// order, as following <c>GET /figures</c> page by page with the same filters and axes (a figure with no value
    /// under them is left out there and here). One page of the list in memory at a time, whatever the ledger's size.
    /// </summary>
    [WolverineGet("/figures.csv")]
    [EndpointSummary("Every figure a filter picks, with its headline under the time axes, as CSV for a spreadsheet")]
    [EndpointDescription("One row a figure, in the order of their keys: the headline value as stated and the claim and source that state it, how many sources report the figure (and how many of them independently), and whether they disagree. The filters and time axes are those of GET /figures. UTF-8 with a byte-order mark; text that a spreadsheet would run as a formula starts with an apostrophe.")]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    public static IResult Get([FromQuery] TimeQuery time, [FromQuery] FigureQuery figure, [FromQuery] FigureSelection selection,
        IQuerySession session, CancellationToken ct) =>
        Results.Stream(stream => Spreadsheet.WriteAsync(stream, RowsAsync(time, figure, selection, session, ct), ct), Spreadsheet.ContentType,
            Spreadsheet.FileName(Parts(selection), time));

    private static async IAsyncEnumerable<FigureRow> RowsAsync(TimeQuery time, FigureQuery figure, FigureSelection selection, IQuerySession session,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // The figures' own claims are all a row holds: the related figures the list's checks need are not read. A source's
        // facts are read once for the whole file (at 1M claims each page's figures cited a fifth of the 25,000 sources,
        // and asking for them page after page was two fifths of PostgreSQL's work for the file).
        var sources = new Dictionary<Guid, SourceFacts>();
        for (string? after = null; ;)
        {
            var page = await FigureListEndpoint.PageAsync(time.Axes(), figure, FigureListQuery.Of(selection, after, PageSize), session, ct, sources);
            foreach (var f in page.Figures) yield return FigureRow.Of(f);
            if ((after = page.Next) is null) yield break;
        }
    }

    /// <summary>What the file holds, in its name: figures_trade-turnover_RU-VN_conflict.csv.</summary>
    private static IEnumerable<string> Parts(FigureSelection selection)
    {
        yield return "figures";
        if (selection.Metric is { } metric) yield return metric;
        if (selection.KeyParties is { } parties) yield return parties;
        // Only the search's letters and digits: its other characters may not belong in a file name.
        var words = (selection.Search ?? "").Split(' ').Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray())).Where(w => w.Length > 0).ToList();
        if (words.Count > 0) yield return string.Join('-', words);
        if (selection.Conflict is { } conflict) yield return conflict ? "conflict" : "agreed";
    }
}
