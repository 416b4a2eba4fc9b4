using BenchmarkDotNet.Running;
using ClaimsLedger.Bench;

// dotnet run -c Release --project bench/ClaimsLedger.Bench -- [--claims 10000] [--clients 16] [--out docs/bench-10k.md] [--keep <folder>]
// dotnet run -c Release --project bench/ClaimsLedger.Bench -- --micro      (BenchmarkDotNet: the figure rules in-process)
if (args.Contains("--micro"))
{
    BenchmarkRunner.Run<FigureRulesBenchmarks>();
    return 0;
}

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var options = new BenchOptions(
    Claims: int.Parse(Arg("--claims") ?? "10000"),
    Clients: int.Parse(Arg("--clients") ?? "16"),
    Output: Arg("--out"),
    KeepDataIn: Arg("--keep"));

Console.Error.WriteLine($"ClaimsLedger benchmarks at {options.Claims:N0} claims on {Environment.ProcessorCount} cores, {Environment.OSVersion}");
var rows = await new BenchRunner(options, Console.Error).RunAsync();
var table = BenchRunner.Table(rows, options.Claims);
Console.WriteLine(table);
if (options.Output is not null) await File.WriteAllTextAsync(options.Output, table);
return 0;
