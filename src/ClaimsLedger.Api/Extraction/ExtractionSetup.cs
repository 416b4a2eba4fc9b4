using Marten;

namespace ClaimsLedger.Extraction;

/// <summary>The extraction slice's Marten registrations (proposal streams and their views).</summary>
public static class ExtractionSetup
{
    public static void Configure(StoreOptions opts)
    {
    }
}
