using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Extraction;

public sealed record ProposalResponse(
    Guid Id, long Version, Guid SourceId, string Status, string Kind, string Quote, int SpanStart, int SpanEnd, IReadOnlyList<string> Names,
    string? Note, FigureFacts? Figure, PartnershipFacts? Partnership, ProjectFacts? Project, string? FigureKey, string Subject,
    decimal Confidence, string Rule, string Reason, string ExtractorVersion, bool Edited, Guid? ClaimId,
    DateTimeOffset ProposedAt, string ProposedBy, DateTimeOffset? DecidedAt, string? DecidedBy, string? RejectionReason, long LedgerPosition)
{
    public static ProposalResponse Of(Proposal p) => new(p.Id, p.Version, p.SourceId, p.Status, p.Kind, p.Content.Quote, p.Content.SpanStart,
        p.Content.SpanEnd, p.Content.Names, p.Content.Note, p.Content.Figure, p.Content.Partnership, p.Content.Project, p.FigureKey,
        p.Content.SubjectId, p.Confidence, p.Rule, p.Reason, p.ExtractorVersion, p.Edited, p.ClaimId, p.ProposedAt, p.ProposedBy,
        p.DecidedAt, p.DecidedBy, p.RejectionReason, p.LastSequence);
}

public sealed record ProposalPage(IReadOnlyList<ProposalResponse> Proposals, int Page, int PageSize, long Total);

/// <summary>One step of a proposal's review: who, when, why, and each field before → after.</summary>
public sealed record ProposalHistoryEntry(
    long Version, long Sequence, string EventType, DateTimeOffset RecordedAt, string Actor, string? Reason, long? ExpectedVersion,
    Guid? ClaimId, IReadOnlyList<FieldChange> Changes);

/// <summary>A proposal in full: as it stands, exactly what the extractor proposed, and its review history.</summary>
public sealed record ProposalDetail(ProposalResponse Proposal, ClaimFields AsProposed, IReadOnlyList<ProposalHistoryEntry> History);

public sealed class ProposalFilter
{
    public Guid? SourceId { get; set; }
    public string? Status { get; set; }
    public string? Kind { get; set; }
    public int Page { get; set; } = 1;
    public int PageSize { get; set; } = 50;
}

public static class GetProposalsEndpoint
{
    public static ProblemDetails Validate(ProposalFilter filter)
    {
        var errors = new FieldErrors();
        if (filter.Status is not null && !ProposalStatus.All.Contains(filter.Status)) errors.Add("status", Vocabulary.OneOf(ProposalStatus.All));
        if (filter.Kind is not null && !ClaimKinds.All.Contains(filter.Kind)) errors.Add("kind", Vocabulary.OneOf(ClaimKinds.All));
        errors.RequirePage(filter.Page, filter.PageSize);
        return errors.ToProblemOrContinue();
    }

    /// <summary>The review queue: proposals by source, status and kind, in the order they stand in their sources.</summary>
    [WolverineGet("/proposals")]
    [EndpointSummary("The proposed claims, by source, status and kind")]
    public static async Task<ProposalPage> GetAll([FromQuery] ProposalFilter filter, IQuerySession session, CancellationToken ct)
    {
        var query = session.Query<Proposal>().AsQueryable();
        if (filter.SourceId is { } sourceId) query = query.Where(p => p.SourceId == sourceId);
        if (filter.Status is { } status) query = query.Where(p => p.Status == status);
        if (filter.Kind is { } kind) query = query.Where(p => p.Kind == kind);
        var page = await query.OrderBy(p => p.SourceId).ThenBy(p => p.SpanStart).ThenBy(p => p.Id).ToPagedListAsync(filter.Page, filter.PageSize, ct);
        return new ProposalPage(page.Select(ProposalResponse.Of).ToList(), filter.Page, filter.PageSize, page.TotalItemCount);
    }

    [WolverineGet("/proposals/{proposalId}")]
    [EndpointSummary("One proposed claim, with its history")]
    [ProducesResponseType<ProposalDetail>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid proposalId, IQuerySession session, CancellationToken ct)
    {
        var proposal = await session.LoadAsync<Proposal>(proposalId, ct);
        if (proposal is null) return Results.Problem(Problems.NotFound("proposal", proposalId));
        var events = await session.Events.FetchStreamAsync(proposalId, token: ct);
        var history = events.Select(e => e.Data switch
        {
            ClaimProposed p => new ProposalHistoryEntry(e.Version, e.Sequence, "proposed", e.Timestamp, p.Actor, p.Reason, null, null,
                FieldChange.Between(null, ClaimFields.From(p.Content))),
            ProposalEdited d => new ProposalHistoryEntry(e.Version, e.Sequence, "edited", e.Timestamp, d.Actor, d.Reason, d.ExpectedVersion, null,
                FieldChange.Between(ClaimFields.From(d.Before), ClaimFields.From(d.After))),
            ProposalAccepted a => new ProposalHistoryEntry(e.Version, e.Sequence, "accepted", e.Timestamp, a.Actor, null, a.ExpectedVersion, a.ClaimId,
                [new FieldChange("status", "pending", "accepted")]),
            ProposalRejected r => new ProposalHistoryEntry(e.Version, e.Sequence, "rejected", e.Timestamp, r.Actor, r.Reason, r.ExpectedVersion, null,
                [new FieldChange("status", "pending", "rejected")]),
            _ => null,
        }).OfType<ProposalHistoryEntry>().ToList();
        return Results.Ok(new ProposalDetail(ProposalResponse.Of(proposal), ClaimFields.From(proposal.Proposed), history));
    }
}
