using System.Diagnostics;
using ClaimsLedger.ServiceHost;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>The benchmarks are not pass/fail on speed, but they must keep running: a 1,000-claim run, every measure present.</summary>
[Collection(LedgerCollection.Name)]
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task A_small_benchmark_run_completes_and_reports_every_measure()
    {
        var (table, log) = await RunAsync("--claims", "1000", "--clients", "4", "--service", "built");

        foreach (var measure in new[] { "| 1 |", "| 1s |", "| 1p |", "| 2 |", "| 3 |", "| 4 |", "| 5 |", "| 5s |", "| 5l |", "| 6 |", "| 7 |", "| 8 |", "| 8m |" })
            Assert.Contains(measure, table);
        Assert.DoesNotContain("failed)", table);
        // The ratios' two sides are timed in alternating chunks, whose own ratios the row shows.
        foreach (var ratio in new[] { "1", "2" })
            Assert.Matches($@"\| {ratio} \|.*chunks \d+–\d+%", table);
        // A table is only comparable with another on the same kind of host, so every run names its machine.
        Assert.Matches(@"claims on \d+ cores \(.+\), \d+ GiB", log);
    }

    [Fact]
    public async Task The_import_alone_reports_its_rate_each_sides_cpu_and_its_ceiling()
    {
        var (table, _) = await RunAsync("--claims", "1000", "--only", "import", "--service", "built");

        Assert.Matches(@"\| 3 \| .* claims/s \(PostgreSQL \d+ µs, the service \d+ µs a claim\) \| COPY", table);
        Assert.Contains("| 3b |", table);
        Assert.Matches(@"\| 3h \| .* first .* claims/s .*; second .* claims/s", table);
        Assert.Matches(@"\| 3c \| .* claims/s \|", table);
    }

    /// <summary>The benchmark as built with the tests (the solution's build), its table and its log.</summary>
    private static async Task<(string Table, string Log)> RunAsync(params string[] args)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var bench = Path.Combine(ServiceProcess.RepoRoot, "bench", "ClaimsLedger.Bench", "bin", configuration, "net10.0", "ClaimsLedger.Bench.dll");
        Assert.True(File.Exists(bench), $"build the solution first: {bench} is missing");

        var start = new ProcessStartInfo("dotnet", [bench, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(4)), $"the run ({string.Join(' ', args)}) took over 4 minutes");
        Assert.True(process.ExitCode == 0, $"the benchmark failed:\n{await stderr}");
        return (await stdout, await stderr);
    }
}
