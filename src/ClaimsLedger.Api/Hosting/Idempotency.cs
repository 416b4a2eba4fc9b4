using ClaimsLedger.Access;
using ClaimsLedger.Common;
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

    /// <summary>
    /// A key that is there but says nothing is refused, not taken as no key: an empty header is what a script sends
    /// when its variable for the key was never set (<c>-H "Idempotency-Key: $KEY"</c>), and the write went through
    /// unprotected, so its retry wrote it again. Two keys on one request (two header lines) are refused too: which of
    /// them a retry must repeat is not for the ledger to guess.
    /// </summary>
    public static Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        var keys = http.Request.Headers[Header];
        var problem = keys.Count switch
        {
            0 => null,
            > 1 => "must be given once: one key a request",
            _ when string.IsNullOrWhiteSpace(keys[0]) => "must not be empty: a key of your choosing (a UUID, say), or no header for a write that is not retried",
            _ => null,
        };
        return problem is null || http.GetEndpoint()?.Metadata.GetMetadata<HttpChain>() is not { DeduplicatedWithResponse: not null }
            ? next()
            : Results.Problem(Problems.Invalid(Header, problem)).ExecuteAsync(http);
    }
}
