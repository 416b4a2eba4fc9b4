using ClaimsLedger.Common;
using ClaimsLedger.Sources;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Extraction;

/// <summary>One candidate of an extraction run and whether this run proposed it or an earlier run already had.</summary>
public sealed record ExtractedProposal(
    Guid ProposalId, bool New, string Status, long Version, string Kind, string Quote, int SpanStart, int SpanEnd, string? FigureKey,
    string Subject, decimal Confidence, string Rule, string Reason);

/// <summary>
/// What an extraction run did: how many candidates the extractor found, how many it proposed now and how many were
/// already proposed by an earlier run (nothing is proposed twice); with no candidates, <c>reason</c> says why.
/// </summary>
public sealed record ExtractionRun(
    Guid SourceId, string ExtractorVersion, int Found, int Proposed, int AlreadyProposed, IReadOnlyList<ExtractedProposal> Proposals,
    string? Reason, IReadOnlyList<string> Discarded);

public static class RunExtractionEndpoint
{
    /// <summary>
    /// Runs the extractor over the source's text and appends one <see cref="ClaimProposed"/> stream per new candidate, all
    /// in one transaction. A proposal's id follows from the source, rule, span and subject, so a second run finds the
    /// first run's proposals and appends nothing.
    /// </summary>
    [WolverinePost("/sources/{sourceId}/extraction")]
    [EndpointSummary("Propose claims from a source's text (a second run proposes nothing twice)")]
    [ProducesResponseType<ExtractionRun>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(Guid sourceId, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        var source = await session.LoadAsync<Source>(sourceId, ct);
        if (source is null) return Results.Problem(Problems.NotFound("source", sourceId));

        var result = Extractor.Extract(source.Text, source.Metadata.Published);
        if (result.Refused) return Results.Problem(Problems.Invalid("text", $"the source's {result.Reason}"));

        var actor = Actor.Of(http);
        var candidates = result.Candidates
            .Select(c => (Candidate: c, Id: Proposal.IdFor(source.Id, c.Rule, c.Content.SpanStart, c.Content.SpanEnd, c.Subject)))
            .ToList();
        var existing = (await session.LoadManyAsync<Proposal>(ct, candidates.Select(c => c.Id).Distinct()))
            .ToDictionary(p => p.Id);

        var answer = new List<ExtractedProposal>();
        var started = new HashSet<Guid>();
        foreach (var (candidate, id) in candidates)
        {
            var content = candidate.Content;
            if (existing.TryGetValue(id, out var earlier))
            {
                answer.Add(new ExtractedProposal(id, false, earlier.Status, earlier.Version, earlier.Kind, earlier.Content.Quote,
                    earlier.Content.SpanStart, earlier.Content.SpanEnd, earlier.FigureKey, earlier.Content.SubjectId, earlier.Confidence, earlier.Rule, earlier.Reason));
                continue;
            }
            if (!started.Add(id)) continue;
            session.Events.StartStream<Proposal>(id,
                new ClaimProposed(id, source.Id, content, content.Figure?.Key, candidate.Confidence, candidate.Rule, candidate.Reason, Extractor.Version, actor));
            answer.Add(new ExtractedProposal(id, true, ProposalStatus.Pending, 1, content.Kind, content.Quote, content.SpanStart, content.SpanEnd,
                content.Figure?.Key, content.SubjectId, candidate.Confidence, candidate.Rule, candidate.Reason));
        }

        var proposed = answer.Count(a => a.New);
        return Results.Ok(new ExtractionRun(source.Id, Extractor.Version, result.Candidates.Count, proposed, answer.Count - proposed, answer,
            result.Reason, result.Discarded));
    }
}
