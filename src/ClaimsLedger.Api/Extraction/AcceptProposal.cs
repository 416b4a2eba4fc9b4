using ClaimsLedger.Claims;
using ClaimsLedger.Access;
using ClaimsLedger.Common;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaimsLedger.Extraction;

public sealed record AcceptProposal(long? ExpectedVersion);

public static class AcceptProposalEndpoint
{
    public static ProblemDetails Validate(AcceptProposal command, Proposal proposal) =>
        new FieldErrors().RequireExpectedVersion(command.ExpectedVersion) is { Any: true } errors
            ? errors.ToProblem()
            : ReviewRules.Pending(proposal, command.ExpectedVersion!.Value);

    /// <summary>
    /// Accepting records the proposal's claim with the ordinary <see cref="ClaimRecorded"/> on a new claim stream (its id
    /// follows from the proposal's) in the same transaction as <see cref="ProposalAccepted"/>, so the claim reaches the
    /// views exactly as a hand-recorded one does.
    /// </summary>
    [RequiresRole(Roles.Reviewer)]
    [WolverinePost("/proposals/{proposalId}/accept")]
    [EndpointSummary("Accept a proposed claim: it is recorded as a claim")]
    public static (ProposalWritten, ProposalAccepted, IStartStream) Post(
        AcceptProposal command, [WriteAggregate("proposalId")] Proposal proposal, HttpContext http)
    {
        var claimId = Proposal.ClaimIdFor(proposal.Id);
        var actor = Actor.Of(http);
        return (new ProposalWritten(proposal.Id, proposal.Version + 1, ProposalStatus.Accepted, claimId),
            new ProposalAccepted(proposal.Id, proposal.SourceId, claimId, command.ExpectedVersion!.Value, actor),
            MartenOps.StartStream<Claim>(claimId, new ClaimRecorded(claimId, proposal.SourceId, proposal.Content, actor)));
    }
}
