using System.Diagnostics;
using Microsoft.Playwright;

namespace ClaimsLedger.BrowserTests.Support;

/// <summary>
/// One real service (with its own PostgreSQL and the seed corpus) and one headless Chromium for the whole collection.
/// Tests that change the ledger each change claims of their own, so their order does not matter.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "CHROMIUM_PATH";

    private IPlaywright? _playwright;

    public LedgerService Service { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public TimeSpan StartupTime { get; private set; }

    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"The browser tests drive Debian's Chromium at {chromium}, which is not installed. " +
                $"Install it with `apt-get update && apt-get install -y chromium` (.ci/run does this), or set {ChromiumVariable}. " +
                "Playwright's own browser downloads are not used.");
        }

        var clock = Stopwatch.StartNew();
        // This run's screenshots only: a stale "-FAILED" picture from an earlier run would mislead.
        if (Directory.Exists(ScreenshotDirectory)) Directory.Delete(ScreenshotDirectory, recursive: true);
        Directory.CreateDirectory(ScreenshotDirectory);
        Service = await LedgerService.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // Playwright gives every launch a fresh profile (--user-data-dir) of its own.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
            Timeout = 60_000,
        });
        Assertions.SetDefaultExpectTimeout(15_000);
        StartupTime = clock.Elapsed;
    }

    /// <summary>A fresh browser context at 1280×800, with the page's errors collected for failure messages.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Console)> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = Service.BaseAddress.ToString(),
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        // An analyst who has entered their key once in this tab: the dashboard keeps it in session storage.
        await context.AddInitScriptAsync($"sessionStorage.setItem('claimsledger.apiKey', {System.Text.Json.JsonSerializer.Serialize(Service.ApiKey)});");
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") lock (console) console.Add($"console.{m.Type}: {m.Text}"); };
        page.PageError += (_, e) => { lock (console) console.Add($"page error: {e}"); };
        return (context, page, console);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Service is not null) await Service.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
