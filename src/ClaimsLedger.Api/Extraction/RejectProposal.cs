using ClaimsLedger.Access;
using ClaimsLedger.Common;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaimsLedger.Extraction;

public sealed record RejectProposal(long? ExpectedVersion, string? Reason);

public static class RejectProposalEndpoint
{
    public static ProblemDetails Validate(RejectProposal command, Proposal proposal)
    {
        var errors = new FieldErrors();
        errors.RequireExpectedVersion(command.ExpectedVersion);
        errors.RequireReason(command.Reason, "why the proposal is rejected");
        return errors.Any ? errors.ToProblem() : ReviewRules.Pending(proposal, command.ExpectedVersion!.Value);
    }

    /// <summary>A rejected proposal never reaches the views; it stays in the ledger with who rejected it and why.</summary>
    [RequiresRole(Roles.Reviewer)]
    [WolverinePost("/proposals/{proposalId}/reject")]
    [EndpointSummary("Reject a proposed claim, saying why")]
    public static (ProposalWritten, ProposalRejected) Post(RejectProposal command, [WriteAggregate("proposalId")] Proposal proposal, HttpContext http) =>
        (new ProposalWritten(proposal.Id, proposal.Version + 1, ProposalStatus.Rejected, null),
            new ProposalRejected(proposal.Id, proposal.SourceId, command.Reason!.Trim(), command.ExpectedVersion!.Value, Actor.Of(http)));
}
