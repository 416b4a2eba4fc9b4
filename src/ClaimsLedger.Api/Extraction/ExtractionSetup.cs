using JasperFx.Events.Projections;
using Marten;

namespace ClaimsLedger.Extraction;

/// <summary>The extraction slice's Marten registrations (proposal streams and their views).</summary>
public static class ExtractionSetup
{
    public static void Configure(StoreOptions opts)
    {
        // Inline, like the claim view: a proposal and its review queue row commit in one transaction.
        opts.Projections.Snapshot<Proposal>(SnapshotLifecycle.Inline);
        opts.Schema.For<Proposal>().Index(p => p.SourceId).Index(p => p.Status).Index(p => p.Kind);
    }
}
