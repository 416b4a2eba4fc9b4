using ClaimsLedger.Common;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Extraction;

/// <summary>The answer to a review step: the proposal's id, its new version and status, and the claim it became.</summary>
public sealed record ProposalWritten(Guid Id, long Version, string Status, Guid? ClaimId);

/// <summary>The checks every review step shares: the proposal is still pending, and the reviewer saw its latest version.</summary>
public static class ReviewRules
{
    public static ProblemDetails Pending(Proposal proposal, long expectedVersion)
    {
        if (proposal.Status != ProposalStatus.Pending)
            return new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = $"The proposal is already {proposal.Status}",
                Detail = $"Proposal {proposal.Id} was {proposal.Status} by {proposal.DecidedBy}"
                         + (proposal.ClaimId is { } claim ? $" and is claim {claim}: correct it with POST /claims/{claim}/corrections." : "; a decided proposal takes no further changes."),
                Type = "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.10",
                Extensions = { ["field"] = "proposalId", ["proposalStatus"] = proposal.Status, ["currentVersion"] = proposal.Version },
            };
        if (expectedVersion != proposal.Version)
            return Problems.StaleVersion("proposal", expectedVersion, proposal.Version);
        return WolverineContinue.NoProblems;
    }
}
