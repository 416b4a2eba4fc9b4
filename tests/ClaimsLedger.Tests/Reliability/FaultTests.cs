using System.Diagnostics;
using ClaimsLedger.ServiceHost;
using Xunit.Abstractions;

namespace ClaimsLedger.Tests.Reliability;

/// <summary>
/// The service as a real process against a PostgreSQL it does not own, under the faults a deployment meets: a SIGKILL
/// mid-write, PostgreSQL restarting under load, a second node, and an event a projection cannot read. Every write the
/// service acknowledged must be in the ledger exactly once afterwards, and every view must equal a fresh rebuild.
/// </summary>
public sealed class FaultTests(FaultCluster cluster, ITestOutputHelper output) : IClassFixture<FaultCluster>
{
    [Fact]
    public async Task A_service_killed_mid_bulk_load_and_mid_concurrent_appends_loses_no_acknowledged_claim_and_duplicates_none()
    {
        var ledger = new LedgerUnderTest(await cluster.Postgres.CreateDatabaseAsync("faults_crash"));
        var sources = DataGenerator.Generate(1400, seed: 11);
        var service = await ledger.StartAsync("a");
        try
        {
            var sourceIds = await LedgerUnderTest.RegisterAsync(service.Http, sources);
            var claims = sources.SelectMany(s => s.Claims.Select(c => (c.Id, Body: c.Json(sourceIds[s])))).ToList();
            var batches = claims.Take(900).Chunk(75).ToList();
            var singles = claims.Skip(900).ToList();
            var answers = new Answers();

            // A bulk load by two loaders, killed once a few imports are acknowledged.
            var acknowledgedBatches = new HashSet<int>();
            var next = -1;
            var loaders = Enumerable.Range(0, 2).Select(async _ =>
            {
                int b;
                while ((b = Interlocked.Increment(ref next)) < batches.Count)
                {
                    var (status, retryAfter, _) = await LedgerUnderTest.SendAsync(service.Http, JsonRequests.Post("/imports/claims", new { claims = batches[b].Select(c => c.Body) }));
                    answers.Add("import", status, retryAfter);
                    if (status != 200) continue;
                    lock (acknowledgedBatches) acknowledgedBatches.Add(b);
                    foreach (var c in batches[b]) answers.Acknowledged[c.Id] = status;
                }
            }).ToList();
            await KillWhenAsync(service, () => { lock (acknowledgedBatches) return acknowledgedBatches.Count >= 3; });
            await Task.WhenAll(loaders);
            await service.DisposeAsync();
            var bulkAcknowledged = acknowledgedBatches.Count;
            Assert.InRange(bulkAcknowledged, 3, batches.Count - 1);

            // Restarted, the loader sends every import it has no answer for again, whole and with the same ids.
            service = await ledger.StartAsync("a-after-bulk-kill");
            var alreadyRecorded = 0;
            foreach (var b in Enumerable.Range(0, batches.Count).Where(b => !acknowledgedBatches.Contains(b)))
            {
                var (status, _, body) = await LedgerUnderTest.SendAsync(service.Http, JsonRequests.Post("/imports/claims", new { claims = batches[b].Select(c => c.Body) }));
                Assert.Equal(200, status);
                alreadyRecorded += body!["alreadyRecorded"]!.GetValue<int>();
                foreach (var c in batches[b]) answers.Acknowledged[c.Id] = status;
            }

            // Concurrent appends by eight clients, killed once a few hundred are acknowledged.
            var appenders = AppendAsync(service, singles, answers);
            await KillWhenAsync(service, () => answers.Acknowledged.Count >= 900 + 150);
            await appenders;
            await service.DisposeAsync();
            var appendsAcknowledged = singles.Count(c => answers.Acknowledged.ContainsKey(c.Id));
            Assert.InRange(appendsAcknowledged, 150, singles.Count - 1);

            service = await ledger.StartAsync("a-after-append-kill");
            var retriedAlreadyRecorded = await RetryUnacknowledgedAsync(service, singles, answers);
            output.WriteLine($"bulk: {bulkAcknowledged}/{batches.Count} imports acknowledged before the kill, {alreadyRecorded} claims of the resent imports were already recorded; " +
                             $"appends: {appendsAcknowledged}/{singles.Count} acknowledged before the kill, {retriedAlreadyRecorded} of the retried were already recorded");

            Assert.Empty(answers.ServerErrorsOtherThan503);
            await ledger.AssertEachRecordedOnceAsync(claims.Select(c => c.Id).ToList());

            // The async feed counted every claim once, though a node died under it; every view equals a rebuild.
            var changes = await LedgerUnderTest.CaughtUpChangesAsync(service);
            Assert.Equal(claims.Count, LedgerUnderTest.Recorded(changes));
            var before = await LedgerUnderTest.ReadViewsAsync(service.Http);
            // While a node serves the ledger the rebuild refuses, naming it, and leaves every view as it was.
            var (refused, said) = await ServiceProcess.RunCommandAsync(ledger.Environment("rebuild-refused"), "rebuild");
            Assert.True(refused != 0, "a rebuild beside a running node was not refused:\n" + said);
            Assert.Contains("Stop every node", said);
            LedgerUnderTest.AssertSameViews(before, await LedgerUnderTest.ReadViewsAsync(service.Http));
            await service.DisposeAsync();
            await ledger.RebuildAsync();
            service = await ledger.StartAsync("a-after-rebuild");
            await LedgerUnderTest.CaughtUpChangesAsync(service);
            LedgerUnderTest.AssertSameViews(before, await LedgerUnderTest.ReadViewsAsync(service.Http));
        }
        finally
        {
            await service.DisposeAsync();
        }
    }

    [Fact]
    public async Task PostgreSQL_restarted_under_load_answers_503_with_Retry_After_then_recovers_by_itself_and_loses_nothing()
    {
        var ledger = new LedgerUnderTest(await cluster.Postgres.CreateDatabaseAsync("faults_outage"));
        var sources = DataGenerator.Generate(1600, seed: 12);
        await using var service = await ledger.StartAsync("a");
        var sourceIds = await LedgerUnderTest.RegisterAsync(service.Http, sources);
        var claims = sources.SelectMany(s => s.Claims.Select(c => (c.Id, Body: c.Json(sourceIds[s]), c.Subject))).ToList();
        var answers = new Answers();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var outage = (Start: TimeSpan.MaxValue, End: TimeSpan.MaxValue);

        var nextClaim = -1;
        var writers = Enumerable.Range(0, 4).Select(async _ =>
        {
            int i;
            while (!stop.IsCancellationRequested && (i = Interlocked.Increment(ref nextClaim)) < claims.Count)
            {
                var (status, retryAfter, _) = await LedgerUnderTest.SendAsync(service.Http, JsonRequests.PostJson("/claims", claims[i].Body.ToJsonString()));
                answers.Add("append", status, retryAfter);
                if (status is 200 or 201) answers.Acknowledged[claims[i].Id] = status;
                await Task.Delay(5);
            }
        }).ToList();
        var random = new Random(3);
        var readers = Enumerable.Range(0, 2).Select(async r =>
        {
            while (!stop.IsCancellationRequested)
            {
                var path = r == 0 ? $"{claims[random.Next(claims.Count)].Subject}?asOf=2015-01-01" : $"/claims/{claims[random.Next(Math.Max(1, nextClaim))].Id}";
                var (status, retryAfter, _) = await LedgerUnderTest.SendAsync(service.Http, new HttpRequestMessage(HttpMethod.Get, path));
                answers.Add(r == 0 ? "subject" : "claim", status == 404 && r == 1 ? 200 : status, retryAfter);
                await Task.Delay(10);
            }
        }).ToList();
        var probe = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, retryAfter, _) = await LedgerUnderTest.SendAsync(service.Http, new HttpRequestMessage(HttpMethod.Get, "/health/ready"));
                answers.Add("ready", status, retryAfter);
                await Task.Delay(100);
            }
        });

        await Task.Delay(2000);
        outage.Start = clock.Elapsed;
        await cluster.Postgres.StopServerAsync();
        await Task.Delay(4000);
        await cluster.Postgres.StartServerAsync();
        outage.End = clock.Elapsed;
        var recovered = await WaitAsync(() => answers.All.Any(a => a.What == "append" && a.Status is 200 or 201 && a.At > outage.End), TimeSpan.FromSeconds(30));
        var recoveredIn = clock.Elapsed - outage.End;
        await Task.Delay(2000);
        stop.Cancel();
        await Task.WhenAll([.. writers, .. readers, probe]);

        var during = answers.All.Where(a => a.At > outage.Start && a.At < outage.End).ToList();
        output.WriteLine($"{answers.All.Count} requests; during the {(outage.End - outage.Start).TotalSeconds:F1} s outage: " +
                         string.Join(", ", during.GroupBy(a => (a.What, a.Status)).OrderBy(g => g.Key.What).Select(g => $"{g.Key.What} {g.Key.Status}: {g.Count()}")) +
                         $"; first acknowledged write {recoveredIn.TotalSeconds:F1} s after PostgreSQL was back");
        Assert.True(recovered, "no write succeeded after PostgreSQL came back");
        Assert.Empty(answers.ServerErrorsOtherThan503);
        Assert.DoesNotContain(answers.All, a => a.Status == 0);
        Assert.Contains(during, a => a.What == "append" && a.Status == 503 && a.RetryAfter);
        Assert.Contains(during, a => a.What == "ready" && a.Status == 503 && a.RetryAfter);
        Assert.All(answers.All.Where(a => a.Status == 503), a => Assert.True(a.RetryAfter, $"{a.What} 503 without Retry-After"));

        // What was not acknowledged is sent again; then every acknowledged claim is there exactly once.
        var sent = claims.Take(Math.Min(claims.Count, nextClaim + 1)).ToList();
        foreach (var claim in sent.Where(c => !answers.Acknowledged.ContainsKey(c.Id)))
        {
            var (status, _, _) = await LedgerUnderTest.SendAsync(service.Http, JsonRequests.PostJson("/claims", claim.Body.ToJsonString()));
            Assert.True(status is 200 or 201, $"retrying claim {claim.Id} answered {status}");
        }
        await ledger.AssertEachRecordedOnceAsync(sent.Select(c => c.Id).ToList());
        // The async daemon came back by itself too: the feed catches up and counts every claim once.
        Assert.Equal(sent.Count, LedgerUnderTest.Recorded(await LedgerUnderTest.CaughtUpChangesAsync(service, TimeSpan.FromSeconds(60))));
    }

    [Fact]
    public async Task Two_nodes_serve_one_ledger_run_the_async_projection_once_and_the_survivor_takes_over_when_the_leader_is_killed()
    {
        var ledger = new LedgerUnderTest(await cluster.Postgres.CreateDatabaseAsync("faults_two_nodes"));
        var nodes = new Dictionary<string, ServiceProcess> { ["a"] = await ledger.StartAsync("a"), ["b"] = await ledger.StartAsync("b") };
        try
        {
            var sources = DataGenerator.Generate(280, seed: 13);
            var sourceIds = await LedgerUnderTest.RegisterAsync(nodes["a"].Http, sources);
            var claims = sources.SelectMany(s => s.Claims.Select(c => (c.Id, Body: c.Json(sourceIds[s])))).ToList();
            var first = claims.Take(240).ToList();

            // Writes to either node, at once; each is read back from both.
            await Parallel.ForEachAsync(first.Select((c, i) => (c, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (x, _) =>
            {
                var node = nodes[x.i % 2 == 0 ? "a" : "b"];
                var (status, _, _) = await LedgerUnderTest.SendAsync(node.Http, JsonRequests.PostJson("/claims", x.c.Body.ToJsonString()));
                Assert.Equal(201, status);
                foreach (var reader in nodes.Values) Assert.Equal(x.c.Id, (await reader.GetAsync($"/claims/{x.c.Id}"))["id"]!.GetValue<Guid>());
            });

            // One node holds the daemon's lock; the feed, read from either node, counts each claim once.
            var leaders = (await nodes["b"].GetAsync("/health"))["daemonLeader"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
            Assert.Single(leaders);
            var leader = leaders[0].Replace("claimsledger ", "");
            Assert.Contains(leader, nodes.Keys);
            foreach (var node in nodes.Values) Assert.Equal(first.Count, LedgerUnderTest.Recorded(await LedgerUnderTest.CaughtUpChangesAsync(node)));
            await ledger.AssertEachRecordedOnceAsync(first.Select(c => c.Id).ToList());

            // kill -9 the leader: the survivor takes the lock at its next leadership poll and the feed moves on.
            var survivor = nodes.Keys.Single(k => k != leader);
            var killed = Stopwatch.StartNew();
            nodes[leader].Kill();
            var released = TimeSpan.Zero;
            var watchLock = Task.Run(async () =>
            {
                while (await ledger.CountAsync($"select count(*) from pg_stat_activity where application_name = 'claimsledger {leader}'") > 0) await Task.Delay(50);
                released = killed.Elapsed;
            });
            await nodes[survivor].WaitForAsync("/health", h => h["daemonLeader"]!.AsArray().Select(n => n!.GetValue<string>()).SequenceEqual(["claimsledger " + survivor]), TimeSpan.FromSeconds(30));
            var takeover = killed.Elapsed;
            await watchLock;
            foreach (var c in claims.Skip(240))
                Assert.Equal(201, (await LedgerUnderTest.SendAsync(nodes[survivor].Http, JsonRequests.PostJson("/claims", c.Body.ToJsonString()))).Status);
            var changes = await LedgerUnderTest.CaughtUpChangesAsync(nodes[survivor]);
            var caughtUp = killed.Elapsed;
            Assert.Equal(claims.Count, LedgerUnderTest.Recorded(changes));
            await ledger.AssertEachRecordedOnceAsync(claims.Select(c => c.Id).ToList());
            output.WriteLine($"leader {leader} killed; its database sessions were gone after {released.TotalSeconds:F1} s; {survivor} held the daemon's lock after {takeover.TotalSeconds:F1} s, and the feed had read " +
                             $"{claims.Count - first.Count} new claims {caughtUp.TotalSeconds:F1} s after the kill");
            Assert.True(takeover < TimeSpan.FromSeconds(10), $"takeover took {takeover.TotalSeconds:F1} s");
        }
        finally
        {
            foreach (var node in nodes.Values) await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_node_leading_the_async_daemon_holds_no_snapshot_so_PostgreSQL_can_remove_the_row_versions_the_feed_leaves_behind()
    {
        var ledger = new LedgerUnderTest(await cluster.Postgres.CreateDatabaseAsync("faults_leader_snapshot"));
        await using var node = await ledger.StartAsync("leader");
        await node.WaitForAsync("/health", h => h["daemonLeader"]!.AsArray().Select(n => n!.GetValue<string>()).SequenceEqual(["claimsledger leader"]), TimeSpan.FromSeconds(30));

        // Two sources, many claims: the feed rewrites each source's row once per batch, leaving old versions behind.
        var sources = DataGenerator.Generate(80, seed: 29);
        var sourceIds = await LedgerUnderTest.RegisterAsync(node.Http, sources);
        foreach (var source in sources)
            foreach (var claim in source.Claims)
            {
                Assert.Equal(201, (await LedgerUnderTest.SendAsync(node.Http, JsonRequests.PostJson("/claims", claim.Json(sourceIds[source]).ToJsonString()))).Status);
                await Task.Delay(10);
            }
        Assert.Equal(sources.Sum(s => s.Claims.Count), LedgerUnderTest.Recorded(await LedgerUnderTest.CaughtUpChangesAsync(node)));
        await Task.Delay(TimeSpan.FromSeconds(3));

        // A session holding a snapshot taken before those rewrites (the leader's lock, say) would keep every old version.
        var heldSnapshots = await ledger.CountAsync(
            "select count(*) from pg_stat_activity where application_name = 'claimsledger leader' and backend_xmin is not null " +
            "and now() - coalesce(xact_start, query_start) > interval '3 seconds'");
        await ledger.ExecuteAsync($"vacuum {LedgerUnderTest.Schema}.mt_doc_sourceactivity");
        var left = await ledger.CountAsync($"select n_dead_tup from pg_stat_user_tables where schemaname = '{LedgerUnderTest.Schema}' and relname = 'mt_doc_sourceactivity'");
        Assert.True(heldSnapshots == 0 && left == 0, $"{heldSnapshots} of the leader's sessions held a snapshot for over 3 s; vacuum left {left} dead row versions of the feed");
    }

    [Fact]
    public async Task An_event_the_async_projection_cannot_read_stops_it_visibly_and_the_view_is_rebuilt_once_the_event_is_repaired()
    {
        var ledger = new LedgerUnderTest(await cluster.Postgres.CreateDatabaseAsync("faults_poison"));
        var service = await ledger.StartAsync("a");
        try
        {
            var sources = DataGenerator.Generate(60, seed: 14);
            var sourceIds = await LedgerUnderTest.RegisterAsync(service.Http, sources);
            var claims = sources.SelectMany(s => s.Claims.Select(c => (c.Id, Body: c.Json(sourceIds[s])))).ToList();
            async Task Record(IEnumerable<(Guid Id, System.Text.Json.Nodes.JsonObject Body)> some)
            {
                foreach (var c in some) Assert.Equal(201, (await LedgerUnderTest.SendAsync(service.Http, JsonRequests.PostJson("/claims", c.Body.ToJsonString()))).Status);
            }
            await Record(claims.Take(40));
            await LedgerUnderTest.CaughtUpChangesAsync(service);

            // A source correction the feed's code cannot apply (its "After" is missing, as a bad migration or a hand edit
            // would leave it), then good claims. (Marten stores event bodies with PascalCase names.)
            var schema = LedgerUnderTest.Schema;
            var poisoned = sourceIds.Values.First();
            await ledger.ExecuteAsync(
                $"insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived) " +
                $"values (nextval('{schema}.mt_events_sequence'), gen_random_uuid(), '{poisoned}', 99, '{{\"SourceId\": \"{poisoned}\", \"Reason\": \"poison\"}}'::jsonb, " +
                $"'source_metadata_corrected', now(), '*DEFAULT*', 'ClaimsLedger.Sources.SourceMetadataCorrected, ClaimsLedger.Api', false)");
            await Record(claims.Skip(40));

            // The projection stops on it rather than skip it: /health says so and names the cause, the feed stays where it was.
            var health = await WaitForHealthAsync(service, h => h["status"]!.GetValue<string>() == "degraded", TimeSpan.FromSeconds(30));
            var projection = health["projections"]!.AsArray().Single()!;
            output.WriteLine(health.ToJsonString());
            Assert.Contains(projection["status"]!.GetValue<string>(), new[] { "paused", "stopped", "failing" });
            Assert.False(string.IsNullOrEmpty(projection["error"]?.GetValue<string>()));
            var stuck = await service.GetAsync("/changes");
            Assert.True(stuck["position"]!.GetValue<long>() < stuck["ledgerPosition"]!.GetValue<long>());
            Assert.True(LedgerUnderTest.Recorded(stuck) <= 40);
            Assert.Contains("SourceActivity", service.Output);

            // Repaired (the unreadable event was never an acknowledged write), the view is rebuilt and counts every claim.
            await ledger.ExecuteAsync($"delete from {schema}.mt_events where type = 'source_metadata_corrected' and data ->> 'Reason' = 'poison'");
            await service.DisposeAsync();
            await ledger.RebuildAsync();
            service = await ledger.StartAsync("a-after-repair");
            Assert.Equal(claims.Count, LedgerUnderTest.Recorded(await LedgerUnderTest.CaughtUpChangesAsync(service)));
            Assert.Equal("up", (await service.GetAsync("/health"))["status"]!.GetValue<string>());
        }
        finally
        {
            await service.DisposeAsync();
        }
    }

    /// <summary>
    /// A deployment stopping a node (SIGTERM) while eight clients append: the node finishes the requests it has taken
    /// and exits cleanly, with code 0, well within the 30 s a deployment waits; every claim it acknowledged is in the
    /// ledger, and every one it did not answer can be sent again to a new node, each ending recorded exactly once.
    /// </summary>
    [Fact]
    public async Task A_node_stopped_under_load_exits_cleanly_and_loses_no_acknowledged_claim()
    {
        var ledger = new LedgerUnderTest(await cluster.Postgres.CreateDatabaseAsync("faults_stop"));
        var sources = DataGenerator.Generate(800, seed: 13);
        var service = await ledger.StartAsync("s");
        try
        {
            var sourceIds = await LedgerUnderTest.RegisterAsync(service.Http, sources);
            var claims = sources.SelectMany(s => s.Claims.Select(c => (c.Id, Body: c.Json(sourceIds[s])))).ToList();
            var answers = new Answers();

            var appenders = AppendAsync(service, claims, answers);
            Assert.True(await WaitAsync(() => answers.Acknowledged.Count >= 150, TimeSpan.FromSeconds(60)), "the load never reached the point to stop at");
            var (exitCode, took) = await service.StopAsync();
            await appenders;
            await service.DisposeAsync();
            var acknowledged = answers.Acknowledged.Count;
            output.WriteLine($"stopped in {took.TotalSeconds:F2} s with {acknowledged}/{claims.Count} acknowledged; answers: " +
                             string.Join(", ", answers.All.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
            Assert.Equal(0, exitCode);
            Assert.True(took < TimeSpan.FromSeconds(15), $"the node took {took.TotalSeconds:F1} s to stop");
            Assert.InRange(acknowledged, 150, claims.Count - 1);
            Assert.Empty(answers.ServerErrorsOtherThan503);

            service = await ledger.StartAsync("s-after-stop");
            await RetryUnacknowledgedAsync(service, claims, answers);
            await ledger.AssertEachRecordedOnceAsync(claims.Select(c => c.Id).ToList());
        }
        finally
        {
            await service.DisposeAsync();
        }
    }

    /// <summary>Eight clients appending the claims, one request each, until the claims run out (a node that is gone answers at once).</summary>
    private static Task AppendAsync(ServiceProcess service, IReadOnlyList<(Guid Id, System.Text.Json.Nodes.JsonObject Body)> claims, Answers answers)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < claims.Count)
            {
                var (status, retryAfter, _) = await LedgerUnderTest.SendAsync(service.Http, JsonRequests.PostJson("/claims", claims[i].Body.ToJsonString()));
                answers.Add("append", status, retryAfter);
                if (status is 200 or 201) answers.Acknowledged[claims[i].Id] = status;
            }
        }));
    }

    /// <summary>Every claim without an answer sent again, as a client would: 201, or 200 when its lost answer's claim had committed; how many were.</summary>
    private static async Task<int> RetryUnacknowledgedAsync(ServiceProcess service, IReadOnlyList<(Guid Id, System.Text.Json.Nodes.JsonObject Body)> claims, Answers answers)
    {
        var alreadyRecorded = 0;
        foreach (var claim in claims.Where(c => !answers.Acknowledged.ContainsKey(c.Id)))
        {
            var (status, _, _) = await LedgerUnderTest.SendAsync(service.Http, JsonRequests.PostJson("/claims", claim.Body.ToJsonString()));
            Assert.True(status is 200 or 201, $"retrying claim {claim.Id} answered {status}");
            if (status == 200) alreadyRecorded++;
            answers.Acknowledged[claim.Id] = status;
        }
        return alreadyRecorded;
    }

    private static async Task KillWhenAsync(ServiceProcess service, Func<bool> condition)
    {
        Assert.True(await WaitAsync(condition, TimeSpan.FromSeconds(60)), "the load never reached the point to kill at");
        service.Kill();
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(5);
        }
        return true;
    }

    /// <summary>/health answers 503 when degraded, so it is read whatever the status code.</summary>
    private static async Task<System.Text.Json.Nodes.JsonNode> WaitForHealthAsync(ServiceProcess service, Func<System.Text.Json.Nodes.JsonNode, bool> ready, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (_, _, body) = await LedgerUnderTest.SendAsync(service.Http, new HttpRequestMessage(HttpMethod.Get, "/health"));
            if (body is not null && ready(body)) return body;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"/health never matched; last: {body?.ToJsonString()}\n{service.Output}");
            await Task.Delay(200);
        }
    }
}
