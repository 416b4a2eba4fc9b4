using ClaimsLedger.Common;
using ClaimsLedger.Hosting;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Changes;

public sealed record SourceDay(Guid SourceId, string Title, int ClaimsRecorded, int ClaimsCorrected, int ClaimsRetracted, int SourceCorrections)
{
    internal int Writes => ClaimsRecorded + ClaimsCorrected + ClaimsRetracted + SourceCorrections;
}

/// <param name="SourceCount">The sources written to that day; <c>sources</c> holds the most written to of them.</param>
public sealed record ChangeDay(string Day, int ClaimsRecorded, int ClaimsCorrected, int ClaimsRetracted, int SourceCorrections, int SourceCount,
    IReadOnlyList<SourceDay> Sources);

/// <summary>
/// The activity feed: per day, how many claims were recorded, corrected and retracted, and in which sources.
/// <c>position</c> is the last event the feed has read, <c>ledgerPosition</c> the newest event in the ledger: the
/// difference is how far this asynchronous view trails.
/// </summary>
public sealed record ChangeFeed(string? Since, long Position, long LedgerPosition, int SourcesPerDay, IReadOnlyList<ChangeDay> Days);

public sealed class ChangeQuery
{
    /// <summary>The first day listed (UTC); every day when not given.</summary>
    public string? Since { get; set; }

    /// <summary>How many sources each day lists, those written to most first: an archive loaded in a day touches thousands.</summary>
    public int SourcesPerDay { get; set; } = 50;

    public void Check(FieldErrors errors)
    {
        if (Since is not null && !TimeQuery.TryDate(Since, out _))
            errors.Add("since", TimeQuery.DateExpected(Since, " (UTC) from which days are listed"));
        if (SourcesPerDay is < 0 or > 500) errors.Add("sourcesPerDay", "must be from 0 (the days' totals only) to 500");
    }
}

public static class GetChangesEndpoint
{
    public static ProblemDetails Validate(ChangeQuery query) => FieldErrors.Check(query.Check);

    [WolverineGet("/changes")]
    [EndpointSummary("What the ledger recorded each day: claims recorded, corrected, retracted, source corrections")]
    public static async Task<ChangeFeed> Get([FromQuery] ChangeQuery query, IQuerySession session, IDocumentStore store, CancellationToken ct)
    {
        var status = await AsyncProjections.StatusAsync(store, ct);
        var since = query.Since ?? "";
        // A document written before LastDay was kept has no column value: it is read, and its days sorted out below.
        var activity = await session.QueryAsync<SourceActivity>("where d.last_day is null or d.last_day >= ?", ct, since);
        var days = activity
            .SelectMany(a => a.Days.Where(d => string.CompareOrdinal(d.Key, since) >= 0)
                .Select(d => (Day: d.Key, Source: new SourceDay(a.Id, a.Title, d.Value.ClaimsRecorded, d.Value.ClaimsCorrected, d.Value.ClaimsRetracted, d.Value.SourceCorrections))))
            .GroupBy(x => x.Day)
            .OrderByDescending(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var sources = g.Select(x => x.Source).ToList();
                return new ChangeDay(g.Key, sources.Sum(s => s.ClaimsRecorded), sources.Sum(s => s.ClaimsCorrected),
                    sources.Sum(s => s.ClaimsRetracted), sources.Sum(s => s.SourceCorrections), sources.Count,
                    sources.OrderByDescending(s => s.Writes).ThenBy(s => s.Title, StringComparer.Ordinal).ThenBy(s => s.SourceId)
                        .Take(query.SourcesPerDay).ToList());
            })
            .ToList();
        var position = status.Projections.FirstOrDefault(p => p.Name == nameof(SourceActivity))?.Position ?? 0;
        return new ChangeFeed(query.Since, position, status.LedgerPosition, query.SourcesPerDay, days);
    }
}
