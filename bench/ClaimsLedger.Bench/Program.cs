using BenchmarkDotNet.Running;
using ClaimsLedger.Bench;
using ClaimsLedger.ServiceHost;

// dotnet run -c Release --project bench/ClaimsLedger.Bench -- [--claims 10000] [--clients 16] [--out docs/bench-10k.md] [--keep <folder>] [--service published|built] [--warm-up <seconds>]
// dotnet run -c Release --project bench/ClaimsLedger.Bench -- --claims 100000 --only figure --reuse <folder>   (#4 alone, on a kept cluster; add --service built to skip the publish)
// dotnet run -c Release --project bench/ClaimsLedger.Bench -- --claims 100000 --only import   (#3, #3b and 3c alone on a fresh cluster, with each side's CPU a claim)
// dotnet run -c Release --project bench/ClaimsLedger.Bench -- --micro      (BenchmarkDotNet: the figure rules in-process)
// dotnet run -c Release --project bench/ClaimsLedger.Bench -- --soak [--seconds 150] [--rate 100] [--out docs/soak.md]
if (args.Contains("--micro"))
{
    BenchmarkRunner.Run<FigureRulesBenchmarks>();
    return 0;
}

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
if (args.Contains("--soak"))
{
    var soak = new SoakOptions(
        Seconds: int.Parse(Arg("--seconds") ?? "150"), Rate: double.Parse(Arg("--rate") ?? "100", System.Globalization.CultureInfo.InvariantCulture),
        Preload: int.Parse(Arg("--preload") ?? "4000"), Output: Arg("--out"));
    var (report, passed) = await new Soak(soak, Console.Error).RunAsync();
    Console.WriteLine(report);
    if (soak.Output is not null) await File.WriteAllTextAsync(soak.Output, report);
    return passed ? 0 : 1;
}
var options = new BenchOptions(
    Claims: int.Parse(Arg("--claims") ?? "10000"),
    Clients: int.Parse(Arg("--clients") ?? "16"),
    Output: Arg("--out"),
    KeepDataIn: Arg("--keep"),
    Published: Arg("--service") != "built",
    WarmUpSeconds: Arg("--warm-up") is { } warmUp ? int.Parse(warmUp) : null);

Console.Error.WriteLine($"ClaimsLedger benchmarks at {options.Claims:N0} claims on {Machine.Describe()}");
if (Arg("--only") is { } only && only is not ("figure" or "import")) throw new ArgumentException("--only takes figure or import (the measures that can run alone)");
IReadOnlyList<Row> rows;
try
{
    var runner = new BenchRunner(options, Console.Error);
    rows = Arg("--only") switch
    {
        null => await runner.RunAsync(),
        "import" => await runner.ImportOnlyAsync(),
        _ => await runner.FigureOnlyAsync(Arg("--reuse") ?? throw new ArgumentException("--only figure needs --reuse <folder kept by --keep>")),
    };
}
finally
{
    // The published service is the run's own copy: nothing of it is left in the temporary folder.
    if (ServiceProcess.PublishedDll is { } published) Directory.Delete(Path.GetDirectoryName(published)!, recursive: true);
}
var table = BenchRunner.Table(rows, options.Claims);
Console.WriteLine(table);
// The file names its machine: the ratios are not the same on every host.
if (options.Output is not null) await File.WriteAllTextAsync(options.Output, $"Run on {Machine.Describe()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n\n{table}");
return 0;
