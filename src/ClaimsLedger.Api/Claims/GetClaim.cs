using ClaimsLedger.Common;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Claims;

public static class GetClaimEndpoint
{
    public static ProblemDetails Validate(TimeQuery time) => time.Problems();

    /// <summary>The claim now, or with recordedAsOf the claim as the ledger held it then (its old value, before a later correction).</summary>
    [WolverineGet("/claims/{claimId}")]
    public static async Task<IResult> Get(Guid claimId, [FromQuery] TimeQuery time, IQuerySession session, CancellationToken ct)
    {
        var axes = time.Axes();
        var claim = axes.RecordedAsOf is { } at
            ? await session.Events.AggregateStreamAsync<Claim>(claimId, timestamp: at, token: ct)
            : await session.LoadAsync<Claim>(claimId, ct);
        if (claim is null)
            return Results.Problem(axes.RecordedAsOf is not null && await session.LoadAsync<Claim>(claimId, ct) is not null
                ? Problems.Invalid("recordedAsOf", $"claim {claimId} was not recorded yet at {axes.RecordedAsOf:O}", StatusCodes.Status404NotFound)
                : Problems.NotFound("claim", claimId));
        return Results.Ok(ClaimResponse.Of(claim));
    }
}
