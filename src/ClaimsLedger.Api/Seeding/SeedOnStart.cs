using ClaimsLedger.Access;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ClaimsLedger.Seeding;

/// <summary>
/// On start, loads the seed corpus through the service's own HTTP API once the service is listening.
/// Loading is idempotent, so every start may do it; a second start appends nothing. It writes as "system:seed", a
/// contributor key made for this process whose secret lives only in this loader's memory (its hash in the key ring).
/// </summary>
public sealed class SeedOnStart(IServer server, IHostApplicationLifetime lifetime, IConfiguration configuration, KeyRing keys, ILogger<SeedOnStart> log)
    : BackgroundService
{
    public const string Identity = "system:seed";

    public static string Directory(IConfiguration configuration) =>
        configuration["Ledger:SeedDirectory"] is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "seeds", "articles");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Ledger:SeedOnStart", true)) return;
        var started = new TaskCompletionSource();
        await using var _ = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null) { log.LogWarning("Seed corpus not loaded: the server listens on no address"); return; }
        var local = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (local.Host is "0.0.0.0" or "[::]" or "::") local.Host = "127.0.0.1";

        try
        {
            using var http = new HttpClient { BaseAddress = local.Uri, Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Add(ApiKeySecret.Header, keys.IssueSystemKey(Identity, Roles.Contributor));
            var reports = await new CorpusLoader(http).LoadDirectoryAsync(Directory(configuration), p =>
                log.LogInformation("Corpus {Index}/{Count} {Article}: {New} new claims, {Corrections} new corrections ({Claims} in file)",
                    p.Loaded, p.Files, p.Report.Article, p.Report.NewClaims, p.Report.NewCorrections, p.Report.Claims), stoppingToken);
            log.LogInformation("Seed corpus: {Files} files, {Claims} new claims, {Corrections} new corrections",
                reports.Count, reports.Sum(r => r.NewClaims), reports.Sum(r => r.NewCorrections));
        }
        catch (Exception e) when (e is CorpusException or HttpRequestException)
        {
            log.LogError(e, "Seed corpus not loaded");
        }
    }
}
