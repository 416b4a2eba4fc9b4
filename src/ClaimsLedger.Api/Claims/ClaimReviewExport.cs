using System.Text.Json.Nodes;
using ClaimsLedger.Common;
using ClaimsLedger.Sources;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Claims;

/// <summary>A claim with its verdict as schema.org ClaimReview (JSON-LD), for fact-check aggregators.</summary>
public static class ClaimReviewExportEndpoint
{
    public const string ContentType = "application/ld+json";

    /// <summary>The verdicts on schema.org's rating scale: 1 (false) to 3 (supported); unverifiable has no rating, only its name.</summary>
    private static readonly Dictionary<string, int?> Ratings = new()
    {
        ["false"] = 1, ["disputed"] = 2, ["supported"] = 3, ["unverifiable"] = null,
    };

    [WolverineGet("/claims/{claimId}/claim-review")]
    [EndpointSummary("A claim's verdict as schema.org ClaimReview (JSON-LD)")]
    [ProducesResponseType<JsonObject>(StatusCodes.Status200OK, ContentType)]
    public static async Task<IResult> Get(Guid claimId, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var claim = await session.LoadAsync<Claim>(claimId, ct);
        if (claim is null) return Results.Problem(Problems.NotFound("claim", claimId));
        if (claim.Verdict is null)
            return Results.Problem(Problems.Missing("No verdict yet",
                $"Claim '{claimId}' has no verdict yet, so there is no ClaimReview to export: POST /claims/{claimId}/verdict first.", "verdict"));
        var source = (await session.LoadAsync<Source>(claim.SourceId, ct))!.Metadata;

        var rating = new JsonObject { ["@type"] = "Rating", ["alternateName"] = claim.Verdict };
        if (Ratings[claim.Verdict] is { } value)
        {
            rating["ratingValue"] = value;
            rating["worstRating"] = 1;
            rating["bestRating"] = 3;
        }

        var appearance = new JsonObject
        {
            ["@type"] = "CreativeWork",
            ["headline"] = source.Title,
            ["datePublished"] = source.PublishedOn,
        };
        if (source.Url is not null) appearance["url"] = source.Url;
        if (source.Outlet is not null) appearance["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = source.Outlet };

        var review = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "ClaimReview",
            ["url"] = $"{http.Request.Scheme}://{http.Request.Host}/claims/{claimId}",
            ["claimReviewed"] = claim.Content.Quote,
            ["datePublished"] = claim.VerdictGivenAt!.Value.ToString("yyyy-MM-dd"),
            ["author"] = new JsonObject { ["@type"] = "Person", ["name"] = claim.VerdictGivenBy },
            ["reviewBody"] = claim.VerdictNote,
            ["reviewRating"] = rating,
            ["itemReviewed"] = new JsonObject { ["@type"] = "Claim", ["appearance"] = appearance },
        };
        return Results.Text(review.ToJsonString(), ContentType);
    }
}
