using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ClaimsLedger.Access;

/// <summary>
/// Per-caller rate limits (<c>Ledger:Limits</c>): a token bucket per authenticated identity (a key's name, a token's
/// subject) and per remote address for anonymous callers. A bucket holds <c>BurstSeconds</c> worth of requests and
/// refills at the rate. A key may carry its own <c>RequestsPerSecond</c>; 0 means unlimited (the service's own seed
/// key, a load generator's key). Over the limit: 429 problem details with Retry-After.
/// </summary>
public sealed record RateLimits(double RequestsPerSecond, double AnonymousRequestsPerSecond, double BurstSeconds)
{
    public const string Section = "Ledger:Limits";

    public static RateLimits From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return new RateLimits(section.GetValue("RequestsPerSecond", 1000.0), section.GetValue("AnonymousRequestsPerSecond", 200.0),
            Math.Max(section.GetValue("BurstSeconds", 2.0), 0.001));
    }

    public void Configure(RateLimiterOptions o)
    {
        o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var user = http.User;
            return user.Identity is { IsAuthenticated: true, Name: { } name }
                ? Bucket(name, CallerPrincipal.RequestsPerSecond(user) ?? RequestsPerSecond)
                : Bucket("ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"), AnonymousRequestsPerSecond);
        });
        o.OnRejected = async (context, ct) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"{context.HttpContext.User.Identity?.Name ?? "This address"} sent more requests than its limit allows. Nothing was written. Retry after {retryAfter} s.",
                Type = "https://datatracker.ietf.org/doc/html/rfc6585#section-4",
                Extensions = { ["retryAfterSeconds"] = retryAfter },
            }).ExecuteAsync(context.HttpContext);
        };
    }

    private RateLimitPartition<string> Bucket(string partition, double perSecond)
    {
        if (perSecond <= 0) return RateLimitPartition.GetNoLimiter(partition);
        // Under one a second, one token comes back every 1/rate seconds.
        var (tokens, period) = perSecond >= 1 ? ((int)perSecond, TimeSpan.FromSeconds(1)) : (1, TimeSpan.FromSeconds(1 / perSecond));
        var burst = Math.Max(1, (int)Math.Ceiling(perSecond * BurstSeconds));
        return RateLimitPartition.GetTokenBucketLimiter($"{partition}|{perSecond}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst, TokensPerPeriod = tokens, ReplenishmentPeriod = period, QueueLimit = 0, AutoReplenishment = true,
        });
    }
}
