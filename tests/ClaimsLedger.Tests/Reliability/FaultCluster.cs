using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClaimsLedger.Hosting;
using ClaimsLedger.ServiceHost;
using Npgsql;

namespace ClaimsLedger.Tests.Reliability;

/// <summary>
/// A PostgreSQL cluster owned by the fault tests, outside every service process: killing a service leaves it up, and
/// the tests can stop and start it under a running service.
/// </summary>
public sealed class FaultCluster : IAsyncLifetime
{
    public EmbeddedPostgres Postgres { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Postgres = await EmbeddedPostgres.StartAsync(Path.Combine(Path.GetTempPath(), $"claimsledger-faults-{Guid.NewGuid():N}"), deleteOnStop: true);

    public async Task DisposeAsync() => await Postgres.DisposeAsync();
}

/// <summary>One ledger database on the fault cluster, the service processes that serve it, and what it holds.</summary>
public sealed class LedgerUnderTest(string connectionString)
{
    public const string Schema = LedgerStore.Schema;

    /// <summary>The views compared with a rebuild after the faults.</summary>
    public static readonly string[] Views =
        ["/sources", "/claims?pageSize=500", "/claims?pageSize=500&page=2", "/figures", "/figures?asOf=2015-01-01", "/projects", "/changes"];

    public Dictionary<string, string?> Environment(string node) => new()
    {
        ["ConnectionStrings__Ledger"] = connectionString, ["Ledger__SeedOnStart"] = "false", ["Ledger__NodeName"] = node,
    };

    public Task<ServiceProcess> StartAsync(string node) => ServiceProcess.StartAsync(Environment(node));

    /// <summary>The ledger's own record of what was recorded: ClaimRecorded events per claim id, read from the event store.</summary>
    public async Task<Dictionary<Guid, long>> RecordedPerClaimAsync()
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand($"select stream_id, count(*) from {Schema}.mt_events where type = 'claim_recorded' group by stream_id", conn);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<Guid, long>();
        while (await reader.ReadAsync()) counts[reader.GetGuid(0)] = reader.GetInt64(1);
        return counts;
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every acknowledged claim exactly once, and nothing else.</summary>
    public async Task AssertEachRecordedOnceAsync(IReadOnlyCollection<Guid> claimIds)
    {
        var recorded = await RecordedPerClaimAsync();
        Assert.DoesNotContain(recorded, r => r.Value != 1);
        Assert.DoesNotContain(claimIds, id => !recorded.ContainsKey(id));
        Assert.Equal(claimIds.Count, recorded.Count);
    }

    /// <summary>Registers the generated sources through the API; their ids.</summary>
    public static async Task<Dictionary<GeneratedSource, Guid>> RegisterAsync(HttpClient http, IEnumerable<GeneratedSource> sources)
    {
        var ids = new Dictionary<GeneratedSource, Guid>();
        foreach (var source in sources)
        {
            using var response = await http.SendAsync(JsonRequests.Post("/sources", new { title = source.Title, publishedOn = source.PublishedOn, dateBasis = "stated", text = source.Text }));
            response.EnsureSuccessStatusCode();
            ids[source] = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        }
        return ids;
    }

    /// <summary>A request's status, 0 when no answer came (the process died, the connection broke), and whether it said when to retry.</summary>
    public static async Task<(int Status, bool RetryAfter, JsonNode? Body)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, response.Headers.RetryAfter is not null, text.Length == 0 ? null : JsonNode.Parse(text));
        }
        // A killed process can surface as any of these, a bare SocketException included (seen when the connection
        // was torn down while the client was still asking for its remote end point).
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or System.Net.Sockets.SocketException) { return (0, false, null); }
        finally { request.Dispose(); }
    }

    /// <summary>Waits until the asynchronous activity feed has read every event; its answer then.</summary>
    public static async Task<JsonNode> CaughtUpChangesAsync(ServiceProcess service, TimeSpan? timeout = null) =>
        await service.WaitForAsync("/changes", c => c["position"]!.GetValue<long>() == c["ledgerPosition"]!.GetValue<long>(), timeout ?? TimeSpan.FromSeconds(30));

    public static long Recorded(JsonNode changes) => changes["days"]!.AsArray().Sum(d => d!["claimsRecorded"]!.GetValue<long>());

    public static async Task<string[]> ReadViewsAsync(HttpClient http) =>
        await Task.WhenAll(Views.Select(async v => await http.GetStringAsync(v)));

    /// <summary>The service's own rebuild command, as an operator runs it.</summary>
    public async Task RebuildAsync()
    {
        var (exit, output) = await ServiceProcess.RunCommandAsync(Environment("rebuild"), "rebuild");
        Assert.True(exit == 0, "rebuild failed:\n" + output);
    }

    public static void AssertSameViews(string[] before, string[] after)
    {
        for (var i = 0; i < Views.Length; i++)
        {
            if (before[i] == after[i]) continue;
            var at = 0;
            while (at < Math.Min(before[i].Length, after[i].Length) && before[i][at] == after[i][at]) at++;
            string Around(string text) => text[Math.Max(0, at - 400)..Math.Min(text.Length, at + 400)];
            Assert.Fail($"{Views[i]} differs after a rebuild at character {at}:\nbefore: …{Around(before[i])}…\nafter:  …{Around(after[i])}…");
        }
    }
}

/// <summary>Which requests were answered, and how: the record a test checks against the ledger.</summary>
public sealed class Answers
{
    public readonly ConcurrentDictionary<Guid, int> Acknowledged = new();
    public readonly ConcurrentBag<(string What, int Status, bool RetryAfter, TimeSpan At)> All = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Add(string what, int status, bool retryAfter) => All.Add((what, status, retryAfter, _clock.Elapsed));

    public IEnumerable<(string What, int Status, bool RetryAfter, TimeSpan At)> ServerErrorsOtherThan503 => All.Where(a => a.Status >= 500 && a.Status != 503);
}
