using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClaimsLedger.ServiceHost;

namespace ClaimsLedger.BrowserTests.Support;

/// <summary>
/// The real service as a user starts it (the built ClaimsLedger.Api.dll, run from its own folder, which holds the
/// dashboard's wwwroot), with its own private PostgreSQL in a temporary folder and the seed corpus loaded on first start.
/// </summary>
public sealed class LedgerService : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    public Uri BaseAddress { get; }
    public string DataDirectory { get; }
    public HttpClient Http => _process.Http;
    public string Output => _process.Output;

    private LedgerService(ServiceProcess process, string dataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
        BaseAddress = new Uri(process.Address.TrimEnd('/') + "/");
    }

    public static async Task<LedgerService> StartAsync()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"claimsledger-browser-{Guid.NewGuid():N}");
        var environment = new Dictionary<string, string?>
        {
            ["Ledger__DataDirectory"] = dataDir,
            ["Ledger__SeedDirectory"] = Path.Combine(ServiceProcess.RepoRoot, "seeds", "articles"),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        ServiceProcess? process = null;
        try
        {
            process = await ServiceProcess.StartAsync(environment, TimeSpan.FromSeconds(120));
            await process.WaitForOutputAsync("Seed corpus:", TimeSpan.FromSeconds(90));
            return new LedgerService(process, dataDir);
        }
        catch
        {
            if (process is not null) await process.DisposeAsync();
            await EnsureStoppedAsync(dataDir);
            throw;
        }
    }

    public async Task<JsonNode> GetAsync(string path) => JsonNode.Parse(await Http.GetStringAsync(path))!;

    /// <summary>The key the service was started with (admin), for the dashboard's key field.</summary>
    public string ApiKey => _process.ApiKey;

    /// <summary>Writes through the API with the service's own key (see <see cref="ServiceProcess"/>).</summary>
    public async Task<JsonNode> PostAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        try { await _process.DisposeAsync(); }
        finally { await EnsureStoppedAsync(DataDirectory); }
    }

    /// <summary>The service stops its cluster on shutdown; this is the safety net if it was killed, and removes the folder.</summary>
    private static async Task EnsureStoppedAsync(string dataDir)
    {
        await using var _ = await ClaimsLedger.Hosting.EmbeddedPostgres.StartAsync(dataDir, deleteOnStop: true);
    }
}
