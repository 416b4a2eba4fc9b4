using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Partnerships;

public sealed record StepSource(Guid ClaimId, Guid SourceId, string SourceTitle, string PublishedOn, string EffectiveOn, string Quote);

/// <summary>
/// One step of a relationship, with the sources that give it (in their own words and to their own precision), the
/// earliest published first: every one, or the first <c>sourcesPerStep</c>; <c>SourceCount</c> is how many give it.
/// </summary>
public sealed record PartnershipStep(string Level, string EffectiveOn, DateOnly EffectiveFrom, IReadOnlyList<StepSource> Sources, int SourceCount);

public sealed class PartnershipQuery
{
    /// <summary>How many of each step's sources to list, the earliest published first; every one when not given.</summary>
    public int? SourcesPerStep { get; set; }

    public void Check(FieldErrors errors) => errors.RequireListLimit("sourcesPerStep", SourcesPerStep, "of each step's sources");
}

public sealed record PartnershipView(
    string Pair, DateOnly StatusOn, PartnershipStep? InEffect, IReadOnlyList<PartnershipStep> Timeline, TimeAxes Axes, long LedgerPosition);

public static class PartnershipAsOfEndpoint
{
    public static ProblemDetails Validate(TimeQuery time, PartnershipQuery query) => time.Problems(query.Check);

    /// <summary>
    /// The timeline of status levels between two parties, and the status in effect on the view's day (<see cref="TimeAxes.Day"/>).
    /// A step's date is the most precise one any source gives; a step dated only to a year or month is taken to be in
    /// effect from the first day of it. A pair's every claim is a source of some step, so a long archive (thousands of
    /// articles restating the same level) makes a long answer: <c>sourcesPerStep</c> bounds it.
    /// </summary>
    [WolverineGet("/partnerships/{pair}")]
    [EndpointSummary("A pair's partnership timeline, and the level in effect on validAt (else asOf or recordedAsOf, else today)")]
    [ProducesResponseType<PartnershipView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string pair, [FromQuery] TimeQuery time, [FromQuery] PartnershipQuery query, IQuerySession session,
        CancellationToken ct)
    {
        if (!ClaimFields.IsPartyList(pair, 2, 2))
            return Results.Problem(Problems.Invalid("pair", "must be " + ClaimFields.PartyListExpected(2, 2) + ", e.g. RU-VN"));
        var normalized = Subjects.Parties(pair.Split('-'));
        var axes = time.Axes();
        var visible = await TimeTravel.OfSubjectAsync(session, Subjects.Partnership(normalized), axes, ct);
        if (visible is null) return Results.Problem(Problems.NotFound("partnership", normalized));
        var timeline = visible.Claims
            .GroupBy(c => c.Content.Partnership!.Level)
            .Select(g =>
            {
                var dates = g.Select(c => PartialDate.TryParse(c.Content.Partnership!.EffectiveOn, out var d) ? d : default).ToList();
                var best = dates.OrderBy(d => d.Precision switch { "day" => 0, "month" => 1, _ => 2 }).ThenBy(d => d.Start).First();
                return new PartnershipStep(g.Key, best.ToString(), best.Start, g
                    .OrderBy(c => c.KnownFrom).ThenBy(c => c.ClaimId)
                    .Take(query.SourcesPerStep ?? int.MaxValue)
                    .Select(c => new StepSource(c.ClaimId, c.SourceId, c.Source.Title, c.Source.PublishedOn, c.Content.Partnership!.EffectiveOn, c.Content.Quote))
                    .ToList(), g.Count());
            })
            .OrderBy(s => s.EffectiveFrom).ThenBy(s => Array.IndexOf(Vocabulary.PartnershipLevels, s.Level))
            .ToList();

        var on = axes.Day;
        var inEffect = timeline.LastOrDefault(s => s.EffectiveFrom <= on);
        return Results.Ok(new PartnershipView(normalized, on, inEffect, timeline, axes, visible.LedgerPosition));
    }
}
