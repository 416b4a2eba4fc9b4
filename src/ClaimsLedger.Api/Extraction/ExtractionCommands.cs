using System.Text.Json;
using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using JasperFx.CommandLine;
using Spectre.Console;

namespace ClaimsLedger.Extraction;

public sealed class ExtractInput
{
    [Description("Folder of article .txt files (each may have a NAME.claims.json beside it giving its publication date)")]
    public string Folder { get; set; } = "";

    [Description("Publication date (YYYY, YYYY-MM or YYYY-MM-DD) for articles without a .claims.json beside them")]
    public string? PublishedOnFlag { get; set; }

    [Description("Write the JSON to this file instead of standard output")]
    public string? OutFlag { get; set; }
}

/// <summary>One article's proposals as the extract command prints them.</summary>
/// <param name="Failed">The extractor itself failed on the article (a defect of the ledger's, said in the reason); the others are still read.</param>
public sealed record ExtractedArticle(string File, string? PublishedOn, string PublishedOnFrom, int Characters, IReadOnlyList<ExtractedClaim> Proposals, string? Reason,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool Failed = false);

public sealed record ExtractedClaim(
    string Kind, string Quote, int SpanStart, int SpanEnd, string? FigureKey, string Subject, decimal Confidence, string Rule, string Reason,
    FigureFacts? Figure, PartnershipFacts? Partnership, ProjectFacts? Project)
{
    public static ExtractedClaim Of(Candidate c) => new(c.Content.Kind, c.Content.Quote, c.Content.SpanStart, c.Content.SpanEnd, c.Content.Figure?.Key,
        c.Content.SubjectId, c.Confidence, c.Rule, c.Reason, c.Content.Figure, c.Content.Partnership, c.Content.Project);
}

/// <summary>
/// <c>extract FOLDER</c>: runs the extractor over every article in a folder and prints the proposals as JSON on
/// standard output, with a progress bar on standard error. It reads files only: no database, nothing appended.
/// </summary>
[Description("Extract proposed claims from every article (.txt) in a folder and print them as JSON", Name = "extract")]
public sealed class ExtractCommand : JasperFxAsyncCommand<ExtractInput>
{
    public override async Task<bool> Execute(ExtractInput input)
    {
        if (!Directory.Exists(input.Folder))
        {
            await Console.Error.WriteLineAsync($"No folder {input.Folder}");
            return false;
        }
        PartialDate? fallback = null;
        if (input.PublishedOnFlag is { } flag)
        {
            if (!PartialDate.TryParse(flag, out var d)) { await Console.Error.WriteLineAsync("--published-on must be " + PartialDate.Expected); return false; }
            fallback = d;
        }

        var results = await ExtractionBatch.RunAsync(input.Folder, fallback, ExtractionBatch.StandardErrorConsole());
        var json = JsonSerializer.Serialize(results, ExtractionBatch.Json);
        if (input.OutFlag is { } path) await File.WriteAllTextAsync(path, json + Environment.NewLine);
        else await Console.Out.WriteLineAsync(json);
        // Every article's output is written either way; the exit code tells a script that some were not read.
        var failed = results.Where(r => r.Failed).Select(r => r.File).ToList();
        if (failed.Count > 0) await Console.Error.WriteLineAsync($"The extractor failed on {failed.Count} article(s): {string.Join(", ", failed)} (see each one's reason)");
        return failed.Count == 0;
    }
}

/// <summary>The extract command's work, callable without a command line (the tests call it).</summary>
public static class ExtractionBatch
{
    public static readonly JsonSerializerOptions Json = new(LedgerJson.Options) { WriteIndented = true };

    /// <summary>A console on standard error, so progress never mixes with the JSON on standard output.</summary>
    public static IAnsiConsole StandardErrorConsole() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <param name="extract">The extractor (the tests give one that fails).</param>
    public static async Task<IReadOnlyList<ExtractedArticle>> RunAsync(string folder, PartialDate? fallback, IAnsiConsole? progress,
        Func<string, PartialDate, ExtractionResult>? extract = null)
    {
        var files = Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal).ToList();
        var results = new ExtractedArticle[files.Count];
        void Work(Action<int> done)
        {
            for (var i = 0; i < files.Count; i++)
            {
                results[i] = ExtractFile(files[i], fallback, extract ?? Extractor.Extract);
                done(i);
            }
        }

        if (progress is null || files.Count < 2) Work(_ => { });
        else
            await progress.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(ctx =>
                {
                    var task = ctx.AddTask($"Extracting {files.Count} articles", maxValue: files.Count);
                    Work(i => { task.Increment(1); task.Description = $"Extracted {i + 1}/{files.Count}: {Path.GetFileName(files[i])}"; });
                    return Task.CompletedTask;
                });
        return results;
    }

    public static ExtractedArticle ExtractFile(string file, PartialDate? fallback, Func<string, PartialDate, ExtractionResult> extract)
    {
        var name = Path.GetFileName(file);
        string text;
        try { text = File.ReadAllText(file); }
        catch (IOException e) { return new ExtractedArticle(name, null, "none", 0, [], "cannot be read: " + e.Message); }

        if (Extractor.Refusal(text) is { } refused) return new ExtractedArticle(name, null, "none", text.Length, [], "text " + refused);
        var (published, from) = PublicationDate(file, text, fallback);
        if (published is null)
            return new ExtractedArticle(name, null, "none", text.Length, [],
                "no publication date: give one with --published-on, or put a NAME.claims.json beside the article");
        ExtractionResult result;
        // One article the rules fail on (a defect, as "$5 and a half billion" once was) must not cost a batch of thousands its output.
        try { result = extract(text, published.Value); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new ExtractedArticle(name, published.Value.ToString(), from, text.Length, [],
                $"the extractor failed on this article, a defect of the ledger's to report: {e.GetType().Name}: {e.Message}", Failed: true);
        }
        return new ExtractedArticle(name, published.Value.ToString(), from, text.Length, result.Candidates.Select(ExtractedClaim.Of).ToList(), result.Reason);
    }

    /// <summary>
    /// The date relative expressions are read against: the corpus file beside the article (after its corrections), else
    /// the --published-on flag, else the latest date printed in the text (a guess, said so in the output).
    /// </summary>
    public static (PartialDate? Date, string From) PublicationDate(string file, string text, PartialDate? fallback)
    {
        var claims = Path.ChangeExtension(file, null) + ".claims.json";
        if (File.Exists(claims))
        {
            try { return (Evaluation.ReadTruth(claims).Published, "claims-file"); }
            catch (Exception e) when (e is Seeding.CorpusException or JsonException or IOException) { }
        }
        if (fallback is not null) return (fallback, "flag");
        // Read against today only to find the dates; those that depend on it (a year not printed) are left out. Read a
        // sentence at a time, as the extractor does: the date recognizer gives up on a whole article in some texts.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var printed = Article.SplitSentences(text)
            .SelectMany(s => Recognizers.Times(text, s.Start, s.End, new PartialDate(today.Year, today.Month, today.Day)))
            .Where(t => !t.YearInferred && t.Kind is TimeKind.Day or TimeKind.Month or TimeKind.Year)
            .Select(t => t.From).OrderBy(d => d.Start).ThenBy(d => d.Precision == "day" ? 0 : 1).LastOrDefault();
        return printed == default ? (null, "none") : (printed, "latest-date-in-text");
    }
}

public sealed class EvaluateExtractionInput
{
    [Description("Folder of reviewed articles: NAME.txt with NAME.claims.json beside it (default: the seed corpus)")]
    public string Folder { get; set; } = "";

    [Description("Print the report as JSON instead of a table")]
    public bool JsonFlag { get; set; }
}

/// <summary><c>evaluate-extraction [FOLDER]</c>: precision and recall of the extractor against reviewed corpus files, with every miss and false alarm.</summary>
[Description("Compare the extractor's proposals with a reviewed corpus (default: the seed articles): precision and recall per kind", Name = "evaluate-extraction")]
public sealed class EvaluateExtractionCommand : JasperFxAsyncCommand<EvaluateExtractionInput>
{
    public EvaluateExtractionCommand()
    {
        Usage("Against the seed corpus");
        Usage("Against a folder of reviewed articles").Arguments(x => x.Folder);
    }

    public override async Task<bool> Execute(EvaluateExtractionInput input)
    {
        var folder = string.IsNullOrWhiteSpace(input.Folder) ? SeedFolder() : input.Folder;
        if (!Directory.Exists(folder))
        {
            await Console.Error.WriteLineAsync($"No folder {folder}");
            return false;
        }
        var report = Evaluation.Run(folder);
        await Console.Out.WriteLineAsync(input.JsonFlag ? JsonSerializer.Serialize(report, ExtractionBatch.Json) : Evaluation.Format(report));
        return true;
    }

    /// <summary>The seed corpus shipped beside the service, else the repository's.</summary>
    public static string SeedFolder()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "seeds", "articles");
        return Directory.Exists(shipped) ? shipped : Path.Combine("seeds", "articles");
    }
}
