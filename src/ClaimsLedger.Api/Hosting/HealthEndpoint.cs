using ClaimsLedger.Access;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace ClaimsLedger.Hosting;

public sealed record Health(string Status, string Database, long LedgerPosition, string Projections, string? Error);

public static class HealthEndpoint
{
    /// <summary>
    /// Up when the database answers; the ledger position is the newest event's sequence number. Every view is an
    /// inline projection, committed with the events it reflects, so projections never lag.
    /// </summary>
    [OpenToAll]
    [WolverineGet("/health")]
    public static Task<IResult> Get(IDocumentStore store, CancellationToken ct) => CheckAsync(store, ct);

    /// <summary>For load balancers and orchestrators: fails (503) while the database is unreachable.</summary>
    [OpenToAll]
    [WolverineGet("/health/ready")]
    public static Task<IResult> Ready(IDocumentStore store, CancellationToken ct) => CheckAsync(store, ct);

    private static async Task<IResult> CheckAsync(IDocumentStore store, CancellationToken ct)
    {
        try
        {
            // The newest sequence number, read from the key's index: counting events would grow with the ledger.
            await using var session = store.QuerySession();
            var position = (await session.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {LedgerStore.Schema}.mt_events", ct)).Single();
            return Results.Ok(new Health("up", "up", position, "inline: no lag", null));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return Results.Json(new Health("down", "unreachable", 0, "unknown", e.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
