using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Partnerships;

/// <summary>A pair's standing on the list's day: the level in effect (null before its first step) and how much stands behind the timeline.</summary>
/// <param name="Steps">The levels the sources report for the pair, at any date.</param>
/// <param name="Claims">The claims about the pair that count under the axes.</param>
public sealed record PartnershipSummary(string Pair, string? Level, string? EffectiveOn, int Steps, int Claims);

/// <param name="StatusOn">The day each pair's level is given for: validAt, else today.</param>
/// <param name="Next">Where the next page starts (pass it as <c>after</c>); null on the last page.</param>
public sealed record PartnershipList(IReadOnlyList<PartnershipSummary> Partnerships, DateOnly StatusOn, TimeAxes Axes, long LedgerPosition,
    int PageSize, string? Next);

/// <summary>Which pairs a page of the list holds.</summary>
public sealed class PartnershipListQuery
{
    /// <summary>A party the pair must include, e.g. VN.</summary>
    public string? Party { get; set; }
    /// <summary>The last pair of the page before (its <c>next</c>).</summary>
    public string? After { get; set; }
    public int PageSize { get; set; } = 100;

    public void Check(FieldErrors errors)
    {
        if (Party is not null && !ClaimFields.IsPartyList(Party, 1, 1)) errors.Add("party", "must be an ISO 3166 alpha-2 code in capitals, e.g. VN");
        if (After is not null && !ClaimFields.IsPartyList(After, 2, 2)) errors.Add("after", "must be a pair, e.g. RU-VN: the next of an earlier page");
        errors.RequirePage(page: null, PageSize);   // the list pages by pair, not by number
    }
}

public static class PartnershipListEndpoint
{
    public static ProblemDetails Validate(TimeQuery time, PartnershipListQuery page) => time.Problems(page.Check);

    /// <summary>
    /// The pairs the ledger has partnership claims about, in the order of their keys (parties sorted, RU-VN), each with
    /// the level in effect on validAt (today when not given); pairs with no claim that counts under the axes are passed over.
    /// </summary>
    [WolverineGet("/partnerships")]
    public static async Task<PartnershipList> GetAll([FromQuery] TimeQuery time, [FromQuery] PartnershipListQuery page, IQuerySession session,
        CancellationToken ct)
    {
        var axes = time.Axes();
        var on = PartnershipAsOfEndpoint.StatusOn(axes);
        var after = page.After is null ? null : Subjects.Parties(page.After.Split('-'));
        var found = await SubjectIndex.PageAsync(session, Subjects.Partnership(""), after, page.PageSize, axes,
            (pairs, visible) =>
            {
                var byPair = visible.Claims.ToLookup(c => c.Content.Partnership!.Pair);
                return pairs.Where(p => byPair[p].Any()).Select(p =>
                {
                    var timeline = PartnershipAsOfEndpoint.Timeline(byPair[p]);
                    var inEffect = PartnershipAsOfEndpoint.InEffect(timeline, on);
                    return new PartnershipSummary(p, inEffect?.Level, inEffect?.EffectiveOn, timeline.Count, byPair[p].Count());
                });
            },
            ct, "(? = '' or ? = any(string_to_array(key, '-')))", page.Party ?? "", page.Party ?? "");
        return new PartnershipList(found.Items, on, axes, found.LedgerPosition, page.PageSize, found.Next);
    }
}
