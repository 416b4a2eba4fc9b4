using ClaimsLedger.Common;
using ClaimsLedger.Hosting;
using ClaimsLedger.Sources;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Claims;

/// <summary>
/// Many claims at once, for archives and the seed corpus: all of them are recorded, or none. They are written with
/// PostgreSQL's COPY (<see cref="BulkStreams"/>), events and views in one transaction, several times faster than appending
/// them one by one.
/// </summary>
public sealed record ImportClaims(List<RecordClaim>? Claims);

public sealed record ImportedClaim(Guid Id, long Version, bool Created);

public sealed record ImportAnswer(IReadOnlyList<ImportedClaim> Claims, int Created, int AlreadyRecorded);

/// <summary>What an import takes: claim i's content under every rule at <c>Contents[i]</c>, or why it is refused.</summary>
public sealed record Importing(IReadOnlyList<ClaimContent> Contents, ProblemDetails Problem);

public static class ImportClaimsEndpoint
{
    /// <summary>The most claims one import takes; send larger archives in several imports.</summary>
    public const int MaxClaims = 5_000;

    /// <summary>
    /// Every claim is checked once, here (each quote against its source's text), for <see cref="Validate"/> to refuse
    /// the import and <see cref="Post"/> to record it.
    /// </summary>
    public static async Task<Importing> LoadAsync(ImportClaims command, SourceTexts texts, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors();
        // Left null where a claim is refused: then the whole import is, and Post never reads it.
        var contents = new ClaimContent[command.Claims?.Count ?? 0];
        if (command.Claims is null || command.Claims.Count == 0) errors.Add("claims", "is required: one or more claims");
        else if (command.Claims.Count > MaxClaims) errors.Add("claims", $"must hold at most {MaxClaims} claims per import");
        else
        {
            var sources = await texts.FindManyAsync(session, command.Claims.Where(c => c?.SourceId is not null).Select(c => c.SourceId!.Value), ct);
            var ids = new Dictionary<Guid, int>();
            for (var i = 0; i < command.Claims.Count; i++)
            {
                var claim = command.Claims[i];
                var at = $"claims[{i}].";
                if (claim is null) { errors.Add($"claims[{i}]", "must be a claim"); continue; }
                if (claim.Id == Guid.Empty) errors.Add(at + "id", RecordClaimEndpoint.EmptyId);
                else if (claim.Id is { } id && !ids.TryAdd(id, i)) errors.Add(at + "id", $"is claims[{ids[id]}].id too: each claim of an import has its own");
                if (claim.SourceId is null) errors.Add(at + "sourceId", "is required: the id of a registered source");
                else if (!sources.TryGetValue(claim.SourceId.Value, out var source)) errors.Add(at + "sourceId", $"no source has the id {claim.SourceId}");
                else contents[i] = claim.ToContent(source.Text, errors, at)!;
            }
        }
        return new Importing(contents, errors.ToProblemOrContinue());
    }

    public static ProblemDetails Validate(Importing importing) => importing.Problem;

    /// <summary>
    /// Claims whose id already holds the same claim are answered as they are and appended again never, so an
    /// interrupted import can be sent again whole; an id holding a different claim refuses the whole import.
    /// </summary>
    [WolverinePost("/imports/claims")]
    [EndpointSummary("Record up to 5,000 claims at once, all or none")]
    [ProducesResponseType<ImportAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(ImportClaims command, Importing importing, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        var actor = Actor.Of(http);
        var given = command.Claims!.Where(c => c.Id is not null).Select(c => c.Id!.Value).ToArray();
        var existing = given.Length == 0 ? [] : (await session.LoadManyAsync<Claim>(ct, given)).ToDictionary(c => c.Id);
        var answers = new List<ImportedClaim>(command.Claims!.Count);
        var recorded = new List<(Guid, ClaimRecorded)>(command.Claims.Count);
        var conflicts = new FieldErrors();
        for (var i = 0; i < command.Claims.Count; i++)
        {
            var claim = command.Claims[i];
            var content = importing.Contents[i];
            var id = claim.Id ?? Guid.CreateVersion7();
            var attempt = new ClaimRecorded(id, claim.SourceId!.Value, content, actor);
            if (existing.TryGetValue(id, out var already))
            {
                if (attempt.Repeats(await ClaimRecorded.FirstAsync(session, id, ct))) answers.Add(new ImportedClaim(id, already.Version, false));
                else conflicts.Add($"claims[{i}].id", $"claim {id} exists with other content");
                continue;
            }
            recorded.Add((id, attempt));
            answers.Add(new ImportedClaim(id, 1, true));
        }
        if (conflicts.Any) return Results.Problem(conflicts.ToProblem(StatusCodes.Status409Conflict, "A different claim already has this id"));

        // The inline projections' own methods give the views, written in the same transaction as the events.
        var bulk = new BulkStreams(session);
        var events = await bulk.StartAsync<Claim, ClaimRecorded>(recorded, ct);
        await bulk.InsertAsync(events.Select(Claim.Create), ct);
        var entries = new SubjectEntriesProjection();
        await bulk.InsertAsync(events.Select(entries.Entry), ct);
        var created = answers.Count(a => a.Created);
        return Results.Ok(new ImportAnswer(answers, created, answers.Count - created));
    }
}
