using System.Text.Json.Nodes;
using ClaimsLedger.Common;
using ClaimsLedger.Sources;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaimsLedger.Claims;

/// <summary>A correction: the fields that change (a JSON merge patch over the claim's fields), why, and the version it was read at.</summary>
public sealed record CorrectClaim(long? ExpectedVersion, string? Reason, JsonObject? Changes);

public static class CorrectClaimEndpoint
{
    public static async Task<SourceText?> LoadAsync(Claim claim, SourceTexts texts, IQuerySession session) => await texts.FindAsync(session, claim.SourceId);

    public static ProblemDetails Validate(CorrectClaim command, Claim claim, SourceText source) => Corrected(command, claim, source, out _);

    [WolverinePost("/claims/{claimId}/corrections")]
    public static (ClaimWritten, ClaimCorrected) Post(
        CorrectClaim command, [WriteAggregate("claimId")] Claim claim, SourceText source, HttpContext http)
    {
        Corrected(command, claim, source, out var after);
        return (new ClaimWritten(claim.Id, claim.Version + 1),
            new ClaimCorrected(claim.Id, claim.SourceId, claim.Content, after!, command.Reason!.Trim(), command.ExpectedVersion!.Value, Actor.Of(http),
                claim.Rank));
    }

    private static ProblemDetails Corrected(CorrectClaim command, Claim claim, SourceText source, out ClaimContent? after)
    {
        after = null;
        var errors = new FieldErrors();
        errors.RequireExpectedVersion(command.ExpectedVersion);
        errors.RequireReason(command.Reason, "why the claim changes");
        after = ClaimFields.Patched(claim.Content, command.Changes, source.Text, errors);
        if (errors.Any) return errors.ToProblem();
        return Writable(claim, command.ExpectedVersion!.Value);
    }

    /// <summary>The checks every write to an existing claim shares: it is live, and the writer saw its latest version.</summary>
    public static ProblemDetails Writable(Claim claim, long expectedVersion) =>
        claim.Retracted ? new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "The claim is retracted",
            Detail = $"Claim {claim.Id} was retracted ({claim.RetractionReason}); a retracted claim takes no further changes.",
            Extensions = { ["field"] = "claimId", ["currentVersion"] = claim.Version },
        }
        : expectedVersion != claim.Version ? Problems.StaleVersion(expectedVersion, claim.Version)
        : WolverineContinue.NoProblems;
}
