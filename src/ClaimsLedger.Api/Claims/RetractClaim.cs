using ClaimsLedger.Common;
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
        return errors.Any ? errors.ToProblem() : CorrectClaimEndpoint.Writable(claim, command.ExpectedVersion!.Value);
    }

    [WolverinePost("/claims/{claimId}/retraction")]
    public static (ClaimWritten, ClaimRetracted) Post(RetractClaim command, [WriteAggregate("claimId")] Claim claim, HttpContext http) =>
        (new ClaimWritten(claim.Id, claim.Version + 1),
            new ClaimRetracted(claim.Id, claim.SourceId, claim.Content, command.Reason!.Trim(), command.ExpectedVersion!.Value, Actor.Of(http)));
}
