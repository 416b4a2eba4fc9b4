using ClaimsLedger.Common;
using ClaimsLedger.Sources;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Extraction;

/// <summary>A source with proposals waiting for review: how many, and since when the oldest of them has waited.</summary>
public sealed record ReviewQueueEntry(Guid SourceId, string Title, string? Outlet, string PublishedOn, long Waiting, DateTimeOffset WaitingSince);

/// <param name="Total">How many sources have proposals waiting.</param>
/// <param name="Waiting">How many proposals wait, in all those sources.</param>
public sealed record ReviewQueuePage(IReadOnlyList<ReviewQueueEntry> Sources, int Page, int PageSize, long Total, long Waiting);

public sealed class ReviewQueueFilter : PageFilter;

public static class ReviewQueueEndpoint
{
    public static ProblemDetails Validate(ReviewQueueFilter filter) => filter.Problems();

    /// <summary>
    /// The sources with proposals waiting, the one whose oldest proposal has waited longest first, so a reviewer works
    /// through the queue in the order it filled. Counted in the database: the dashboard used to count the first 500
    /// waiting proposals itself and then read each of their sources whole, text and all, one request a source.
    /// </summary>
    [WolverineGet("/proposals/queue")]
    [EndpointSummary("The sources with proposals waiting for review, longest waiting first")]
    public static async Task<ReviewQueuePage> Get([FromQuery] ReviewQueueFilter filter, IQuerySession session, CancellationToken ct)
    {
        var proposals = session.DocumentStore.Options.Schema.For<Proposal>();
        var sources = session.DocumentStore.Options.Schema.For<Source>();
        // One query: the waiting proposals are grouped once, and the page and the totals are read from that grouping.
        var read = (await session.QueryAsync<QueueRead>(
            $"""
             with waiting as (
                 select (p.data ->> 'SourceId')::uuid as source_id, count(*) as n, min((p.data ->> 'ProposedAt')::timestamptz) as since
                 from {proposals} as p where p.data ->> 'Status' = '{ProposalStatus.Pending}' group by 1),
             page as (
                 select w.since, s.id, jsonb_build_object('SourceId', s.id, 'Title', s.{GetSourcesEndpoint.TitleColumn},
                     'Outlet', s.data -> 'Metadata' ->> 'Outlet', 'PublishedOn', s.{GetSourcesEndpoint.PublishedOnColumn},
                     'Waiting', w.n, 'WaitingSince', w.since) as entry
                 from waiting as w join {sources} as s on s.id = w.source_id
                 order by w.since, s.id limit ? offset ?)
             select jsonb_build_object(
                 'Entries', coalesce((select jsonb_agg(entry order by since, id) from page), '[]'::jsonb),
                 'Sources', (select count(*) from waiting),
                 'Proposals', (select coalesce(sum(n), 0) from waiting))
             """, ct, filter.PageSize, (filter.Page - 1) * filter.PageSize)).Single();
        return new ReviewQueuePage(read.Entries, filter.Page, filter.PageSize, read.Sources, read.Proposals);
    }

    private sealed record QueueRead(IReadOnlyList<ReviewQueueEntry> Entries, long Sources, long Proposals);
}
