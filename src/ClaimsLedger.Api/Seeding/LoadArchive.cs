using ClaimsLedger.Access;
using JasperFx.CommandLine;

namespace ClaimsLedger.Seeding;

public sealed class LoadInput
{
    [Description("Folder of articles: NAME.txt with NAME.claims.json beside it (the format: docs/corpus-format.md)")]
    public string Folder { get; set; } = "";

    [Description("The ledger's address")]
    public string UrlFlag { get; set; } = "http://127.0.0.1:5080";

    [Description("An API key with the contributor role (default: the LEDGER_API_KEY environment variable)")]
    public string? KeyFlag { get; set; }
}

/// <summary>
/// <c>load FOLDER</c>: loads an archive of articles and their claims files into a running ledger through its HTTP API,
/// as the seed corpus is loaded, with a line per file on standard error and the totals on standard output.
/// </summary>
[Description("Load a folder of articles and their claims files into a running ledger through its HTTP API", Name = "load")]
public sealed class LoadCommand : JasperFxAsyncCommand<LoadInput>
{
    public const string KeyVariable = "LEDGER_API_KEY";

    public override async Task<bool> Execute(LoadInput input)
    {
        if (!Uri.TryCreate(input.UrlFlag, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync($"--url must be the ledger's http(s) address, e.g. http://127.0.0.1:5080 (got '{input.UrlFlag}')");
            return false;
        }
        var key = input.KeyFlag ?? Environment.GetEnvironmentVariable(KeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            await Console.Error.WriteLineAsync(
                $"A key is required: --key SECRET or {KeyVariable}=SECRET, with the contributor role (an admin issues one: keys issue --name NAME --role contributor)");
            return false;
        }
        // A request imports one article's claims (up to 5,000) in one transaction: seconds, not minutes.
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add(ApiKeySecret.Header, key);
        return await ArchiveLoad.RunAsync(input.Folder, http, Console.Error, Console.Out, CancellationToken.None);
    }
}

/// <summary>The load command's work, callable without a command line (the tests call it against their service).</summary>
public static class ArchiveLoad
{
    /// <summary>Loads the folder; false, with what went wrong and what is loaded already, when it could not load it all.</summary>
    public static async Task<bool> RunAsync(string folder, HttpClient http, TextWriter progress, TextWriter summary, CancellationToken ct)
    {
        if (!Directory.Exists(folder))
        {
            await progress.WriteLineAsync($"No folder {folder}");
            return false;
        }
        if (CorpusLoader.Files(folder).Count == 0)
        {
            await progress.WriteLineAsync($"No *.claims.json in {folder}: each article is NAME.txt with NAME.claims.json beside it (docs/corpus-format.md)");
            return false;
        }

        var loaded = 0;
        try
        {
            var reports = await new CorpusLoader(http).LoadDirectoryAsync(folder, p =>
            {
                loaded = p.Loaded;
                progress.WriteLine($"[{p.Loaded}/{p.Files}] {p.Report.Article}: {p.Report.NewClaims} new claims, {p.Report.NewCorrections} new corrections " +
                    $"({p.Report.Claims} in file); {p.Elapsed.TotalSeconds:F1} s, about {p.Left.TotalSeconds:F0} s left");
            }, ct);
            await summary.WriteLineAsync($"Loaded {reports.Count} files into {http.BaseAddress}: {reports.Sum(r => r.NewSources)} new sources, " +
                $"{reports.Sum(r => r.NewClaims)} new claims, {reports.Sum(r => r.NewCorrections)} new corrections");
            return true;
        }
        catch (Exception e) when (e is CorpusException or HttpRequestException or TaskCanceledException)
        {
            await progress.WriteLineAsync(e is CorpusException
                ? e.Message
                : $"Cannot reach the ledger at {http.BaseAddress} ({e.Message}). Start it (dotnet run --project src/ClaimsLedger.Api) or give its address with --url.");
            if (loaded > 0)
                await progress.WriteLineAsync($"The first {loaded} files are loaded. Run the command again to load the rest: a file loaded already appends nothing.");
            return false;
        }
    }
}
