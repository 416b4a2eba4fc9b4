using System.Text.Json.Nodes;
using ClaimsLedger.Common;
using ClaimsLedger.Hosting;
using ClaimsLedger.Sources;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaimsLedger.Claims;

/// <summary>A correction: the fields that change (a JSON merge patch over the claim's fields), why, and the version it was read at.</summary>
public sealed record CorrectClaim(long? ExpectedVersion, string? Reason, JsonObject? Changes);

/// <summary>What a correction makes of a claim: its content after the change, or why the change is refused.</summary>
public sealed record Correction(ClaimContent? After, ProblemDetails Problem);

public static class CorrectClaimEndpoint
{
    /// <summary>The change is worked out once, here, for <see cref="Validate"/> to refuse and <see cref="Post"/> to record.</summary>
    public static async Task<Correction> LoadAsync(CorrectClaim command, Claim claim, SourceTexts texts, IQuerySession session)
    {
        // Most corrections fix a value or a period; only one that moves the quote needs the article read.
        var text = ClaimFields.MovesQuote(command.Changes) ? (await texts.FindAsync(session, claim.SourceId))!.Text : null;
        var errors = new FieldErrors();
        errors.RequireExpectedVersion(command.ExpectedVersion);
        errors.RequireReason(command.Reason, "why the claim changes");
        var after = ClaimFields.Patched(claim.Content, command.Changes, text, errors);
        return errors.Any ? new Correction(null, errors.ToProblem()) : new Correction(after, ClaimChanges.Writable(claim, command.ExpectedVersion!.Value));
    }

    public static ProblemDetails Validate(Correction correction) => correction.Problem;

    [WolverinePost("/claims/{claimId}/corrections")]
    [EndpointSummary("Correct a claim (a JSON merge patch of its fields), saying why, against the version read")]
    [ProducesResponseType<ClaimWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(
        CorrectClaim command, [ReadAggregate("claimId")] Claim claim, Correction correction, IDocumentSession session, GroupCommit commits, HttpContext http) =>
        commits.AppendAsync(session, http, claim,
            new ClaimCorrected(claim.Id, claim.SourceId, claim.Content, correction.After!, command.Reason!.Trim(), command.ExpectedVersion!.Value, Actor.Of(http),
                claim.Rank));
}
