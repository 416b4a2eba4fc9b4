using ClaimsLedger.Access;
using ClaimsLedger.Common;
using ClaimsLedger.Hosting;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaimsLedger.Claims;

/// <summary>A reviewer ranks a claim preferred, normal or deprecated, and says why.</summary>
public sealed record RankClaim(long? ExpectedVersion, string? Rank, string? Reason);

public static class RankClaimEndpoint
{
    public static ProblemDetails Validate(RankClaim command, Claim claim)
    {
        var errors = new FieldErrors();
        errors.RequireExpectedVersion(command.ExpectedVersion);
        if (command.Rank is null) errors.Add("rank", "is required: " + string.Join(", ", Judgement.Ranks));
        else if (!Judgement.Ranks.Contains(command.Rank)) errors.Add("rank", Vocabulary.OneOf(Judgement.Ranks));
        else if (command.Rank == claim.Rank) errors.Add("rank", $"the claim is already {claim.Rank}");
        errors.RequireReason(command.Reason, "why the claim should count more or less than the others");
        return errors.Any ? errors.ToProblem() : ClaimChanges.Writable(claim, command.ExpectedVersion!.Value);
    }

    [RequiresRole(Roles.Reviewer)]
    [WolverinePost("/claims/{claimId}/rank")]
    [EndpointSummary("Rank a claim (preferred, normal, deprecated), saying why, against the version read")]
    [ProducesResponseType<ClaimWritten>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(RankClaim command, [ReadAggregate("claimId")] Claim claim, IDocumentSession session, GroupCommit commits, HttpContext http) =>
        commits.AppendAsync(session, http, claim,
            new ClaimRanked(claim.Id, claim.SourceId, claim.Content, command.Rank!, claim.Rank, command.Reason!.Trim(),
                command.ExpectedVersion!.Value, Actor.Of(http)));
}
