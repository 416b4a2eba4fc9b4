using ClaimsLedger.Claims;
using ClaimsLedger.Sources;
using JasperFx.Events.Projections;
using Marten;

namespace ClaimsLedger.Hosting;

/// <summary>The ledger's Marten configuration, in one place for the service, its commands and the benchmarks.</summary>
public static class LedgerStore
{
    public const string Schema = "ledger";

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

        opts.Schema.For<Claim>().Index(c => c.SourceId).Index(c => c.FigureKey).Index(c => c.Kind);
        opts.Schema.For<SubjectClaims>().Index(s => s.Kind).Index(s => s.SeriesKey);
        Extraction.ExtractionSetup.Configure(opts);

        // API keys issued by the admin command: their streams and the snapshot a request's key is looked up in by hash.
        opts.Projections.Snapshot<Access.ApiKey>(SnapshotLifecycle.Inline);
        opts.Schema.For<Access.ApiKey>().UniqueIndex(k => k.Sha256).UniqueIndex(k => k.Name);
    }
}
