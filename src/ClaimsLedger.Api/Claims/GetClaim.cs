using ClaimsLedger.Common;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Claims;

public static class GetClaimEndpoint
{
    public static ProblemDetails Validate(SystemTimeQuery time) => time.Problems();

    /// <summary>
    /// The claim now, or with recordedAsOf the claim as the ledger held it then (its old value, before a later
    /// correction). A claim is one statement of one source, so the views' other axes (validAt, asOf) do not apply to it.
    /// </summary>
    [WolverineGet("/claims/{claimId}")]
    [EndpointSummary("One claim, now or as the ledger held it at recordedAsOf")]
    [ProducesResponseType<ClaimResponse>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid claimId, [FromQuery] SystemTimeQuery time, IQuerySession session, CancellationToken ct)
    {
        var claim = time.RecordedAt is { } at
            ? await session.Events.AggregateStreamAsync<Claim>(claimId, timestamp: at, token: ct)
            : await session.LoadAsync<Claim>(claimId, ct);
        if (claim is not null) return Results.Ok(ClaimResponse.Of(claim));
        if (time.RecordedAt is { } then && await session.LoadAsync<Claim>(claimId, ct) is { } later)
            return Results.Problem(Problems.Missing("Unknown claim at that instant",
                $"Claim '{claimId}' was recorded at {later.RecordedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.FFFFFFZ}, after {then.UtcDateTime:yyyy-MM-ddTHH:mm:ss.FFFFFFZ}: the ledger did not hold it then.",
                "recordedAsOf"));
        return Results.Problem(Problems.NotFound("claim", claimId));
    }
}
