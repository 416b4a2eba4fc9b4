using Marten;

namespace ClaimsLedger.Hosting;

/// <summary>
/// One asynchronous projection as the async daemon left it in the database (mt_event_progression), so every node
/// reports the same answer whichever node runs the projection. Lag is counted in events (the ledger's newest
/// sequence minus the projection's) and in seconds (the age of the oldest event it has not read yet).
/// </summary>
public sealed record AsyncProjectionHealth(string Name, string Status, long Position, long LagEvents, double LagSeconds, string? Error);

public sealed record LedgerStatus(long LedgerPosition, IReadOnlyList<AsyncProjectionHealth> Projections, IReadOnlyList<string> DaemonLeader)
{
    /// <summary>A projection that is paused, stopped or far behind needs someone to look: the event it failed on is in Error.</summary>
    public bool Degraded => Projections.Any(p => p.Status is not ("running" or "starting"));
}

public static class AsyncProjections
{
    /// <summary>Behind by more than this while events wait, a projection counts as stuck even if its agent says it runs.</summary>
    public static TimeSpan MaxLag { get; set; } = TimeSpan.FromSeconds(60);

    public static async Task<LedgerStatus> StatusAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        // The newest sequence number, read from the key's index: counting events would grow with the ledger.
        var ledgerPosition = (await session.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {LedgerStore.Schema}.mt_events", ct)).Single();
        var rows = await store.Advanced.AllProjectionProgress(token: ct);
        var answers = new List<AsyncProjectionHealth>();
        foreach (var name in LedgerStore.AsyncProjectionNames)
        {
            var row = rows.FirstOrDefault(r => r.ShardName.StartsWith(name + ":", StringComparison.Ordinal));
            var position = row?.Sequence ?? 0;
            var lagEvents = Math.Max(0, ledgerPosition - position);
            var lagSeconds = 0.0;
            if (lagEvents > 0)
            {
                // The oldest unread event, found through the sequence's index whatever the backlog.
                var oldest = (await session.QueryAsync<double>(
                    $"select coalesce(extract(epoch from now() - (select timestamp from {LedgerStore.Schema}.mt_events where seq_id > ? order by seq_id limit 1)), 0)::float8",
                    ct, position)).Single();
                lagSeconds = Math.Round(Math.Max(0, oldest), 1);
            }
            var agent = row?.AgentStatus?.ToString();
            // The first line names the event and the exception; the stack trace is in the leader's log.
            var error = (row?.PauseReason ?? row?.Failure?.ToString())?.Split('\n', 2)[0].Trim();
            var status = agent switch
            {
                _ when row is null => lagEvents == 0 ? "running" : lagSeconds > MaxLag.TotalSeconds ? "not started" : "starting",
                "Paused" => "paused",
                "Stopped" => "stopped",
                _ when error is not null => "failing",
                _ when lagSeconds > MaxLag.TotalSeconds => "behind",
                _ => "running",
            };
            answers.Add(new AsyncProjectionHealth(name, status, position, lagEvents, lagSeconds, error));
        }
        // In hot/cold mode the node running the projections holds an advisory lock; nodes name themselves in application_name.
        var leaders = await session.QueryAsync<string>(
            "select distinct coalesce(nullif(a.application_name, ''), 'pid ' || a.pid) from pg_locks l join pg_stat_activity a on a.pid = l.pid " +
            "where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database()) " +
            // Wolverine's message storage holds an advisory lock of its own; it is not the projections' leader.
            "and a.application_name not like 'wolverine%'", ct);
        return new LedgerStatus(ledgerPosition, answers, leaders.Order(StringComparer.Ordinal).ToList());
    }
}
