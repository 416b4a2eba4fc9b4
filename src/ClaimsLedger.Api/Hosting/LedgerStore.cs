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
        opts.Serializer(new LedgerSerializer());
        opts.Events.DatabaseSchemaName = Schema;
        // Rich appends give inline projections each event's sequence and timestamp: the views keep both for time travel.
        opts.Events.AppendMode = JasperFx.Events.EventAppendMode.Rich;
        opts.Events.TimeProvider = new PostgresClock();

        // Handlers never change an aggregate themselves, so a claim loaded to check a correction is the one the inline
        // snapshot then applies the correction to: one load per write instead of two.
        opts.Events.UseIdentityMapForAggregates = true;
        opts.Events.UseOptimizedProjectionRebuilds = true;

        // Inline: a write and the views it changes commit in one transaction, so every read sees every acknowledged write.
        // Rebuilds read events in large pages: the views are small and a page is one round trip.
        opts.Projections.Snapshot<Source>(SnapshotLifecycle.Inline, RebuildPages);
        opts.Projections.Snapshot<Claim>(SnapshotLifecycle.Inline, RebuildPages);
        opts.Projections.Add<SubjectEntriesProjection>(ProjectionLifecycle.Inline, RebuildPages);
        // A rebuild writes views that are only ever inserted (the subject entries) with COPY rather than row by row.
        opts.Projections.RebuildWithBulkCopy = true;

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
        // The daemon finds new events by polling: every 250 ms when the ledger is quiet, every 100 ms while events
        // arrive, so the activity feed trails a write by a poll and a batch (0.3 s at most measured under load). Waking
        // it with a NOTIFY on every append made it read, apply and commit once per append: under load that took a third
        // of the CPU of every append, in PostgreSQL and in the service (measured on a 1M ledger, 16 writers: 440-470
        // appends/s with it, 650-740 without). Marten's defaults (1 s quiet) would let the feed trail by up to a second.
        opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
        opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        // The leadership lock itself is the ledger's (DaemonLeadership): Marten's keeps a snapshot open while a node leads.

        // The source list's order and search, read without unpacking the stored sources (texts and all). Marten fills a
        // column added here from the documents already stored (checked on a ledger made before the outlet's column),
        // except the folded search text, which is not in the document: a source stored before it has none until
        // `rebuild` (GetSources searches such a source in its own letters).
        opts.Schema.For<Source>().Duplicate(s => s.Metadata.PublishedOn).Duplicate(s => s.Metadata.Title).Duplicate(s => s.Metadata.Outlet)
            .Duplicate(s => s.SearchText);
        var claims = opts.Schema.For<Claim>().Index(c => c.SourceId).Index(c => c.FigureKey)
            // A column indexed for the retracted claims alone: the list counts the live claims as all less those, from two
            // indexes, without unpacking a million documents (ClaimViewUpkeep adds it to a ledger made before it).
            .Duplicate(c => c.Retracted, configure: index => index.Predicate = ClaimViewUpkeep.RetractedColumn);
        // An index of each kind's claims by id: the list counts one kind's from an index alone, as it counts all of them,
        // and a walk of the log in the order recorded (a page, an export) asks it whether each claim is of the kind
        // rather than reading the claim.
        foreach (var kind in ClaimKinds.All)
            claims.Index(c => c.Id, index => (index.Name, index.Predicate) = ($"mt_doc_claim_idx_kind_{kind}", ClaimSelection.OfKind(kind)));
        // Real columns, indexed: every figure, partnership and project read filters entries on one of these.
        opts.Schema.For<SubjectEntry>().Duplicate(e => e.SubjectId).Duplicate(e => e.SeriesKey).Duplicate(e => e.Kind);
        // The feed since a day reads only the sources active since (a ledger of 25,000 sources holds one document each).
        opts.Schema.For<Changes.SourceActivity>().Duplicate(a => a.LastDay);
        Extraction.ExtractionSetup.Configure(opts);

        // API keys issued by the admin command: their streams and the snapshot a request's key is looked up in by hash.
        opts.Projections.Snapshot<Access.ApiKey>(SnapshotLifecycle.Inline);
        opts.Schema.For<Access.ApiKey>().UniqueIndex(k => k.Sha256).UniqueIndex(k => k.Name);
    }

    private static void RebuildPages(JasperFx.Events.Projections.AsyncOptions options) => options.BatchSize = 5_000;

    /// <summary>The connection pool Marten's sessions take their connections from: for work outside a session, and to clear it.</summary>
    public static Npgsql.NpgsqlDataSource DataSource(IDocumentStore store) => ((Weasel.Postgresql.PostgresqlDatabase)store.Storage.Database).DataSource;
}
