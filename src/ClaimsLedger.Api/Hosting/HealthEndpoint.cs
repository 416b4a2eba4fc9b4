using ClaimsLedger.Access;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Hosting;

/// <param name="DaemonLeader">The node(s) holding the async daemon's leadership lock: one, in hot/cold mode with a healthy pair.</param>
public sealed record Health(string Status, string Database, long LedgerPosition, IReadOnlyList<AsyncProjectionHealth> Projections, IReadOnlyList<string> DaemonLeader, string? Error);

public static class HealthEndpoint
{
    /// <summary>
    /// For monitoring: up when the database answers and every asynchronous projection runs and keeps up; degraded (503)
    /// when one is paused or stopped on an event it cannot apply, or trails by more than a minute; down (503) when the
    /// database is unreachable. The inline views commit with the events they reflect and never lag.
    /// </summary>
    [OpenToAll]
    [WolverineGet("/health")]
    [EndpointSummary("The service's health: the database and the background projections (503 when degraded or down)")]
    [ProducesResponseType<Health>(StatusCodes.Status200OK)]
    [ProducesResponseType<Health>(StatusCodes.Status503ServiceUnavailable)]
    public static async Task<IResult> Get(IDocumentStore store, ILogger<Health> log, CancellationToken ct)
    {
        try
        {
            var status = await AsyncProjections.StatusAsync(store, ct);
            if (status.Degraded)
            {
                foreach (var p in status.Projections.Where(p => p.Status is not ("running" or "starting")))
                    log.LogError("Async projection {Projection} is {Status} at {Position} ({Lag} events behind): {Error}", p.Name, p.Status, p.Position, p.LagEvents, p.Error);
            }
            var health = new Health(status.Degraded ? "degraded" : "up", "up", status.LedgerPosition, status.Projections, status.DaemonLeader, null);
            return Results.Json(health, statusCode: status.Degraded ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        }
        catch (Exception e) when (Unreachable(e))
        {
            return Down(e);
        }
    }

    /// <summary>
    /// For load balancers and orchestrators: fails (503) while the database is unreachable. A stuck asynchronous
    /// projection does not take a node out: every node reads the same database, so another would not answer better.
    /// </summary>
    [OpenToAll]
    [WolverineGet("/health/ready")]
    [EndpointSummary("Whether this node can answer: 503 while the database is unreachable")]
    [ProducesResponseType<Health>(StatusCodes.Status200OK)]
    [ProducesResponseType<Health>(StatusCodes.Status503ServiceUnavailable)]
    public static async Task<IResult> Ready(IDocumentStore store, CancellationToken ct)
    {
        try
        {
            await using var session = store.QuerySession();
            var position = (await session.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {LedgerStore.Schema}.mt_events", ct)).Single();
            return Results.Ok(new Health("up", "up", position, [], [], null));
        }
        catch (Exception e) when (Unreachable(e))
        {
            return Down(e);
        }
    }

    private static bool Unreachable(Exception e) => ErrorAnswers.IsOutage(e);

    private static IResult Down(Exception e)
    {
        var answer = Results.Json(new Health("down", "unreachable", 0, [], [], e.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        return new RetryAfter(answer);
    }

    /// <summary>A 503 that says when to ask again, like the write endpoints' outage answers.</summary>
    private sealed class RetryAfter(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.RetryAfter = ErrorAnswers.RetryAfterSeconds;
            return inner.ExecuteAsync(http);
        }
    }
}
