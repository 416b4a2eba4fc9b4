using ClaimsLedger.Extraction;
using ClaimsLedger.Seeding;
using JasperFx.CommandLine;

namespace ClaimsLedger.Hosting;

/// <summary>
/// Runs the commands that need no database of their own (<c>extract</c> and <c>evaluate-extraction</c> read files,
/// <c>load</c> talks to a running ledger over HTTP) without building the host: no database is resolved or started,
/// so none competes with a running service's private cluster, and nothing but the command's own output reaches
/// standard output. Returns null for any other command line. The first line of Program.cs.
/// </summary>
public static class StandaloneCommands
{
    public static readonly string[] Names = ["extract", "evaluate-extraction", "load"];

    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || !Names.Contains(args[0], StringComparer.OrdinalIgnoreCase)) return null;
        var executor = CommandExecutor.For(factory =>
        {
            factory.RegisterCommand<ExtractCommand>();
            factory.RegisterCommand<EvaluateExtractionCommand>();
            factory.RegisterCommand<LoadCommand>();
        });
        return await executor.ExecuteAsync(args);
    }
}
