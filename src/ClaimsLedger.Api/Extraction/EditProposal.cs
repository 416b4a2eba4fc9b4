using System.Text.Json.Nodes;
using ClaimsLedger.Claims;
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
    [WolverinePost("/proposals/{proposalId}/edit")]
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
        if (command.ExpectedVersion is null) errors.Add("expectedVersion", "is required: the version you read");
        ReviewRules.Reason(errors, command.Reason, "why the proposal changes");
        // The same rules as a claim correction: the patched fields must pass every rule a new claim must pass.
        var fields = LedgerJson.Patch(ClaimFields.From(proposal.Content), command.Changes, errors);
        if (fields is not null && command.Changes!.ContainsKey("quote") && !command.Changes.ContainsKey("spanStart")) fields = fields with { SpanStart = null };
        after = fields?.ToContent(source.Text, errors, "changes.");
        if (after is not null && after.SameAs(proposal.Content)) errors.Add("changes", "change nothing: every field already has that value");
        if (errors.Any) return errors.ToProblem();
        return ReviewRules.Pending(proposal, command.ExpectedVersion!.Value);
    }
}
