using ClaimsLedger.Common;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Claims;

public sealed record ClaimHistoryEntry(
    long Version, long Sequence, string EventType, DateTimeOffset RecordedAt, string Actor, string? Reason, long? ExpectedVersion,
    IReadOnlyList<FieldChange> Changes);

public sealed record ClaimHistoryAnswer(Guid ClaimId, IReadOnlyList<ClaimHistoryEntry> Versions);

public static class ClaimHistoryEndpoint
{
    /// <summary>Every version of the claim, in order: who, when, why, and each field before → after.</summary>
    [WolverineGet("/claims/{claimId}/history")]
    [EndpointSummary("Every version of a claim: who, when, why, each field before and after")]
    [ProducesResponseType<ClaimHistoryAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid claimId, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(claimId, token: ct);
        if (events.Count == 0) return Results.Problem(Problems.NotFound("claim", claimId));
        var versions = events.Select(e => e.Data switch
        {
            ClaimRecorded r => new ClaimHistoryEntry(e.Version, e.Sequence, "recorded", e.Timestamp, r.Actor, null, null,
                FieldChange.Between(null, ClaimFields.From(r.Content))),
            ClaimCorrected c => new ClaimHistoryEntry(e.Version, e.Sequence, "corrected", e.Timestamp, c.Actor, c.Reason, c.ExpectedVersion,
                FieldChange.Between(ClaimFields.From(c.Before), ClaimFields.From(c.After))),
            ClaimRetracted t => new ClaimHistoryEntry(e.Version, e.Sequence, "retracted", e.Timestamp, t.Actor, t.Reason, t.ExpectedVersion,
                [new FieldChange("retracted", false, true)]),
            ClaimRanked k => new ClaimHistoryEntry(e.Version, e.Sequence, "ranked", e.Timestamp, k.Actor, k.Reason, k.ExpectedVersion,
                [new FieldChange("rank", k.PreviousRank ?? Judgement.Normal, k.Rank)]),
            ClaimVerdictGiven v => new ClaimHistoryEntry(e.Version, e.Sequence, "verdict", e.Timestamp, v.Actor, v.Note, v.ExpectedVersion,
                [new FieldChange("verdict", v.PreviousVerdict, v.Verdict)]),
            _ => null,
        }).OfType<ClaimHistoryEntry>().ToList();
        return Results.Ok(new ClaimHistoryAnswer(claimId, versions));
    }
}
