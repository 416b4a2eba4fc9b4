using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ClaimsLedger.Hosting;
using ClaimsLedger.ServiceHost;
using Npgsql;

namespace ClaimsLedger.Bench;

public sealed record SoakOptions(int Seconds = 150, double Rate = 100, int Preload = 4000, string? Output = null);

/// <summary>
/// A sustained mix of reads and writes at a fixed rate (open loop: requests start on schedule whatever the answers do),
/// against the real service on 127.0.0.1 with a private PostgreSQL. Afterwards every acknowledged write is looked up in
/// the event store: a lost or duplicated write fails the run, as does any 5xx.
/// </summary>
public sealed class Soak(SoakOptions options, TextWriter log)
{
    // The mix, per 20 requests: 8 reads of a figure, project or partnership as of a date (the generated claims' subjects), 5 claim reads, 5 appends, 2 corrections.
    private static readonly string[] Mix = ["subject", "claim", "append", "subject", "claim", "append", "subject", "correction", "subject", "claim",
                                            "append", "subject", "claim", "append", "subject", "correction", "subject", "claim", "append", "subject"];

    private sealed record Outcome(string Kind, int Status, double Ms);

    public async Task<(string Report, bool Passed)> RunAsync()
    {
        var total = (int)(options.Seconds * options.Rate);
        var appendsNeeded = total * Mix.Count(m => m == "append") / Mix.Length + 100;
        var dataDir = Path.Combine(Path.GetTempPath(), $"claimsledger-soak-{Guid.NewGuid():N}");
        await using var pg = await EmbeddedPostgres.StartAsync(dataDir, deleteOnStop: true);
        var db = await pg.CreateDatabaseAsync("soak");
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Ledger"] = db, ["Ledger__SeedOnStart"] = "false" };
        await using var service = await ServiceProcess.StartAsync(environment);
        using var http = LoadDriver.Client(service.Address, 64);

        var sources = DataGenerator.Generate(options.Preload + appendsNeeded, seed: 5);
        var sourceIds = new Dictionary<GeneratedSource, Guid>();
        foreach (var source in sources)
        {
            using var registered = await http.SendAsync(JsonRequests.Post("/sources", new { title = source.Title, publishedOn = source.PublishedOn, dateBasis = "stated", text = source.Text }));
            registered.EnsureSuccessStatusCode();
            sourceIds[source] = JsonNode.Parse(await registered.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
        }
        var claims = sources.SelectMany(s => s.Claims.Select(c => (c.Id, c.Subject, Body: c.Json(sourceIds[s]).ToJsonString()))).ToList();
        foreach (var batch in claims.Take(options.Preload).Chunk(1000))
            (await http.SendAsync(JsonRequests.PostJson("/imports/claims", "{\"claims\":[" + string.Join(',', batch.Select(c => c.Body)) + "]}"))).EnsureSuccessStatusCode();
        log.WriteLine($"Preloaded {options.Preload} claims over {sources.Count} sources; soaking {options.Seconds} s at {options.Rate}/s ({total} requests)");

        var subjects = claims.Select(c => c.Subject).Distinct().ToList();
        var recorded = new ConcurrentQueue<Guid>(claims.Take(options.Preload).Select(c => c.Id));
        var appended = new ConcurrentDictionary<Guid, bool>();
        var corrected = new ConcurrentDictionary<Guid, bool>();
        var outcomes = new ConcurrentBag<Outcome>();
        var nextAppend = options.Preload - 1;
        var loads = new List<double>();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                lock (loads) loads.Add(LoadAverage());
                try { await Task.Delay(5000, sampling.Token); } catch (OperationCanceledException) { }
            }
        });

        var clock = Stopwatch.StartNew();
        var running = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var wait = TimeSpan.FromSeconds(i / options.Rate) - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var kind = Mix[i % Mix.Length];
            var random = new Random(i);
            running.Add(Task.Run(async () =>
            {
                HttpRequestMessage request;
                Guid? written = null;
                switch (kind)
                {
                    case "subject":
                        var asOf = new DateOnly(2000, 1, 1).AddDays(random.Next(0, 9500)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                        request = new HttpRequestMessage(HttpMethod.Get, $"{subjects[random.Next(subjects.Count)]}?asOf={asOf}&validAt={asOf}");
                        break;
                    case "claim":
                        request = new HttpRequestMessage(HttpMethod.Get, $"/claims/{claims[random.Next(options.Preload)].Id}");
                        break;
                    case "append":
                        var claim = claims[Interlocked.Increment(ref nextAppend)];
                        written = claim.Id;
                        request = JsonRequests.PostJson("/claims", claim.Body);
                        break;
                    default:
                        // Each claim is corrected once, from version 1, so a 409 would be a fault, not a race.
                        if (!recorded.TryDequeue(out var target)) return;
                        written = target;
                        request = JsonRequests.Post($"/claims/{target}/corrections", new { expectedVersion = 1, reason = "soak correction", changes = new { note = "corrected under load" } });
                        break;
                }
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await http.SendAsync(request);
                    status = (int)response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { status = 0; }
                outcomes.Add(new Outcome(kind, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                if (written is { } id && status is >= 200 and < 300) (kind == "append" ? appended : corrected)[id] = true;
                if (kind == "append" && status is >= 200 and < 300) recorded.Enqueue(written!.Value);
            }));
        }
        await Task.WhenAll(running);
        var elapsed = clock.Elapsed;
        sampling.Cancel();
        await sampler;
        loads.Add(LoadAverage());

        // Every acknowledged write, looked up in the event store.
        var (lostAppends, duplicated) = await CheckAsync(db, "claim_recorded", appended.Keys);
        var (lostCorrections, doubled) = await CheckAsync(db, "claim_corrected", corrected.Keys);
        var all = outcomes.ToList();
        var serverErrors = all.Count(o => o.Status >= 500 || o.Status == 0);
        var refused = all.Count(o => o.Status is >= 400 and < 500 && !(o.Kind == "subject" && o.Status == 404));
        var passed = serverErrors == 0 && lostAppends + duplicated + lostCorrections + doubled == 0 && refused == 0;

        var report = new StringBuilder();
        report.AppendLine($"Soak: {all.Count} requests in {elapsed.TotalSeconds:F0} s ({all.Count / elapsed.TotalSeconds:F1}/s, target {options.Rate}/s), " +
                          $"{Machine.Describe()}, load average {loads.Min():F2}–{loads.Max():F2} (mean {loads.Average():F2}) during the run");
        report.AppendLine();
        report.AppendLine("| request | count | 2xx | 4xx | 5xx or no answer | p50 ms | p95 ms | p99 ms | max ms |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var group in all.GroupBy(o => o.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Append(all.GroupBy(_ => "all").Single()))
        {
            var ms = group.Select(o => o.Ms).Order().ToList();
            double At(double q) => ms[Math.Min(ms.Count - 1, (int)(q * ms.Count))];
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {ms.Count} | {group.Count(o => o.Status is >= 200 and < 300)} | {group.Count(o => o.Status is >= 400 and < 500)} | {group.Count(o => o.Status >= 500 || o.Status == 0)} | {At(0.5):F1} | {At(0.95):F1} | {At(0.99):F1} | {ms[^1]:F1} |"));
        }
        report.AppendLine();
        report.AppendLine($"Acknowledged appends: {appended.Count}, missing from the event store: {lostAppends}, recorded more than once: {duplicated}. " +
                          $"Acknowledged corrections: {corrected.Count}, missing: {lostCorrections}, applied more than once: {doubled}. " +
                          $"(A read of a figure, project or partnership answers 404 when it has no claim known by the random date; those count as answers, not failures.)");
        report.AppendLine(passed ? "Result: PASSED (zero 5xx, zero refused writes, zero lost or duplicated writes)" : "Result: FAILED");
        return (report.ToString(), passed);
    }

    private static async Task<(int Lost, int Duplicated)> CheckAsync(string db, string eventType, ICollection<Guid> acknowledged)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand($"select stream_id, count(*) from {LedgerStore.Schema}.mt_events where type = @type group by stream_id", conn);
        command.Parameters.AddWithValue("type", eventType);
        var counts = new Dictionary<Guid, long>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) counts[reader.GetGuid(0)] = reader.GetInt64(1);
        return (acknowledged.Count(id => !counts.ContainsKey(id)), acknowledged.Count(id => counts.GetValueOrDefault(id) > 1));
    }

    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
