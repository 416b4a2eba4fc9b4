using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClaimsLedger.Hosting;
using ClaimsLedger.Seeding;
using Marten;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClaimsLedger.Tests.Support;

/// <summary>
/// The service in-process over a real PostgreSQL: a private cluster this run starts and removes, or the server named by
/// LEDGER_TEST_CONNECTION. Every test starts from an empty ledger (and loads the seed corpus when it needs it).
/// </summary>
public sealed class LedgerApp : IAsyncLifetime
{
    public const string ServerVariable = "LEDGER_TEST_CONNECTION";

    private EmbeddedPostgres? _cluster;
    private WebApplicationFactory<Program> _factory = null!;

    public HttpClient Client { get; private set; } = null!;
    public IDocumentStore Store => _factory.Services.GetRequiredService<IDocumentStore>();
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            _cluster = await EmbeddedPostgres.StartAsync(Path.Combine(Path.GetTempPath(), $"claimsledger-tests-{Guid.NewGuid():N}"), deleteOnStop: true);
            ConnectionString = await _cluster.CreateDatabaseAsync("ledger_tests");
        }
        else ConnectionString = server;

        // Program ends in RunJasperFxCommands, which only builds the host unless told to start it for a test server.
        JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", ConnectionString);
            b.UseSetting("Ledger:SeedOnStart", "false");
            // One node, and the tests wait for the async projections with CatchUpAsync.
            b.UseSetting("Ledger:Projections:Daemon", "Solo");
        });
        Client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    public async Task ResetAsync() => await Store.Advanced.ResetAllData();

    /// <summary>Brings every asynchronous projection up to the newest event, so a test reads them deterministically.</summary>
    public async Task CatchUpAsync() =>
        await Marten.Events.TestingExtensions.ForceAllMartenDaemonActivityToCatchUpAsync(_factory.Services, CancellationToken.None);

    public static string SeedDirectory => Path.Combine(RepoRoot, "seeds", "articles");

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ClaimsLedger.sln"))) return dir.FullName;
            throw new InvalidOperationException("Cannot find the repository root from " + AppContext.BaseDirectory);
        }
    }

    public Task<IReadOnlyList<CorpusLoadReport>> LoadSeedAsync() => new CorpusLoader(Client).LoadDirectoryAsync(SeedDirectory);

    /// <summary>
    /// How many events the ledger holds: the measure of "nothing appended". Marten's tombstones are left out: they are
    /// its bookkeeping for sequence numbers a failed transaction used (so projections never wait on a gap), not claims.
    /// </summary>
    public async Task<long> EventCountAsync()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName != "tombstone").LongCountAsync();
    }

    public async Task<(int Status, JsonNode? Body)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public async Task<(int Status, JsonNode? Body)> PostAsync(string path, object body, string? actor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (actor is not null) request.Headers.Add("X-Actor", actor);
        using var response = await Client.SendAsync(request);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public async Task<(int Status, JsonNode? Body)> PostRawAsync(string path, string json)
    {
        using var response = await Client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}

[CollectionDefinition(Name)]
public sealed class LedgerCollection : ICollectionFixture<LedgerApp>
{
    public const string Name = "ledger";
}
