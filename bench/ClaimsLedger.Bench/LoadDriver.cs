using System.Diagnostics;

namespace ClaimsLedger.Bench;

/// <param name="DriverPause">
/// How long the load driver's own garbage collections paused it during the measure: a paused driver reads no answers,
/// so every request in flight looks that much slower, whatever the service did.
/// </param>
public sealed record LoadResult(int Requests, int Failures, double PerSecond, double P50, double P95, double P99, TimeSpan DriverPause)
{
    public static LoadResult Of(List<double> latenciesMs, int failures, TimeSpan elapsed, TimeSpan pausedBefore)
    {
        latenciesMs.Sort();
        double At(double q) => latenciesMs.Count == 0 ? double.NaN : latenciesMs[Math.Min(latenciesMs.Count - 1, (int)(q * latenciesMs.Count))];
        return new LoadResult(latenciesMs.Count, failures, latenciesMs.Count / elapsed.TotalSeconds, At(0.50), At(0.95), At(0.99),
            GC.GetTotalPauseDuration() - pausedBefore);
    }
}

/// <summary>A small HTTP load driver: closed loop (N clients as fast as they go) or open loop (a fixed rate).</summary>
public static class LoadDriver
{
    /// <summary>
    /// A client with its own connection pool. It sends the harness key on every request, reads included: a load
    /// generator is one caller, and anonymous callers are rate-limited per address.
    /// </summary>
    public static HttpClient Client(string baseAddress, int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add(ClaimsLedger.ServiceHost.ServiceProcess.KeyHeader, ClaimsLedger.ServiceHost.ServiceProcess.HarnessSecret);
        return client;
    }

    public static Task<LoadResult> ClosedAsync(HttpClient http, int requests, int clients, Func<int, HttpRequestMessage> request) =>
        ClosedAsync(http, requests, clients, request, TimeSpan.MaxValue);

    /// <summary>
    /// As many requests as the clients send in <paramref name="duration"/>, and at most <paramref name="requests"/>: a
    /// warm-up that lasts as long on both sides of a comparison, whatever their rates.
    /// </summary>
    public static Task<LoadResult> ForAsync(HttpClient http, TimeSpan duration, int requests, int clients, Func<int, HttpRequestMessage> request) =>
        ClosedAsync(http, requests, clients, request, duration);

    private static async Task<LoadResult> ClosedAsync(HttpClient http, int requests, int clients, Func<int, HttpRequestMessage> request, TimeSpan duration)
    {
        var latencies = new List<double>(Math.Min(requests, 100_000));
        var failures = 0;
        var next = -1;
        var paused = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while (clock.Elapsed < duration && (i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request(i));
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                lock (latencies) latencies.Add(ms);
            }
        }));
        return LoadResult.Of(latencies, failures, clock.Elapsed, paused);
    }

    /// <summary>
    /// Two sides of a comparison timed request by request, one client: request i of one side, then request i of the
    /// other, the order turned round every request. Why: the host's speed moves over seconds (a figure read's SQL
    /// baseline measured 2.8 ms at p95 right after the ledger and 5.3 ms two minutes later), and sides timed one after the
    /// other each caught a different moment; paired, every moment falls on both alike.
    /// </summary>
    public static async Task<(LoadResult A, LoadResult B)> PairedAsync(int requests, HttpClient httpA, Func<int, HttpRequestMessage> requestA,
        HttpClient httpB, Func<int, HttpRequestMessage> requestB)
    {
        var latencies = new[] { new List<double>(requests), new List<double>(requests) };
        var failures = new int[2];
        var paused = GC.GetTotalPauseDuration();
        for (var i = 0; i < requests; i++)
            foreach (var side in i % 2 == 0 ? new[] { 0, 1 } : [1, 0])
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await (side == 0 ? httpA.SendAsync(requestA(i)) : httpB.SendAsync(requestB(i)));
                latencies[side].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) failures[side]++;
            }
        // Each side's rate over its own requests' time; the driver's pauses are the pass's, both sides'.
        LoadResult Side(int side) => LoadResult.Of(latencies[side], failures[side], TimeSpan.FromMilliseconds(latencies[side].Sum()), paused);
        return (Side(0), Side(1));
    }

    /// <summary>Requests started at a fixed rate whatever the answers do, so queueing shows in the latencies.</summary>
    public static async Task<LoadResult> OpenAsync(HttpClient http, double perSecond, int requests, Func<int, HttpRequestMessage> request)
    {
        var latencies = new List<double>(requests);
        var failures = 0;
        var paused = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        var running = new List<Task>(requests);
        for (var i = 0; i < requests; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var n = i;
            running.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request(n));
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                lock (latencies) latencies.Add(ms);
            }));
        }
        await Task.WhenAll(running);
        return LoadResult.Of(latencies, failures, clock.Elapsed, paused);
    }
}
