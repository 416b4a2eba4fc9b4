using ClaimsLedger.ServiceHost;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClaimsLedger.Hosting;
using Npgsql;

namespace ClaimsLedger.Bench;

/// <param name="KeepDataIn">A folder to keep the cluster in after the run, to look into it or time a measure again.</param>
/// <param name="Published">Measure the service as deployed (published, ReadyToRun), not the build output; the smoke test uses the build.</param>
/// <param name="WarmUpSeconds">How long each side of #1 and #2 runs unmeasured before it is timed; by default 30 s, 2 s below 10,000 claims.</param>
public sealed record BenchOptions(int Claims = 10_000, int Clients = 16, string? Output = null, string? KeepDataIn = null, bool Published = true, int? WarmUpSeconds = null);

public sealed record Row(string Number, string Measure, string Ledger, string Baseline, string Ratio, string Goal, bool? Met);

/// <summary>
/// Runs every measure of the benchmark table once, at one size, against one private PostgreSQL cluster that the raw
/// baselines share with the service (same server, same durability settings, same payload bytes).
/// </summary>
public sealed class BenchRunner(BenchOptions options, TextWriter log)
{
    private readonly List<Row> _rows = [];
    /// <summary>
    /// How long each side of an append or correction measure runs before it is timed. From a fresh start the service's
    /// JIT compiles about 12,000 methods under append load (ReadyToRun code recompiled as it gets hot, and the generic code
    /// ReadyToRun cannot hold), spending 4-8 s of CPU in every 10 s for the first 40 s: 600 appends/s in the first 20 s,
    /// 1,200/s after a minute, on the same cluster. A warm-up of a fixed number of requests (2,000 until 2026-12-01:
    /// two seconds) timed the ledger inside that; a time spent on each side alike does not.
    /// </summary>
    private TimeSpan WarmUp => TimeSpan.FromSeconds(options.WarmUpSeconds ?? (options.Claims >= 10_000 ? 30 : 2));
    /// <summary>The most requests one warm-up sends (the smoke run's claims bound it too).</summary>
    private int WarmUpCap => options.Claims >= 10_000 ? 200_000 : options.Claims;
    /// <summary>
    /// How long each of the timed chunks of #1 and #2 runs (<see cref="Alternating"/>): long beside the async daemon's
    /// lag (0.3 s at most in #7), so the daemon's work left after a chunk, done in the pause that follows it, is a small
    /// part of the chunk's. Half a second in the smoke run.
    /// </summary>
    private TimeSpan Chunk => TimeSpan.FromSeconds(options.Claims >= 10_000 ? 3 : 0.5);
    /// <summary>The most requests a side's timed chunks can send: more than 12 s take at this machine's rates.</summary>
    private const int TimedCap = 60_000;

    /// <summary>How long the sustained appends (#1s) run: a minute from 100k claims on, less for the small runs.</summary>
    private static int SustainedSeconds(int claims) => claims >= 100_000 ? 60 : claims >= 10_000 ? 20 : 3;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<Row>> RunAsync()
    {
        var dataDir = options.KeepDataIn is { } keep ? Path.GetFullPath(keep) : Path.Combine(Path.GetTempPath(), $"claimsledger-bench-{Guid.NewGuid():N}");
        await PublishAsync();
        await using var pg = await EmbeddedPostgres.StartAsync(dataDir, deleteOnStop: options.KeepDataIn is null);
        var rawDb = await pg.CreateDatabaseAsync("bench_raw");
        var ledgerDb = await pg.CreateDatabaseAsync("bench_ledger");
        Step($"PostgreSQL: {await SettingsAsync(rawDb)}");
        Step($"Kernel writeback: {Machine.Writeback()}");
        if (options.KeepDataIn is not null) Step($"Kept after the run in {dataDir}; the ledger's database: {ledgerDb}");

        var sources = DataGenerator.Generate(options.Claims);
        var all = sources.SelectMany(s => s.Claims).ToList();
        Step($"Generated {all.Count} claims over {sources.Count} sources");

        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Ledger"] = ledgerDb, ["Ledger__SeedOnStart"] = "false" };
        var sourceIds = new Dictionary<GeneratedSource, Guid>();
        var payloads = new List<(Guid Id, string Payload)>(all.Count);
        var viewsCeiling = double.NaN;
        await using (var service = await ServiceProcess.StartAsync(environment))
        {
            using var http = LoadDriver.Client(service.Address, options.Clients);
            foreach (var source in sources) sourceIds[source] = await RegisterAsync(http, source);
            foreach (var source in sources)
                foreach (var claim in source.Claims)
                    payloads.Add((claim.Id, Body(claim, sourceIds[source]).Json));

            // Bulk import (#3): all but the claims kept back for single appends.
            var reserve = Math.Clamp(all.Count / 5, 200, 3000);
            var bulk = sources.SelectMany(s => s.Claims.Select(c => Body(c, sourceIds[s]))).Take(all.Count - reserve).ToList();
            var importRate = await ImportAsync(http, bulk);

            var raw = new RawPostgres(rawDb);
            var copyRate = await raw.CopyAsync(payloads);
            var batchedRate = await raw.BatchedAsync(payloads);
            var perTxRate = await raw.PerTransactionAsync(payloads.Take(Math.Min(payloads.Count, 20_000)).ToList(), options.Clients);
            Step($"B1 raw: COPY {copyRate:F0}/s, 100-row batches {batchedRate:F0}/s, one tx per claim {perTxRate:F0}/s");
            Add("3", "bulk import (POST /imports/claims, 1000 a request)", Rate(importRate), $"COPY {Rate(copyRate)}", importRate / copyRate, "≥ 40% of B1 COPY", importRate / copyRate >= 0.4);
            var millionSeconds = 1_000_000 / importRate;
            Add("3b", "1M claims by bulk import (extrapolated)", $"{millionSeconds:F0} s", "", double.NaN, "< 120 s", millionSeconds < 120);

            // What PostgreSQL alone spends storing the ledger's own rows: the most the import and a rebuild could reach here.
            var eventsAtImport = await EventCountAsync(ledgerDb);
            double importCeiling;
            await using (var ceilings = await Ceilings.ExportAsync(ledgerDb, Path.Combine(dataDir, "ceilings")))
            {
                importCeiling = await ceilings.ImportAsync(bulk.Count);
                viewsCeiling = await ceilings.ViewsAsync(eventsAtImport);
            }
            Add("3c", "ceiling for #3: PostgreSQL alone storing the import's own rows (stream, event, claim view, subject entry), COPYed pre-serialised",
                Rate(importCeiling), $"COPY {Rate(copyRate)}", importCeiling / copyRate, $"(shown: the import reaches {importRate / importCeiling:P0} of it)", null);

            // A bulk load leaves autovacuum and the checkpointer work to catch up on, which would otherwise be charged to
            // whichever measure runs next; settle both databases first, as an operator would after loading an archive.
            var settle = Stopwatch.StartNew();
            await SettleAsync(ledgerDb);
            await SettleAsync(rawDb);
            Step($"Settled after the bulk loads (VACUUM ANALYZE, CHECKPOINT) in {settle.Elapsed.TotalSeconds:F0} s");

            // Single appends over HTTP (#1) against B2, the same append behind a minimal endpoint.
            await using var minimal = await MinimalBaseline.StartAsync(rawDb);
            using var minimalHttp = LoadDriver.Client(minimal.Address, options.Clients);
            var singles = sources.SelectMany(s => s.Claims.Select(c => Body(c, sourceIds[s]))).Skip(all.Count - reserve).ToList();
            // Both sides are timed warm (see WarmUp): each first runs for the same time unmeasured, then is timed in
            // alternating chunks: the ledger on the kept-back claims, then copies of them under new ids (the same words, a
            // new claim).
            var appended = new Guid[TimedCap];
            ClaimBody Append(int i)
            {
                var claim = i < singles.Count ? singles[i] : singles[i % singles.Count].WithNewId();
                appended[i] = claim.Id;
                return claim;
            }
            // The warm-up's claims are copies of the imported ones of the first sources (up to 50,000 claims, about 1,250
            // sources, whose texts the service's cache holds), so its 20,000-45,000 claims spread over the figure keys
            // rather than piling onto the few thousand keys of the kept-back claims that the later measures copy, and
            // the figure reads (#4) meet keys of the size they would have without it.
            var warmUpPool = bulk.Take(50_000).ToList();
            var warmedUp = new Guid[WarmUpCap];
            var ledgerWarmUp = await LoadDriver.ForAsync(http, WarmUp, warmedUp.Length, options.Clients, i =>
            {
                var claim = warmUpPool[i % warmUpPool.Count].WithNewId();
                warmedUp[i] = claim.Id;
                return Post("/claims", claim);
            });
            var b2WarmUp = await LoadDriver.ForAsync(minimalHttp, WarmUp, WarmUpCap, options.Clients, i => Post("/raw/claims", payloads[i % payloads.Count].Payload));
            Step($"Appends warmed up for {WarmUp.TotalSeconds:F0} s: the ledger {Rate(ledgerWarmUp.PerSecond)}, B2 {Rate(b2WarmUp.PerSecond)}");
            // Timed in alternating chunks (Alternating): the host's drift falls on both sides alike.
            var (ledgerAppend, b2Append) = await Alternating.RunAsync(Chunk, () => CpuMeter.Read(dataDir, service.Pid), (isLedger, from, chunk) => isLedger
                ? LoadDriver.ForAsync(http, chunk, TimedCap - from, options.Clients, i => Post("/claims", Append(from + i)))
                : LoadDriver.ForAsync(minimalHttp, chunk, TimedCap - from, options.Clients, i => Post("/raw/claims", payloads[(from + i) % payloads.Count].Payload)));
            var ledgerEmpty = await LoadDriver.ClosedAsync(http, 2000, options.Clients, _ => new HttpRequestMessage(HttpMethod.Get, "/health/ready"));
            var minimalEmpty = await LoadDriver.ClosedAsync(minimalHttp, 2000, options.Clients, _ => new HttpRequestMessage(HttpMethod.Get, "/empty"));
            Add("1", $"HTTP append, one claim a request, {options.Clients} clients, each side after {WarmUp.TotalSeconds:F0} s of warm-up",
                Rate(ledgerAppend.PerSecond) + Failures(ledgerAppend) + $" (in the warm-up {Rate(ledgerWarmUp.PerSecond)})",
                $"B2 {Rate(b2Append.PerSecond)} (in the warm-up {Rate(b2WarmUp.PerSecond)}; {Alternating.ChunkRatios(ledgerAppend, b2Append)})", ledgerAppend.PerSecond / b2Append.PerSecond, "≥ 60% of B2", ledgerAppend.PerSecond / b2Append.PerSecond >= 0.6 && ledgerAppend.Failures == 0);
            // Where an append's CPU goes. PostgreSQL's share is the database's work for the ledger's rows and statements (the
            // async daemon's included); on this machine's cores it alone caps the rate, however cheap the service became.
            var pgPerAppend = ledgerAppend.Cpu.PostgresMs / ledgerAppend.Requests;
            var pgCap = Environment.ProcessorCount * 1000 / pgPerAppend;
            Add("1c", "ceiling for #1: CPU per append, and the rate PostgreSQL's share alone allows on all cores",
                $"{pgCap:N0} claims/s (PostgreSQL {pgPerAppend:F2} ms, the service {ledgerAppend.Cpu.ServiceMs / ledgerAppend.Requests:F2} ms a claim)",
                $"B2 {Rate(b2Append.PerSecond)} (PostgreSQL {b2Append.Cpu.PostgresMs / b2Append.Requests:F2} ms a claim)", pgCap / b2Append.PerSecond, "(shown, no goal)", null);
            Add("1h", "HTTP overhead: GET /health/ready (one DB query) vs empty minimal endpoint", Rate(ledgerEmpty.PerSecond), $"empty {Rate(minimalEmpty.PerSecond)}",
                ledgerEmpty.PerSecond / minimalEmpty.PerSecond, "(shown, no goal)", null);

            // Sustained appends (#1s): the other measures last seconds, too short for what builds up under minutes of load
            // (dead row versions that something keeps PostgreSQL from removing, as Marten's leadership lock did). Three
            // equal stretches at the full rate, then the dead row versions the activity feed's table keeps after VACUUM.
            var stretch = (int)Math.Max(100, ledgerAppend.PerSecond * SustainedSeconds(options.Claims) / 3);
            var stretches = new List<double>();
            for (var part = 0; part < 3; part++)
                stretches.Add((await LoadDriver.ClosedAsync(http, stretch, options.Clients, i => Post("/claims", singles[i % singles.Count].WithNewId()))).PerSecond);
            var deadLeft = await DeadRowVersionsAsync(ledgerDb, "mt_doc_sourceactivity");
            Add("1s", $"sustained appends, {options.Clients} clients, three stretches of {stretch:N0}: first and last rate; dead row versions VACUUM leaves in the feed's table",
                $"{Rate(stretches[0])} → {Rate(stretches[2])}; {deadLeft:N0} dead versions left", "", stretches[2] / stretches[0], "(shown, no goal)", null);

            var paced = Math.Max(1, ledgerAppend.PerSecond * 0.7);
            var pacedCount = (int)(paced * 5) + 50;
            var open = await LoadDriver.OpenAsync(http, paced, pacedCount, i => Post("/claims", singles[i % singles.Count].WithNewId()));
            Add("1p", $"append p99 at 70% of the maximum rate ({paced:F0}/s)", $"p99 {open.P99:F1} ms (p50 {open.P50:F1}; the load driver's own GC pauses {open.DriverPause.TotalMilliseconds:F0} ms)" + Failures(open), "", double.NaN, "p99 < 25 ms", open.P99 < 25 && open.Failures == 0);

            // Async projection lag (#7): appends at half the maximum rate for ten seconds while /health is sampled every
            // 100 ms for the activity feed's lag (the age of the oldest event it has not applied yet).
            var half = Math.Max(1, ledgerAppend.PerSecond * 0.5);
            var lags = await SampleLagAsync(http, () => LoadDriver.OpenAsync(http, half, (int)(half * 10) + 20, i => Post("/claims", singles[i % singles.Count].WithNewId())));
            Add("7", $"async projection lag (the activity feed) at 50% of the maximum append rate ({half:F0}/s), {lags.Count} samples",
                $"p99 {Percentile(lags, 0.99):F1} s (max {lags.DefaultIfEmpty().Max():F1} s)", "", double.NaN, "p99 < 1 s", lags.Count > 0 && Percentile(lags, 0.99) < 1);

            // Corrections with expected version (#2), many writers on distinct claims. Both sides take the same request
            // bytes, warmed for as long as the appends are (on claims of their own, each at version 1), then timed in
            // alternating chunks with the CPU they cost.
            HttpRequestMessage Correct(string claims, Guid id, string note) =>
                Post($"{claims}/{id}/corrections", new { expectedVersion = 1, reason = $"benchmark {note}", changes = new { note } });
            // The ledger's warm-up corrects claims the appends' warm-up recorded (none of them measured). Its timed
            // corrections are of imported claims the generator marked for correction (at most 5,000: all 15% of a
            // million would take longer than the rest together), then of the claims #1 appended.
            var ledgerWarmUpClaims = warmedUp.Take(ledgerWarmUp.Requests).ToList();
            await LoadDriver.ForAsync(http, WarmUp, ledgerWarmUpClaims.Count, options.Clients, i => Correct("/claims", ledgerWarmUpClaims[i], "warm-up"));
            var corrected = all.Take(bulk.Count).Where(c => c.Corrected).Select(c => c.Id).Take(5_000).Concat(appended.Take(ledgerAppend.Requests)).ToList();
            // B2 for #2 is the same work done by hand: a correction with expected version, of streams the raw baselines
            // and B2's appends wrote, half of them for the warm-up. (Until 2026-12-01 #2 was set against B2's append.)
            var rawStreams = await RawStreamsAtVersionOneAsync(rawDb, WarmUpCap + TimedCap);
            var rawCorrected = rawStreams.TakeLast(Math.Min(TimedCap, rawStreams.Count / 2)).ToList();
            var rawWarmUp = rawStreams.SkipLast(rawCorrected.Count).ToList();
            await LoadDriver.ForAsync(minimalHttp, WarmUp, rawWarmUp.Count, options.Clients, i => Correct("/raw/claims", rawWarmUp[i], "warm-up"));
            var (corrections, b2Corrections) = await Alternating.RunAsync(Chunk, () => CpuMeter.Read(dataDir, service.Pid), (isLedger, from, chunk) => isLedger
                ? LoadDriver.ForAsync(http, chunk, corrected.Count - from, options.Clients, i => Correct("/claims", corrected[from + i], "corrected"))
                : LoadDriver.ForAsync(minimalHttp, chunk, rawCorrected.Count - from, options.Clients, i => Correct("/raw/claims", rawCorrected[from + i], "corrected")));
            var correctionRatio = corrections.PerSecond / b2Corrections.PerSecond;
            Add("2", "correction with expected version, distinct claims",
                Rate(corrections.PerSecond) + Failures(corrections) +
                $" (PostgreSQL {corrections.Cpu.PostgresMs / Math.Max(1, corrections.Requests):F2} ms, the service {corrections.Cpu.ServiceMs / Math.Max(1, corrections.Requests):F2} ms a correction)",
                $"B2 {Rate(b2Corrections.PerSecond)}{Failures(b2Corrections)} (PostgreSQL {b2Corrections.Cpu.PostgresMs / Math.Max(1, b2Corrections.Requests):F2} ms a correction; B2's append {Rate(b2Append.PerSecond)}; {Alternating.ChunkRatios(corrections, b2Corrections)})",
                correctionRatio, "≥ 50% of B2", correctionRatio >= 0.5 && corrections.Failures == 0 && b2Corrections.Failures == 0);
            var retracted = all.Take(bulk.Count).Where(c => c.Retracted && !c.Corrected).Select(c => c.Id).Take(2_000).ToList();
            await LoadDriver.ClosedAsync(http, retracted.Count, options.Clients, i => Post($"/claims/{retracted[i]}/retraction", new { expectedVersion = 1, reason = "benchmark retraction" }));

            // Figure as of (#4), all three axes, against the hand-written SQL that fetches the same documents.
            var random = new Random(7);
            await MeasureFigureAsync(http, ledgerDb, all, random);

            // Fifty histories first, of other claims, so the endpoint's code is compiled and warm before it is timed (as
            // the figure reads are); the 500 timed are of claims not read before.
            var warmUp = Enumerable.Range(0, 50).Select(_ => all[random.Next(bulk.Count)].Id).ToList();
            await LoadDriver.ClosedAsync(http, warmUp.Count, 1, i => new HttpRequestMessage(HttpMethod.Get, $"/claims/{warmUp[i]}/history"));
            var audited = Enumerable.Range(0, 500).Select(_ => all[random.Next(bulk.Count)].Id).Except(warmUp).ToList();
            var history = await LoadDriver.ClosedAsync(http, audited.Count, 1, i => new HttpRequestMessage(HttpMethod.Get, $"/claims/{audited[i]}/history"));
            Add("5", "audit history of one claim", $"p95 {history.P95:F1} ms (p50 {history.P50:F1})" + Failures(history), "", double.NaN, "p95 ≤ 5 ms", history.P95 <= 5);

            // The project and partnership views (no goal in the issue), each over every claim about its subject: shown so that
            // their growth with the ledger shows up here, as the figure read's does in #4.
            var reads = new List<string>();
            foreach (var kind in new[] { "project", "partnership" })
            {
                var about = all.Where(c => c.Kind == kind).Select(c => c.Subject).Distinct().ToList();
                var asked = Enumerable.Range(0, 220).Select(_ => about[random.Next(about.Count)]).ToList();
                await LoadDriver.ClosedAsync(http, 20, 1, i => new HttpRequestMessage(HttpMethod.Get, asked[i]));
                var read = await LoadDriver.ClosedAsync(http, 200, 1, i => new HttpRequestMessage(HttpMethod.Get, asked[20 + i]));
                // Counted in the ledger, not the generator: #1's warm-up and the appends after it add copies of claims.
                var claims = await ClaimCountAsync(ledgerDb, kind);
                reads.Add($"{kind} p95 {read.P95:F1} ms (p50 {read.P50:F1}; {about.Count:N0} {kind}s, {claims / about.Count:N0} claims each)" + Failures(read));
            }
            Add("5s", "subject views, 200 reads each: a project's progress, a pair's partnership timeline", string.Join("; ", reads), "", double.NaN, "(shown, no goal)", null);

            // The lists the dashboard opens (no goal in the issue): shown so that a list reading the whole ledger shows up
            // here, as the lists of figures, sources and claims did until 2026-12-01 (7-9 s, 0.3 s and 2 s at 100k claims).
            var lists = new List<string>();
            // The searches find few, so each looks at every key, project id or source title (since 2026-12-06).
            // The partnerships' list, the figures in conflict and the activity feed since 2026-12-06; the feed since today
            // reads only the sources written to today, every one of them in this run.
            var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            // A series read whole, as JSON and as the CSV a spreadsheet takes (since 2026-12-06): every claim of every period.
            var series = string.Join(':', all.First(c => c.FigureKey is not null).FigureKey!.Split(':')[..2]);
            // One source compared with every other (since 2026-12-07): it reads every source's text, so it grows with them.
            var similar = $"/sources/{sourceIds[sources[0]]}/similar";
            // The figures of one metric (since the fifteenth session), the one whose keys come last: where keys sort by
            // bytes the page starts at its keys, where they did not (or before) it walked every other metric's first.
            var lastMetric = all.Where(c => c.FigureKey is not null).Select(c => c.FigureKey!.Split(':')[0]).Max(StringComparer.Ordinal);
            var metric = $"/figures?metric={lastMetric}";
            // The figures between one pair of parties (since the sixteenth session), the pair that sorts last: where keys
            // sort by bytes the page seeks each metric's keys of the pair, where they did not (or before) it walked every key.
            var lastParties = all.Where(c => c.FigureKey is not null).Select(c => c.FigureKey!.Split(':')[1]).Max(StringComparer.Ordinal);
            var parties = $"/figures?parties={lastParties}";
            foreach (var path in new[] { "/figures", metric, parties, "/projects", "/sources", "/claims", "/claims?kind=figure&page=20",
                         "/figures?search=ru-vn%201999", "/projects?search=project-4242", "/sources?search=article%204242",
                         "/partnerships", "/figures?conflict=true", "/changes", $"/changes?since={today}",
                         $"/figures/{series}", $"/figures/{series}/claims.csv", similar })
            {
                await LoadDriver.ClosedAsync(http, 3, 1, _ => new HttpRequestMessage(HttpMethod.Get, path));
                var read = await LoadDriver.ClosedAsync(http, 20, 1, _ => new HttpRequestMessage(HttpMethod.Get, path));
                lists.Add($"{path} p95 {read.P95:F0} ms" + Failures(read));
            }
            Add("5l", "list pages, 20 reads each: the first page of figures (100), of one metric's figures (100), of one pair's figures (100), projects (100), sources (100) and claims (50), page 20 of figure claims, a search of figures, projects and sources that finds few, the partnerships (100), the figures in conflict (100), the activity feed (50 sources a day), whole and since today, one series whole, as JSON and as CSV, and one source's similarity to every other",
                string.Join("; ", lists), "", double.NaN, "(shown, no goal)", null);
        }

        // Rebuilding every projection from the events (#6), with the service's own command.
        var events = await EventCountAsync(ledgerDb);
        var rebuild = await RebuildAsync(environment);
        Add("6", $"rebuild all projections from {events} events", Rate(events / rebuild.TotalSeconds, "events"), "", double.NaN, "≥ 30k events/s", events / rebuild.TotalSeconds >= 30_000);
        Add("6c", "ceiling for #6: PostgreSQL alone writing the views (claims, subject entries, sources, activity), COPYed pre-serialised, indexes built after",
            Rate(viewsCeiling, "events"), "", double.NaN, $"(shown: the rebuild reaches {events / rebuild.TotalSeconds / viewsCeiling:P0} of it)", null);

        // Cold start to the first served request, and idle memory (#8).
        await using (var cold = await ServiceProcess.StartAsync(environment))
        {
            var first = Stopwatch.StartNew();
            (await cold.Http.GetAsync(all.First(c => c.FigureKey is not null).Subject)).EnsureSuccessStatusCode();
            var firstQuery = first.Elapsed;
            await Task.Delay(3000);
            Add("8", "cold start to first answer (process start → /health up; then first figure read)",
                $"{cold.StartedIn.TotalSeconds:F2} s + {firstQuery.TotalMilliseconds:F0} ms", "", double.NaN, "≤ 3 s", cold.StartedIn.TotalSeconds + firstQuery.TotalSeconds <= 3);
            var rss = cold.ResidentMiB();
            Add("8m", "idle memory (RSS) after the first request", $"{rss:F0} MiB", "", double.NaN, "≤ 250 MB", rss <= 250 * 1_000_000 / 1_048_576.0);
        }

        return _rows;
    }

    /// <summary>
    /// Only the figure read (#4), against a cluster kept by an earlier run at the same size (its keys are generated
    /// again, deterministically): seconds per try instead of minutes, for working on the read.
    /// </summary>
    public async Task<IReadOnlyList<Row>> FigureOnlyAsync(string keptIn)
    {
        await PublishAsync();
        await using var pg = await EmbeddedPostgres.StartAsync(Path.GetFullPath(keptIn));
        var ledgerDb = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = "bench_ledger" }.ConnectionString;
        var all = DataGenerator.Generate(options.Claims).SelectMany(s => s.Claims).ToList();
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Ledger"] = ledgerDb, ["Ledger__SeedOnStart"] = "false" };
        await using var service = await ServiceProcess.StartAsync(environment);
        using var http = LoadDriver.Client(service.Address, options.Clients);
        await MeasureFigureAsync(http, ledgerDb, all, new Random(7));
        return _rows;
    }

    /// <summary>
    /// The bulk import (#3, #3b) alone on a fresh cluster, with the CPU each side spends a claim and the ceiling (3c): a
    /// quick loop for work on the import, a minute at 100k claims where the whole table takes ten.
    /// </summary>
    public async Task<IReadOnlyList<Row>> ImportOnlyAsync()
    {
        var dataDir = options.KeepDataIn is { } keep ? Path.GetFullPath(keep) : Path.Combine(Path.GetTempPath(), $"claimsledger-bench-{Guid.NewGuid():N}");
        await PublishAsync();
        await using var pg = await EmbeddedPostgres.StartAsync(dataDir, deleteOnStop: options.KeepDataIn is null);
        var rawDb = await pg.CreateDatabaseAsync("bench_raw");
        var ledgerDb = await pg.CreateDatabaseAsync("bench_ledger");
        var sources = DataGenerator.Generate(options.Claims);
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Ledger"] = ledgerDb, ["Ledger__SeedOnStart"] = "false" };
        await using var service = await ServiceProcess.StartAsync(environment);
        using var http = LoadDriver.Client(service.Address, options.Clients);
        var bulk = new List<ClaimBody>();
        foreach (var source in sources)
        {
            var sourceId = await RegisterAsync(http, source);
            bulk.AddRange(source.Claims.Select(c => Body(c, sourceId)));
        }
        // In two halves: the first pays for the fresh service's JIT compiling its hot code, the second shows it warm.
        var halves = new[] { bulk.Take(bulk.Count / 2).ToList(), bulk.Skip(bulk.Count / 2).ToList() };
        var timed = new List<(double Rate, CpuUse Cpu)>();
        foreach (var half in halves)
        {
            var start = CpuMeter.Read(dataDir, service.Pid);
            var rate = await ImportAsync(http, half);
            timed.Add((rate, CpuMeter.Read(dataDir, service.Pid) - start));
        }
        var importRate = bulk.Count / halves.Zip(timed).Sum(h => h.First.Count / h.Second.Rate);
        var cpu = timed[0].Cpu + timed[1].Cpu;
        string Half(int i) => $"{Rate(timed[i].Rate)} (PostgreSQL {timed[i].Cpu.PostgresMs * 1000 / halves[i].Count:F0} µs, the service {timed[i].Cpu.ServiceMs * 1000 / halves[i].Count:F0} µs a claim)";
        var copyRate = await new RawPostgres(rawDb).CopyAsync(bulk.Select(c => (c.Id, c.Json)).ToList());
        Add("3", "bulk import (POST /imports/claims, 1000 a request)",
            $"{Rate(importRate)} (PostgreSQL {cpu.PostgresMs * 1000 / bulk.Count:F0} µs, the service {cpu.ServiceMs * 1000 / bulk.Count:F0} µs a claim)",
            $"COPY {Rate(copyRate)}", importRate / copyRate, "≥ 40% of B1 COPY", importRate / copyRate >= 0.4);
        Add("3b", "1M claims by bulk import (extrapolated)", $"{1_000_000 / importRate:F0} s", "", double.NaN, "< 120 s", 1_000_000 / importRate < 120);
        Add("3h", "the import's halves: the fresh service, then warm", $"first {Half(0)}; second {Half(1)}", "", double.NaN, "(shown, no goal)", null);
        await using var ceilings = await Ceilings.ExportAsync(ledgerDb, Path.Combine(dataDir, "ceilings"));
        var importCeiling = await ceilings.ImportAsync(bulk.Count);
        Add("3c", "ceiling for #3: PostgreSQL alone storing the import's own rows", Rate(importCeiling), $"COPY {Rate(copyRate)}", importCeiling / copyRate,
            $"(shown: the import reaches {importRate / importCeiling:P0} of it)", null);
        return _rows;
    }

    /// <summary>A generated source through <c>POST /sources</c>; its id.</summary>
    private static async Task<Guid> RegisterAsync(HttpClient http, GeneratedSource source)
    {
        using var registered = await http.SendAsync(JsonRequests.Post("/sources", new { title = source.Title, publishedOn = source.PublishedOn, dateBasis = "stated", text = source.Text }));
        registered.EnsureSuccessStatusCode();
        return (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// The claims through <c>POST /imports/claims</c>, 1000 a request from two clients (one request is read while the
    /// other waits on PostgreSQL); claims a second.
    /// </summary>
    private async Task<double> ImportAsync(HttpClient http, IReadOnlyList<ClaimBody> bulk)
    {
        var clock = Stopwatch.StartNew();
        var batches = bulk.Chunk(1000).ToList();
        var nextBatch = -1;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            int b;
            while ((b = Interlocked.Increment(ref nextBatch)) < batches.Count)
                (await http.SendAsync(JsonRequests.PostJson("/imports/claims", $"{{\"claims\":[{string.Join(',', batches[b].Select(c => c.Json))}]}}"))).EnsureSuccessStatusCode();
        }));
        var rate = bulk.Count / clock.Elapsed.TotalSeconds;
        Step($"Imported {bulk.Count} claims: {rate:F0}/s");
        return rate;
    }

    /// <summary>The service measured is the one deployed: published (ReadyToRun), unless the run asked for the build output.</summary>
    private async Task PublishAsync()
    {
        if (!options.Published) return;
        var folder = Path.Combine(Path.GetTempPath(), $"claimsledger-service-{Guid.NewGuid():N}");
        await ServiceProcess.PublishAsync(folder);
        Step($"Published the service (Release, ReadyToRun) to {folder}");
    }

    private async Task MeasureFigureAsync(HttpClient http, string ledgerDb, IReadOnlyList<GeneratedClaim> all, Random random)
    {
        var keys = all.Select(c => c.FigureKey).OfType<string>().Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
        var now = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        var asked = Enumerable.Range(0, 500).Select(_ => keys[random.Next(keys.Count)]).ToList();
        // Both sides are measured on a second pass over the same keys, the rows in the cache: the first pass of whichever
        // went first would otherwise warm the cache for the other (it did: the ledger used to be measured cold and the SQL
        // after it warm). The ledger's first, cold pass is reported beside it. The second passes are timed in pairs, the
        // ledger's read of a key beside the SQL's (LoadDriver.PairedAsync), so the host's moments fall on both.
        HttpRequestMessage Figure(int i) => new(HttpMethod.Get, $"/figures/{asked[i]}?asOf=2020-06-30&validAt=2010-06-30&recordedAsOf={now}");
        HttpRequestMessage Rows(int i) => new(HttpMethod.Get, $"/raw/figures/{asked[i]}");
        var cold = await LoadDriver.ClosedAsync(http, asked.Count, 1, Figure);
        var sql = await HandWrittenFigureSqlAsync(ledgerDb, asked);
        await using var minimalFigures = await MinimalBaseline.StartAsync(ledgerDb);
        using var minimalFiguresHttp = LoadDriver.Client(minimalFigures.Address, 1);
        await LoadDriver.ClosedAsync(minimalFiguresHttp, asked.Count, 1, Rows);
        var (figure, sqlHttp) = await LoadDriver.PairedAsync(asked.Count, http, Figure, minimalFiguresHttp, Rows);
        // The goal's baseline is the hand-written SQL behind a minimal endpoint (as B2 is for appends), so both sides pay HTTP.
        Add("4", $"figure as of (validAt, asOf, recordedAsOf), {keys.Count} keys", $"p95 {figure.P95:F1} ms (p50 {figure.P50:F1}; first, cold pass p95 {cold.P95:F1})" + Failures(figure),
            $"SQL behind a minimal endpoint p95 {sqlHttp.P95:F1} ms, timed in pairs with the ledger's (in process {sql:F1} ms)", figure.P95 / sqlHttp.P95, "p95 ≤ 10 ms; ≤ 2× SQL",
            figure.P95 <= 10 && figure.P95 <= 2 * sqlHttp.P95);
    }

    /// <summary>Runs the load and samples every async projection's lag in seconds from /health meanwhile.</summary>
    private static async Task<List<double>> SampleLagAsync(HttpClient http, Func<Task<LoadResult>> load)
    {
        var samples = new List<double>();
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                // /health answers 503 when a projection is stuck; its body still carries the lag.
                using var response = await http.GetAsync("/health");
                var health = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (health.TryGetProperty("projections", out var projections))
                    foreach (var p in projections.EnumerateArray()) samples.Add(p.GetProperty("lagSeconds").GetDouble());
                await Task.Delay(100);
            }
        });
        await load();
        await done.CancelAsync();
        await sampler;
        return samples;
    }

    private static double Percentile(List<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
    }

    public static string Table(IReadOnlyList<Row> rows, int claims)
    {
        var text = new StringBuilder($"| # | measure at {claims:N0} claims | ledger | baseline | ratio | goal | met |\n|---|---|---|---|---|---|---|\n");
        foreach (var r in rows)
            text.Append($"| {r.Number} | {r.Measure} | {r.Ledger} | {r.Baseline} | {r.Ratio} | {r.Goal} | {(r.Met is null ? "" : r.Met.Value ? "yes" : "**no**")} |\n");
        return text.ToString();
    }

    private static ClaimBody Body(GeneratedClaim claim, Guid sourceId) =>
        claim.Json(sourceId) is var fields ? new(fields["id"]!.GetValue<Guid>(), fields.ToJsonString()) : throw new UnreachableException();

    /// <summary>
    /// A POST /claims body, serialised once, as B2's payloads are: the load driver shares the cores with the service
    /// and PostgreSQL, so each side's requests must cost the driver alike. The same claim under a new id is a second
    /// claim with the same words; only the id's characters change (a uuid's text has one length).
    /// </summary>
    private sealed record ClaimBody(Guid Id, string Json)
    {
        public ClaimBody WithNewId()
        {
            var id = Guid.CreateVersion7();
            return new ClaimBody(id, Json.Replace(Id.ToString(), id.ToString(), StringComparison.Ordinal));
        }
    }

    private static HttpRequestMessage Post(string path, object body) => body switch
    {
        string raw => JsonRequests.PostJson(path, raw),
        ClaimBody claim => JsonRequests.PostJson(path, claim.Json),
        _ => JsonRequests.Post(path, body),
    };

    private void Add(string number, string measure, string ledger, string baseline, double ratio, string goal, bool? met)
    {
        var row = new Row(number, measure, ledger, baseline, double.IsNaN(ratio) ? "" : $"{ratio:P0}", goal, met);
        _rows.Add(row);
        Step($"#{number} {measure}: {ledger} {baseline} {row.Ratio} (goal {goal})");
    }

    private void Step(string text) => log.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {text}");

    private static string Rate(double perSecond, string unit = "claims") => $"{perSecond:N0} {unit}/s";
    private static string Failures(LoadResult r) => Failures(r.Failures);
    private static string Failures(Side s) => Failures(s.Failures);
    private static string Failures(int failures) => failures == 0 ? "" : $" ({failures} failed)";

    private static async Task<string> SettingsAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var parts = new List<string>();
        foreach (var name in new[] { "server_version", "fsync", "synchronous_commit", "shared_buffers", "wal_level", "max_connections", "max_parallel_workers_per_gather" })
        {
            await using var cmd = new NpgsqlCommand($"SHOW {name}", conn);
            parts.Add($"{name}={await cmd.ExecuteScalarAsync()}");
        }
        return string.Join(", ", parts);
    }

    private static async Task<long> ClaimCountAsync(string connectionString, string kind)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM {LedgerStore.Schema}.mt_doc_claim WHERE data ->> 'Kind' = $1", conn) { Parameters = { new() { Value = kind } } };
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<long> EventCountAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM {LedgerStore.Schema}.mt_events", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The same rows a figure read needs, fetched by hand in process: no HTTP, no time travel, no figure rules.</summary>
    private static async Task<double> HandWrittenFigureSqlAsync(string connectionString, IReadOnlyList<string> keys)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        var latencies = new List<double>(keys.Count);
        foreach (var key in keys)
        {
            var started = Stopwatch.GetTimestamp();
            _ = await MinimalBaseline.FigureRowsAsync(db, key);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        latencies.Sort();
        return latencies[(int)(0.95 * latencies.Count)];
    }

    /// <summary>Streams B2's appends wrote, still at their first version, for B2's corrections.</summary>
    private static async Task<List<Guid>> RawStreamsAtVersionOneAsync(string connectionString, int count)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var select = db.CreateCommand("select id from raw_streams where version = 1 limit $1");
        select.Parameters.Add(new NpgsqlParameter { Value = count });
        var ids = new List<Guid>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// <summary>The dead row versions a table keeps after VACUUM: those some open snapshot still needs.</summary>
    private static async Task<long> DeadRowVersionsAsync(string connectionString, string table)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using (var vacuum = db.CreateCommand($"VACUUM {LedgerStore.Schema}.{table}")) { vacuum.CommandTimeout = 0; await vacuum.ExecuteNonQueryAsync(); }
        await using var dead = db.CreateCommand("select n_dead_tup from pg_stat_user_tables where schemaname = $1 and relname = $2");
        dead.Parameters.Add(new NpgsqlParameter { Value = LedgerStore.Schema });
        dead.Parameters.Add(new NpgsqlParameter { Value = table });
        return Convert.ToInt64(await dead.ExecuteScalarAsync());
    }

    private static async Task SettleAsync(string connectionString)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        foreach (var sql in new[] { "VACUUM (ANALYZE)", "CHECKPOINT" })
        {
            await using var command = db.CreateCommand(sql);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<TimeSpan> RebuildAsync(IDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet", [ServiceProcess.ApiDll, "rebuild"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(ServiceProcess.ApiDll),
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var match = System.Text.RegularExpressions.Regex.Match(output, @"views from [\d,]+ events in (\d+) ms");
        if (!match.Success) throw new InvalidOperationException("The rebuild did not finish:\n" + output + await process.StandardError.ReadToEndAsync());
        return TimeSpan.FromMilliseconds(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
    }
}
