using ClaimsLedger.Claims;
using ClaimsLedger.Sources;
using JasperFx.Events.Projections;
using Marten;

namespace ClaimsLedger.Hosting;

/// <summary>The ledger's Marten configuration, in one place for the service, its commands and the benchmarks.</summary>
public static class LedgerStore
{
    public const string Schema = "ledger";

    /// <summary>The asynchronous projections, by name: what /health reports lag for.</summary>
    public static readonly string[] AsyncProjectionNames = [nameof(Changes.SourceActivity)];

    /// <summary>Milliseconds between a cold node's attempts to take the async daemon's lock (Marten's default is 5000).</summary>
    public const int LeadershipPolling = 1000;

    public static void Configure(StoreOptions opts, string connectionString)
    {
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = Schema;
        opts.Events.DatabaseSchemaName = Schema;
        // Rich appends give inline projections each event's sequence and timestamp: the views keep both for time travel.
        opts.Events.AppendMode = JasperFx.Events.EventAppendMode.Rich;
        opts.Events.TimeProvider = new PostgresClock();

        // Inline: a write and the views it changes commit in one transaction, so every read sees every acknowledged write.
        opts.Projections.Snapshot<Source>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<Claim>(SnapshotLifecycle.Inline);
        opts.Projections.Add<SubjectClaimsProjection>(ProjectionLifecycle.Inline);

        // Async: the analysts' activity feed may trail the ledger by a second, and is built by one node at a time.
        opts.Projections.Add<Changes.SourceActivityProjection>(ProjectionLifecycle.Async);
        // An event a projection cannot apply stops that projection where it is (health turns degraded and names the
        // event) instead of being skipped, which would leave a view silently short of what the ledger holds.
        opts.Projections.Errors.SkipApplyErrors = false;
        opts.Projections.Errors.SkipSerializationErrors = false;
        opts.Projections.Errors.SkipUnknownEvents = false;
        // The daemon writes each projection's state (running, paused, the event it failed on) to the progression
        // table, so /health on every node, not only the one running the projection, can report it.
        opts.Events.EnableExtendedProgressionTracking = true;
        // Hot/cold: every node polls for the daemon's leadership lock this often; when the node holding it dies, the
        // next poll of another node takes over. This is the failover time for asynchronous projections.
        opts.Projections.LeadershipPollingTime = LeadershipPolling;
        opts.Projections.HealthCheckPollingTime = TimeSpan.FromSeconds(1);
        // The leadership lock is held by an open transaction on a connection of its own: the session-scoped variant
        // multiplexes locks over a shared connection, which the DistributedLock.Postgres version available here refuses
        // with a data source. A transaction-scoped lock also suits PgBouncer in transaction mode.
        opts.Events.UseAdvisoryLockTransaction = true;

        opts.Schema.For<Claim>().Index(c => c.SourceId).Index(c => c.FigureKey).Index(c => c.Kind);
        opts.Schema.For<SubjectClaims>().Index(s => s.Kind).Index(s => s.SeriesKey);
        Extraction.ExtractionSetup.Configure(opts);
    }
}
