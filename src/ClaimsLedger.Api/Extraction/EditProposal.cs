using System.Text.Json.Nodes;
using ClaimsLedger.Claims;
using ClaimsLedger.Access;
using ClaimsLedger.Common;
using ClaimsLedger.Sources;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaimsLedger.Extraction;

/// <summary>A reviewer's edit to a pending proposal: a JSON merge patch over its claim fields, why, and the version read.</summary>
public sealed record EditProposal(long? ExpectedVersion, string? Reason, JsonObject? Changes);

public static class EditProposalEndpoint
{
    public static async Task<Source?> LoadAsync(Proposal proposal, IQuerySession session) => await session.LoadAsync<Source>(proposal.SourceId);

    public static ProblemDetails Validate(EditProposal command, Proposal proposal, Source source) => Edited(command, proposal, source, out _);

    /// <summary>The edit is its own event, so the audit keeps what the extractor said beside what the reviewer changed.</summary>
    [RequiresRole(Roles.Reviewer)]
    [WolverinePost("/proposals/{proposalId}/edit")]
    [EndpointSummary("Edit a proposed claim before accepting it (the edit is kept beside what the extractor said)")]
    public static (ProposalWritten, ProposalEdited) Post(
        EditProposal command, [WriteAggregate("proposalId")] Proposal proposal, Source source, HttpContext http)
    {
        Edited(command, proposal, source, out var after);
        return (new ProposalWritten(proposal.Id, proposal.Version + 1, proposal.Status, null),
            new ProposalEdited(proposal.Id, proposal.SourceId, proposal.Content, after!, command.Reason!.Trim(), command.ExpectedVersion!.Value, Actor.Of(http)));
    }

    private static ProblemDetails Edited(EditProposal command, Proposal proposal, Source source, out ClaimContent? after)
    {
        after = null;
        var errors = new FieldErrors();
        errors.RequireExpectedVersion(command.ExpectedVersion);
        errors.RequireReason(command.Reason, "why the proposal changes");
        // The same rules as a claim correction.
        after = ClaimFields.Patched(proposal.Content, command.Changes, source.Text, errors);
        if (errors.Any) return errors.ToProblem();
        return ReviewRules.Pending(proposal, command.ExpectedVersion!.Value);
    }
}
