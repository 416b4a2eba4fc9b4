using Marten;
using Npgsql;
using Wolverine.Http;

namespace ClaimsLedger.Hosting;

public sealed record Health(string Status, string Database, long LedgerPosition, string? Error);

public static class HealthEndpoint
{
    /// <summary>Up when the database answers; the ledger position is the newest event's sequence number.</summary>
    [WolverineGet("/health")]
    public static async Task<IResult> Get(IDocumentStore store, CancellationToken ct)
    {
        try
        {
            var position = (await store.Advanced.FetchEventStoreStatistics(token: ct)).EventSequenceNumber;
            return Results.Ok(new Health("up", "up", position, null));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return Results.Json(new Health("down", "unreachable", 0, e.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
