using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Partnerships;

public sealed record PartnershipPair(string Pair, IReadOnlyList<string> Parties);

/// <param name="Next">Where the next page starts (pass it as <c>after</c>); null on the last page.</param>
public sealed record PartnershipList(IReadOnlyList<PartnershipPair> Partnerships, int PageSize, string? Next);

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
    public static ProblemDetails Validate(PartnershipListQuery page) => FieldErrors.Check(page.Check);

    /// <summary>
    /// Every pair the ledger has partnership claims about, whatever the axes, in the order of their keys (parties
    /// sorted, RU-VN): what a client offers to choose from, as /figures/series is for figures. The pairs come from the
    /// subject entries' index alone; each pair's level and timeline under the axes are its own read. A list that gave
    /// each pair's level read every claim of every pair on the page: 0.8 s at 100k claims (48 pairs of 636 claims),
    /// growing with the ledger.
    /// </summary>
    [WolverineGet("/partnerships")]
    [EndpointSummary("Every pair of parties the ledger has partnership claims about")]
    public static async Task<PartnershipList> GetAll([FromQuery] PartnershipListQuery page, IQuerySession session, CancellationToken ct)
    {
        var after = page.After is null ? null : Subjects.Parties(page.After.Split('-'));
        // One pair more than the page holds: whether it comes says whether a page follows this one.
        var pairs = await SubjectIndex.IdsAfterAsync(session, Subjects.Partnership(""), within: null, after, page.PageSize + 1, ct,
            "(? = '' or ? = any(string_to_array(key, '-')))", page.Party ?? "", page.Party ?? "");
        var taken = pairs.Take(page.PageSize).ToList();
        return new PartnershipList(taken.Select(p => new PartnershipPair(p, p.Split('-'))).ToList(), page.PageSize,
            pairs.Count > page.PageSize ? taken[^1] : null);
    }
}
