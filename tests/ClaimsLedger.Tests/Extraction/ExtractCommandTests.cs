using System.Text.Json.Nodes;
using ClaimsLedger.Extraction;
using ClaimsLedger.Hosting;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests.Extraction;

/// <summary>The batch command line: a folder in, JSON out, no database; bad files get a reason, never a crash.</summary>
public sealed class ExtractCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("claimsledger-extract-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Extract_prints_every_articles_proposals_as_json_and_says_why_a_file_has_none()
    {
        File.WriteAllText(Path.Combine(_folder, "a-trade.txt"), TestArticles.Trade);
        File.WriteAllText(Path.Combine(_folder, "b-empty.txt"), "");
        File.WriteAllText(Path.Combine(_folder, "c-huge.txt"), new string('x', Extractor.MaxTextLength + 1));
        File.WriteAllText(Path.Combine(_folder, "d-none.txt"), TestArticles.NoClaims);
        var output = Path.Combine(_folder, "out.json");

        var code = await StandaloneCommands.TryRunAsync(["extract", _folder, "--published-on", "2024-03", "--out", output]);

        Assert.Equal(0, code);
        var articles = JsonNode.Parse(File.ReadAllText(output))!.AsArray();
        Assert.Equal(["a-trade.txt", "b-empty.txt", "c-huge.txt", "d-none.txt"], articles.Select(a => a!["file"]!.GetValue<string>()));
        var trade = articles[0]!;
        Assert.Equal(("2024-03", "flag"), (trade["publishedOn"]!.GetValue<string>(), trade["publishedOnFrom"]!.GetValue<string>()));
        var first = trade["proposals"]!.AsArray()[0]!;
        Assert.Equal("trade-turnover:RU-VN:2023", first["figureKey"]!.GetValue<string>());
        foreach (var field in new[] { "kind", "quote", "spanStart", "spanEnd", "confidence", "rule", "reason", "figure" }) Assert.NotNull(first[field]);
        Assert.Contains("empty", articles[1]!["reason"]!.GetValue<string>());
        Assert.Contains(Extractor.MaxTextLength.ToString(), articles[2]!["reason"]!.GetValue<string>());
        Assert.Empty(articles[3]!["proposals"]!.AsArray());
        Assert.Equal(Extractor.NothingFound, articles[3]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_article_the_extractor_fails_on_is_listed_with_the_failure_and_the_others_are_still_read()
    {
        File.WriteAllText(Path.Combine(_folder, "a-trade.txt"), TestArticles.Trade);
        File.WriteAllText(Path.Combine(_folder, "b-fails.txt"), "fails");
        File.WriteAllText(Path.Combine(_folder, "c-trade.txt"), TestArticles.Trade);
        ClaimsLedger.Common.PartialDate.TryParse("2024-03", out var published);

        var results = await ExtractionBatch.RunAsync(_folder, published, progress: null,
            (text, date) => text == "fails" ? throw new InvalidOperationException("a defect") : Extractor.Extract(text, date));

        Assert.Equal([false, true, false], results.Select(r => r.Failed));
        Assert.Equal(results[0].Proposals.Count, results[2].Proposals.Count);
        Assert.NotEmpty(results[2].Proposals);
        Assert.EndsWith("InvalidOperationException: a defect", results[1].Reason);
    }

    [Fact]
    public void A_corpus_file_beside_the_article_gives_its_publication_date_and_else_the_latest_printed_date_is_a_stated_guess()
    {
        var seed = Path.Combine(LedgerApp.SeedDirectory, Seed.Republished + ".txt");
        var (fromCorpus, how) = ExtractionBatch.PublicationDate(seed, File.ReadAllText(seed), null);
        Assert.Equal(("2023-05", "claims-file"), (fromCorpus.ToString(), how));    // the corrected date, not the page's

        var copy = Path.Combine(_folder, "republished.txt");
        File.Copy(seed, copy);
        var (guessed, guess) = ExtractionBatch.PublicationDate(copy, File.ReadAllText(copy), null);
        Assert.Equal(("2024-02-23", "latest-date-in-text"), (guessed.ToString(), guess));

        var (_, none) = ExtractionBatch.PublicationDate(copy, "no dates here", null);
        Assert.Equal("none", none);

        // Dates whose year comes from the reading date ("this year", "the same period last year") are no guess: the
        // latest printed one is.
        var relative = "Trade reached $3 billion in May 2021. The minister visited Hanoi on April 11 this year, up 5% over the same period last year.";
        var (latest, basis) = ExtractionBatch.PublicationDate(copy, relative, null);
        Assert.Equal(("2021-05", "latest-date-in-text"), (latest.ToString(), basis));
    }

    [Fact]
    public async Task Evaluate_extraction_prints_precision_and_recall_per_kind()
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        int? code;
        try { code = await StandaloneCommands.TryRunAsync(["evaluate-extraction", LedgerApp.SeedDirectory]); }
        finally { Console.SetOut(previous); }

        Assert.Equal(0, code);
        var text = output.ToString();
        foreach (var kind in new[] { "figure", "partnership", "project", "overall", "Misses", "False alarms" }) Assert.Contains(kind, text);
    }

    [Fact]
    public async Task Other_command_lines_are_left_to_the_host()
    {
        Assert.Null(await StandaloneCommands.TryRunAsync([]));
        Assert.Null(await StandaloneCommands.TryRunAsync(["codegen", "write"]));
    }
}
