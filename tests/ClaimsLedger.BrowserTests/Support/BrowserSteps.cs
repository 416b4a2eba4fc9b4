using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ClaimsLedger.BrowserTests.Support;

/// <summary>
/// A browser test as named steps: each step is logged with its time, a failure names the step and carries the page's
/// errors, and the test always leaves a screenshot (of the end state, or of the failure) under the output folder.
/// </summary>
public sealed class BrowserSteps : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _console;
    private readonly ITestOutputHelper _log;
    private readonly string _test;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _failed;

    public IPage Page { get; }
    public string? LastScreenshot { get; private set; }

    private BrowserSteps(IBrowserContext context, IPage page, List<string> console, ITestOutputHelper log, string test)
    {
        (_context, Page, _console, _log, _test) = (context, page, console, log, test);
    }

    public static async Task<BrowserSteps> StartAsync(DashboardFixture fixture, ITestOutputHelper log, string test, int width = 1280, int height = 800)
    {
        var (context, page, console) = await fixture.NewPageAsync(width, height);
        return new BrowserSteps(context, page, console, log, test);
    }

    public async Task Step(string name, Func<Task> step)
    {
        var started = _clock.Elapsed;
        try
        {
            await step();
            _log.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1}s] ok   {name} ({(_clock.Elapsed - started).TotalSeconds:F1}s)");
        }
        catch (Exception e)
        {
            _failed = true;
            var shot = await ScreenshotAsync("FAILED");
            string errors;
            lock (_console) errors = _console.Count == 0 ? "none" : string.Join("\n  ", _console);
            _log.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1}s] FAIL {name}");
            throw new StepFailedException(
                $"Step failed: \"{name}\" in {_test}.\n{e.Message}\nPage: {Page.Url}\nBrowser errors: {errors}\nScreenshot: {shot}", e);
        }
    }

    public async Task<string?> ScreenshotAsync(string suffix = "")
    {
        try
        {
            var path = Path.Combine(DashboardFixture.ScreenshotDirectory, $"{_test}{(suffix.Length > 0 ? "-" + suffix : "")}.png");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            LastScreenshot = path;
            return path;
        }
        catch (Exception e)
        {
            _log.WriteLine($"No screenshot: {e.Message}");
            return null;
        }
    }

    /// <summary>Waits until the dashboard has drawn a view (optionally a given one, under given dates).</summary>
    public async Task WaitForViewAsync(string? view = null, string? asOf = null, string? validAt = null)
    {
        var selector = "main[data-state=ready]" + (view is null ? "" : $"[data-view={view}]") + (asOf is null ? "" : $"[data-as-of='{asOf}']")
            + (validAt is null ? "" : $"[data-valid-at='{validAt}']");
        await Page.Locator(selector).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    public async ValueTask DisposeAsync()
    {
        if (!_failed)
        {
            var shot = await ScreenshotAsync();
            _log.WriteLine($"Screenshot: {shot}");
        }
        await _context.DisposeAsync();
    }
}

public sealed class StepFailedException(string message, Exception inner) : Exception(message, inner);
