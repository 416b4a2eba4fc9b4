using System.Globalization;
using ClaimsLedger.Common;
using ClaimsLedger.Hosting;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Changes;

public sealed record SourceDay(Guid SourceId, string Title, int ClaimsRecorded, int ClaimsCorrected, int ClaimsRetracted, int SourceCorrections);

public sealed record ChangeDay(string Day, int ClaimsRecorded, int ClaimsCorrected, int ClaimsRetracted, int SourceCorrections, IReadOnlyList<SourceDay> Sources);

/// <summary>
/// The activity feed: per day, how many claims were recorded, corrected and retracted, and in which sources.
/// <c>position</c> is the last event the feed has read, <c>ledgerPosition</c> the newest event in the ledger: the
/// difference is how far this asynchronous view trails.
/// </summary>
public sealed record ChangeFeed(string? Since, long Position, long LedgerPosition, IReadOnlyList<ChangeDay> Days);

public sealed class ChangeQuery
{
    public string? Since { get; set; }
}

public static class GetChangesEndpoint
{
    public static ProblemDetails Validate(ChangeQuery query) =>
        query.Since is not null && !DateOnly.TryParseExact(query.Since, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? new FieldErrors().Add("since", "must be a date YYYY-MM-DD (UTC): days from then on are listed").ToProblem()
            : WolverineContinue.NoProblems;

    [WolverineGet("/changes")]
    public static async Task<ChangeFeed> Get([FromQuery] ChangeQuery query, IQuerySession session, IDocumentStore store, CancellationToken ct)
    {
        var status = await AsyncProjections.StatusAsync(store, ct);
        var activity = await session.Query<SourceActivity>().ToListAsync(ct);
        var since = query.Since ?? "";
        var days = activity
            .SelectMany(a => a.Days.Where(d => string.CompareOrdinal(d.Key, since) >= 0)
                .Select(d => (Day: d.Key, Source: new SourceDay(a.Id, a.Title, d.Value.ClaimsRecorded, d.Value.ClaimsCorrected, d.Value.ClaimsRetracted, d.Value.SourceCorrections))))
            .GroupBy(x => x.Day)
            .OrderByDescending(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var sources = g.Select(x => x.Source).OrderBy(s => s.Title, StringComparer.Ordinal).ThenBy(s => s.SourceId).ToList();
                return new ChangeDay(g.Key, sources.Sum(s => s.ClaimsRecorded), sources.Sum(s => s.ClaimsCorrected),
                    sources.Sum(s => s.ClaimsRetracted), sources.Sum(s => s.SourceCorrections), sources);
            })
            .ToList();
        var position = status.Projections.FirstOrDefault(p => p.Name == nameof(SourceActivity))?.Position ?? 0;
        return new ChangeFeed(query.Since, position, status.LedgerPosition, days);
    }
}
