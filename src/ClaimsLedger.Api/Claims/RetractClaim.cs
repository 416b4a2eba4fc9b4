using ClaimsLedger.Common;
using ClaimsLedger.Hosting;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaimsLedger.Claims;

/// <summary>A retraction: the claim leaves every view but stays in the ledger with its history.</summary>
public sealed record RetractClaim(long? ExpectedVersion, string? Reason);

public static class RetractClaimEndpoint
{
    public static ProblemDetails Validate(RetractClaim command, Claim claim)
    {
        var errors = new FieldErrors();
        errors.RequireExpectedVersion(command.ExpectedVersion);
        errors.RequireReason(command.Reason, "why the claim is retracted");
        return errors.Any ? errors.ToProblem() : ClaimChanges.Writable(claim, command.ExpectedVersion!.Value);
    }

    [WolverinePost("/claims/{claimId}/retraction")]
    [EndpointSummary("Retract a claim, saying why, against the version read")]
    [ProducesResponseType<ClaimWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(RetractClaim command, [ReadAggregate("claimId")] Claim claim, IDocumentSession session, GroupCommit commits, HttpContext http) =>
        commits.AppendAsync(session, http, claim,
            new ClaimRetracted(claim.Id, claim.SourceId, claim.Content, command.Reason!.Trim(), command.ExpectedVersion!.Value, Actor.Of(http)));
}
