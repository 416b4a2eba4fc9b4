using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClaimsLedger.Access;
using ClaimsLedger.Hosting;
using ClaimsLedger.Seeding;
using Marten;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClaimsLedger.Tests.Support;

/// <summary>
/// The service in-process over a real PostgreSQL: a private cluster this run starts and removes, or the server named by
/// LEDGER_TEST_CONNECTION. Every test starts from an empty ledger (and loads the seed corpus when it needs it).
/// Callers authenticate as the service's users do: API keys configured for this run (hashed, in the app's
/// configuration, with fresh random secrets), sent as X-Api-Key. <see cref="Client"/> is the "reviewer" key;
/// <see cref="Anonymous"/> sends no key; <see cref="ClientAs"/> and the <c>key</c> parameters pick another key.
/// </summary>
public sealed class LedgerApp : IAsyncLifetime
{
    public const string ServerVariable = "LEDGER_TEST_CONNECTION";
    public const string DefaultKey = "reviewer";

    /// <summary>The keys configured for the tests: name, role, requests per second (0 = unlimited).</summary>
    public static readonly (string Name, string Role, double RequestsPerSecond)[] KeySpecs =
    [
        ("contributor", Roles.Contributor, 0), ("reviewer", Roles.Reviewer, 0), ("admin", Roles.Admin, 0),
        ("analyst-1", Roles.Contributor, 0), ("extractor-bot", Roles.Contributor, 0), ("reviewer-1", Roles.Reviewer, 0), ("reviewer-2", Roles.Reviewer, 0),
        // One request, then one every 30 seconds: the rate limit test's caller.
        ("limited", Roles.Contributor, 1.0 / 30),
    ];

    /// <summary>Signs the bearer tokens the tests make (Ledger:Auth:Jwt:SigningKey).</summary>
    public const string JwtSigningKey = "claimsledger-tests-signing-key-of-at-least-256-bits!";
    public const string JwtIssuer = "https://idp.tests.invalid";
    public const string JwtAudience = "claimsledger";

    private EmbeddedPostgres? _cluster;
    private WebApplicationFactory<Program> _factory = null!;
    private readonly Dictionary<string, HttpClient> _clients = [];

    /// <summary>The secret of each configured key, by name.</summary>
    public Dictionary<string, string> Keys { get; } = KeySpecs.ToDictionary(k => k.Name, _ => ApiKeySecret.New());

    /// <summary>Authenticated as the "reviewer" key (may do every write).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Sends no credentials.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;
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
            foreach (var (name, role, perSecond) in KeySpecs)
            {
                b.UseSetting($"Ledger:Auth:Keys:{name}:Role", role);
                b.UseSetting($"Ledger:Auth:Keys:{name}:Sha256", ApiKeySecret.Hash(Keys[name]));
                b.UseSetting($"Ledger:Auth:Keys:{name}:RequestsPerSecond", perSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            b.UseSetting("Ledger:Auth:Jwt:SigningKey", JwtSigningKey);
            b.UseSetting("Ledger:Auth:Jwt:Issuer", JwtIssuer);
            b.UseSetting("Ledger:Auth:Jwt:Audience", JwtAudience);
            // One node, and the tests wait for the async projections with CatchUpAsync.
            b.UseSetting("Ledger:Projections:Daemon", "Solo");
        });
        Anonymous = _factory.CreateClient();
        Client = ClientAs(DefaultKey);
    }

    /// <summary>
    /// The same service on the same database with some settings changed (e.g. closed reads): a second host, for the few
    /// tests of configuration. The caller disposes it.
    /// </summary>
    public WebApplicationFactory<Program> WithSettings(IDictionary<string, string> settings) =>
        _factory.WithWebHostBuilder(b => { foreach (var (key, value) in settings) b.UseSetting(key, value); });

    /// <summary>A client that sends the named key (one of <see cref="KeySpecs"/>), or a given secret.</summary>
    public HttpClient ClientAs(string key)
    {
        lock (_clients)
        {
            if (_clients.TryGetValue(key, out var client)) return client;
            client = _factory.CreateClient();
            client.DefaultRequestHeaders.Add(ApiKeySecret.Header, Keys.GetValueOrDefault(key, key));
            return _clients[key] = client;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
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

    /// <summary>
    /// A write built as the server receives it, sent through the whole pipeline, for what HttpClient will not send: a
    /// header with an empty value (it drops the header). Authenticated as <see cref="DefaultKey"/>.
    /// </summary>
    public async Task<(int Status, JsonNode? Body)> PostAsServerSeesItAsync(string path, string json, IDictionary<string, Microsoft.Extensions.Primitives.StringValues> headers)
    {
        var context = await _factory.Server.SendAsync(http =>
        {
            http.Request.Method = "POST";
            http.Request.Path = path;
            http.Request.ContentType = "application/json";
            http.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            http.Request.Headers[ApiKeySecret.Header] = Keys[DefaultKey];
            foreach (var (name, values) in headers) http.Request.Headers[name] = values;
        });
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return (context.Response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task<(int Status, JsonNode? Body)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    /// <summary>Every page of a list paged by key, from the first on, following each page's <c>next</c> as <c>after</c>.</summary>
    /// <param name="path">The list with its query, e.g. <c>/figures?pageSize=4</c>.</param>
    public async Task<List<JsonNode>> PagesAsync(string path)
    {
        var pages = new List<JsonNode>();
        string? after = null;
        do
        {
            var (status, page) = await GetAsync(after is null ? path : $"{path}&after={Uri.EscapeDataString(after)}");
            Assert.Equal(200, status);
            pages.Add(page!);
            after = page!["next"]?.GetValue<string>();
            Assert.True(pages.Count < 200, "the pages end");
        } while (after is not null);
        return pages;
    }

    /// <param name="key">The configured key to send (default <see cref="DefaultKey"/>).</param>
    /// <param name="headers">More headers, e.g. Idempotency-Key.</param>
    public async Task<(int Status, JsonNode? Body)> PostAsync(string path, object body, string? key = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await ClientAs(key ?? DefaultKey).SendAsync(request);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public async Task<(int Status, JsonNode? Body)> PostRawAsync(string path, string json)
    {
        using var response = await Client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public static async Task<JsonNode?> ReadAsync(HttpResponseMessage response)
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
