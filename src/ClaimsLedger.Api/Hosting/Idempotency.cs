using ClaimsLedger.Access;
using Wolverine.Http;

namespace ClaimsLedger.Hosting;

/// <summary>
/// Every write takes an <c>Idempotency-Key</c> header: a retry with the same key from the same caller to the same
/// endpoint gets the first answer (status, body, Location) and appends nothing; the same key with a different request
/// gets 422. This is Wolverine's replayed deduplication, with the key's claim and the answer written in the write's own
/// Marten transaction: the events and the stored answer commit together or not at all, so no crash can leave an
/// applied write without its answer (or an answer without its write).
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    public static void Apply(HttpChain chain)
    {
        if (!AccessConvention.IsWrite(chain)) return;
        chain.DeduplicatedWithResponse ??= new DeduplicatedWithResponseRequirement
        {
            // Keys belong to a caller and an endpoint: one caller's key never answers another's request.
            Scope = DeduplicationScope.User | DeduplicationScope.Endpoint,
            Required = false,
            ClaimInTransaction = true,
        };
    }
}
