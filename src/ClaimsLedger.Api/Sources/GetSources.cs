using ClaimsLedger.Common;
using Marten;
using Wolverine.Http;

namespace ClaimsLedger.Sources;

public sealed record SourceSummary(
    Guid Id, long Version, string Title, string? Outlet, string? Url, string PublishedOn, string DatePrecision, string DateBasis,
    string? DateNote, string? RetrievedOn, string ContentHash, int Length, DateTimeOffset RegisteredAt, int MetadataVersions)
{
    public static SourceSummary Of(Source s) => new(s.Id, s.Version, s.Metadata.Title, s.Metadata.Outlet, s.Metadata.Url,
        s.Metadata.PublishedOn, s.Metadata.Published.Precision, s.Metadata.DateBasis, s.Metadata.DateNote, s.Metadata.RetrievedOn,
        s.ContentHash, s.Text.Length, s.RegisteredAt, s.MetadataVersions.Count);
}

/// <summary>A source in full: its text, and every version of its metadata with when, by whom and why it changed.</summary>
/// <remarks>Links: the sources linked to this one as copies of one origin, current and undone.</remarks>
public sealed record SourceDetail(SourceSummary Source, string Text, IReadOnlyList<SourceMetadataChange> History, IReadOnlyList<LinkedSource> Links);

public sealed record SourceMetadataChange(long Version, string EventType, DateTimeOffset RecordedAt, string Actor, string? Reason,
    IReadOnlyList<ClaimsLedger.Claims.FieldChange> Changes);

public static class GetSourcesEndpoint
{
    [WolverineGet("/sources")]
    public static async Task<IReadOnlyList<SourceSummary>> GetAll(IQuerySession session, CancellationToken ct) =>
        (await session.Query<Source>().ToListAsync(ct)).Select(SourceSummary.Of)
            .OrderBy(s => s.PublishedOn, StringComparer.Ordinal).ThenBy(s => s.Title, StringComparer.Ordinal).ToList();

    [WolverineGet("/sources/{sourceId}")]
    public static async Task<IResult> Get(Guid sourceId, IQuerySession session, CancellationToken ct)
    {
        var source = await session.LoadAsync<Source>(sourceId, ct);
        if (source is null) return Results.Problem(Problems.NotFound("source", sourceId));
        var events = await session.Events.FetchStreamAsync(sourceId, token: ct);
        var history = events.Select(e => e.Data switch
        {
            SourceRegistered r => new SourceMetadataChange(e.Version, "registered", e.Timestamp, r.Actor, null,
                ClaimsLedger.Claims.FieldChange.Between(null, SourceFields.From(r.Metadata))),
            SourceMetadataCorrected c => new SourceMetadataChange(e.Version, "corrected", e.Timestamp, c.Actor, c.Reason,
                ClaimsLedger.Claims.FieldChange.Between(SourceFields.From(c.Before), SourceFields.From(c.After))),
            SourcesLinked l => new SourceMetadataChange(e.Version, "linked", e.Timestamp, l.Actor, l.Reason,
                [new ClaimsLedger.Claims.FieldChange("linkedTo", null, $"\"{l.OtherSourceId}\"")]),
            SourcesUnlinked u => new SourceMetadataChange(e.Version, "unlinked", e.Timestamp, u.Actor, u.Reason,
                [new ClaimsLedger.Claims.FieldChange("linkedTo", $"\"{u.OtherSourceId}\"", null)]),
            _ => null,
        }).OfType<SourceMetadataChange>().ToList();
        var others = source.Links.Count == 0 ? []
            : (await session.LoadManyAsync<Source>(ct, source.Links.Select(l => l.OtherSourceId).Distinct().ToArray())).ToDictionary(o => o.Id);
        var links = source.Links.Select(l => new LinkedSource(l.OtherSourceId, others.GetValueOrDefault(l.OtherSourceId)?.Metadata.Title ?? "",
            l.Basis, l.Similarity, l.Reason, l.LinkedBy, l.LinkedAt, l.UnlinkedAt, l.UnlinkReason)).ToList();
        return Results.Ok(new SourceDetail(SourceSummary.Of(source), source.Text, history, links));
    }
}
