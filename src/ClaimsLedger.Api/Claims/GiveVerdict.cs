using ClaimsLedger.Access;
using ClaimsLedger.Common;
using ClaimsLedger.Hosting;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaimsLedger.Claims;

/// <summary>A reviewer's verdict on a claim (supported, disputed, false, unverifiable) with a note saying why.</summary>
public sealed record GiveVerdict(long? ExpectedVersion, string? Verdict, string? Note);

public static class GiveVerdictEndpoint
{
    public static ProblemDetails Validate(GiveVerdict command, Claim claim)
    {
        var errors = new FieldErrors();
        errors.RequireExpectedVersion(command.ExpectedVersion);
        if (command.Verdict is null) errors.Add("verdict", "is required: " + string.Join(", ", Judgement.Verdicts));
        else if (!Judgement.Verdicts.Contains(command.Verdict)) errors.Add("verdict", Vocabulary.OneOf(Judgement.Verdicts));
        if (string.IsNullOrWhiteSpace(command.Note)) errors.Add("note", "is required: what the verdict rests on");
        else if (command.Note.Length > 4000) errors.Add("note", "must be at most 4000 characters");
        return errors.Any ? errors.ToProblem() : ClaimChanges.Writable(claim, command.ExpectedVersion!.Value);
    }

    [RequiresRole(Roles.Reviewer)]
    [WolverinePost("/claims/{claimId}/verdict")]
    [EndpointSummary("Give a claim a fact-check verdict, against the version read")]
    [ProducesResponseType<ClaimWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(GiveVerdict command, [ReadAggregate("claimId")] Claim claim, IDocumentSession session, GroupCommit commits, HttpContext http) =>
        commits.AppendAsync(session, http, claim,
            new ClaimVerdictGiven(claim.Id, claim.SourceId, command.Verdict!, claim.Verdict, command.Note!.Trim(),
                command.ExpectedVersion!.Value, Actor.Of(http)));
}
