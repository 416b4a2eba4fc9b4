using ClaimsLedger.Common;
using CsvHelper;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Claims;

/// <summary>One claim as a spreadsheet row: its source, its quote, the facts of its kind (the other kinds' columns empty), its rank and verdict.</summary>
[CsvRecord]
public sealed partial record ClaimRow(
    Guid Id, long Version, string Kind, Guid SourceId, string? SourceTitle, string Quote, int SpanStart, int SpanEnd, string Names, string? Note,
    string? FigureKey, string? Metric, string? Parties, string? Period, string? Qualifier, decimal? Value, decimal? Low, decimal? High,
    string? Unit, string? Scale, string? BasePeriod,
    string? Level, string? EffectiveOn,
    string? ProjectId, string? ProjectName, string? Status, string? Statement, string? StatusOn,
    bool Retracted, string? RetractionReason, string Rank, string? RankReason, string? Verdict, string? VerdictNote,
    DateTimeOffset RecordedAt, string RecordedBy, DateTimeOffset LastChangedAt)
{
    internal static ClaimRow Of(Claim c, string? sourceTitle)
    {
        var (f, p, j) = (c.Content.Figure, c.Content.Partnership, c.Content.Project);
        return new ClaimRow(c.Id, c.Version, c.Content.Kind, c.SourceId, sourceTitle, c.Content.Quote, c.Content.SpanStart, c.Content.SpanEnd,
            string.Join("; ", c.Content.Names), c.Content.Note,
            c.FigureKey, f?.Metric, f is not null ? string.Join('-', f.Parties) : p is not null ? p.Pair : null, f?.Period, f?.Qualifier,
            f?.Value, f?.Low, f?.High, f?.Unit, f?.Scale, f?.BasePeriod,
            p?.Level, p?.EffectiveOn,
            j?.ProjectId, j?.Name, j?.Status, j?.Statement, j?.StatusOn,
            c.Retracted, c.RetractionReason, c.Rank, c.RankReason, c.Verdict, c.VerdictNote,
            c.RecordedAt, c.RecordedBy, c.LastChangedAt);
    }
}

public static class ExportClaimsEndpoint
{
    /// <summary>Claims read a page at a time while the file is written: memory holds one page, whatever the export's length.</summary>
    private const int PageSize = 1000;

    public static ProblemDetails Validate(ClaimSelection selection) => FieldErrors.Check(selection.Check);

    /// <summary>
    /// Every claim the selection picks, as CSV, in the order they were recorded: the same claims as following
    /// <c>GET /claims</c> page by page with the same filters, each with its source's title. Read along the event log's
    /// key a page after the other, as the list's <c>after</c> is, so each page costs the same at any depth.
    /// </summary>
    [WolverineGet("/claims.csv")]
    [EndpointSummary("Every claim a filter picks (of a source, a kind, a figure), as CSV for a spreadsheet")]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    public static IResult Get([FromQuery] ClaimSelection selection, IQuerySession session, CancellationToken ct) =>
        Results.Stream(stream => Spreadsheet.WriteAsync(stream, RowsAsync(selection, session, ct), ct), Spreadsheet.ContentType, FileName(selection));

    private sealed record Positioned(long Position, Claim Claim);

    private static async IAsyncEnumerable<ClaimRow> RowsAsync(ClaimSelection selection, IQuerySession session,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var (where, args) = selection.Sql();
        var sql = GetClaimsEndpoint.RecordedAfter(session, $"jsonb_build_object('{nameof(Positioned.Position)}', e.seq_id, '{nameof(Positioned.Claim)}', d.data)", where);
        var recorded = GetClaimsEndpoint.RecordedType(session);
        for (var after = 0L; ;)
        {
            var page = await session.QueryAsync<Positioned>(sql, ct, [after, recorded, .. args, PageSize]);
            var sources = await SourceFacts.LoadAsync(session, page.Select(p => p.Claim.SourceId), null, ct);
            foreach (var (_, claim) in page) yield return ClaimRow.Of(claim, sources.GetValueOrDefault(claim.SourceId)?.At(null)?.Metadata.Title);
            if (page.Count < PageSize) yield break;
            after = page[^1].Position;
        }
    }

    /// <summary>What the file holds, in its name: claims_source-…_figure-….csv.</summary>
    private static string FileName(ClaimSelection selection)
    {
        var parts = new List<string> { "claims" };
        if (selection.SourceId is { } sourceId) parts.Add($"source-{sourceId}");
        if (selection.Kind is { } kind) parts.Add(kind);
        if (selection.FigureKey is { } key) parts.Add(key);
        if (selection.IncludeRetracted) parts.Add("with-retracted");
        return Spreadsheet.FileName(parts);
    }
}
