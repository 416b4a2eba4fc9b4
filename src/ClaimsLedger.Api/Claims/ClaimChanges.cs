using ClaimsLedger.Common;
using ClaimsLedger.Hosting;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Claims;

/// <summary>What every change to a recorded claim (a correction, a retraction, a rank, a verdict) shares.</summary>
public static class ClaimChanges
{
    /// <summary>The claim is live, and the writer saw its latest version.</summary>
    public static ProblemDetails Writable(Claim claim, long expectedVersion) =>
        claim.Retracted ? new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "The claim is retracted",
            Detail = $"Claim {claim.Id} was retracted ({claim.RetractionReason}); a retracted claim takes no further changes.",
            Extensions = { ["field"] = "claimId", ["currentVersion"] = claim.Version },
        }
        : expectedVersion != claim.Version ? Problems.StaleVersion("claim", expectedVersion, claim.Version)
        : WolverineContinue.NoProblems;

    /// <summary>
    /// Appends <paramref name="change"/> as the claim's next version. The claim was read before the write, outside
    /// it, so the append names the version it must take: if another change committed in between, the stream's row no
    /// longer has the version the update expects, Marten refuses the append, and the writer gets a 409, as
    /// <see cref="Writable"/> would have said.
    /// It commits with the changes that other requests make at the same moment (<see cref="GroupCommit"/>): on the
    /// aggregate workflow each correction took a transaction and four round trips of its own.
    /// </summary>
    public static async Task<IResult> AppendAsync(this GroupCommit commits, IDocumentSession session, HttpContext http, Claim claim, object change)
    {
        var version = claim.Version + 1;
        await commits.WriteAsync(session, http, claim.Id, s => s.Events.Append(claim.Id, version, change));
        return Results.Ok(new ClaimWritten(claim.Id, version));
    }
}
