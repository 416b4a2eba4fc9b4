using System.Text.Json.Nodes;
using ClaimsLedger.Hosting;
using ClaimsLedger.Seeding;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>A user adds an article the way the seed corpus is added, and a faulty corpus file is refused whole.</summary>
[Collection(LedgerCollection.Name)]
public sealed class CorpusFileTests(LedgerApp app) : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("claimsledger-corpus-").FullName;
    private const string Article = "Hanoi (TEST) – Two-way trade reached 5.2 billion USD in 2025, the ministry said.";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;
    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Writes an article and its claims file; each name gets its own text, so its own source.</summary>
    private string Write(string quote, string name = "sixth")
    {
        File.WriteAllText(Path.Combine(_folder, $"{name}.txt"), name == "sixth" ? Article : $"{Article} ({name})");
        var corpus = new JsonObject
        {
            ["source"] = new JsonObject { ["title"] = $"The {name} article", ["publishedOn"] = "2026-01", ["dateBasis"] = "inferred", ["dateNote"] = "for the test" },
            ["claims"] = new JsonArray(
                new JsonObject
                {
                    ["key"] = "trade-2025", ["kind"] = "figure", ["quote"] = "Two-way trade reached 5.2 billion USD in 2025",
                    ["figure"] = new JsonObject { ["metric"] = "trade-turnover", ["parties"] = new JsonArray("RU", "VN"), ["period"] = "2025", ["unit"] = "usd", ["scale"] = "billion", ["qualifier"] = "exact", ["value"] = 5.2 },
                },
                new JsonObject
                {
                    ["key"] = "said", ["kind"] = "project", ["quote"] = quote,
                    ["project"] = new JsonObject { ["projectId"] = "trade-statistics", ["status"] = "operating" },
                }),
        };
        var file = Path.Combine(_folder, $"{name}.claims.json");
        File.WriteAllText(file, corpus.ToJsonString());
        return file;
    }

    [Fact]
    public async Task A_sixth_article_loads_through_the_public_API_and_again_appends_nothing()
    {
        Write("the ministry said");
        var loader = new CorpusLoader(app.Client);
        var first = Assert.Single(await loader.LoadDirectoryAsync(_folder));
        Assert.Equal((1, 2), (first.NewSources, first.NewClaims));
        var (_, figure) = await app.GetAsync("/figures/trade-turnover:RU-VN:2025");
        Assert.Equal(5.2m, figure!["figure"]!["headline"]!["value"]!.GetValue<decimal>());

        var count = await app.EventCountAsync();
        Assert.Equal((0, 0), (Assert.Single(await loader.LoadDirectoryAsync(_folder)).NewSources, (await loader.LoadDirectoryAsync(_folder))[0].NewClaims));
        Assert.Equal(count, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_corpus_file_with_a_quote_not_in_its_article_is_refused_whole_and_appends_nothing()
    {
        var file = Write("the minister declared");
        var before = await app.EventCountAsync();

        var refused = await Assert.ThrowsAsync<CorpusException>(() => new CorpusLoader(app.Client).LoadAsync(file));

        Assert.Contains(refused.Faults, f => f.StartsWith("claims[1] (said).quote", StringComparison.Ordinal));
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Fact]
    public async Task The_load_command_loads_an_archive_with_a_line_per_file_and_loading_again_appends_nothing()
    {
        Write("the ministry said");
        Write("the ministry said", "seventh");
        var (progress, summary) = (new StringWriter(), new StringWriter());

        Assert.True(await ArchiveLoad.RunAsync(_folder, app.Client, progress, summary, CancellationToken.None), progress.ToString());

        Assert.Matches(@"^\[1/2\] seventh\.claims\.json: 2 new claims, 0 new corrections \(2 in file\); .* s left\n\[2/2\] sixth\.claims\.json: 2 new claims",
            progress.ToString().ReplaceLineEndings("\n"));
        Assert.Contains("Loaded 2 files", summary.ToString());
        Assert.Contains("2 new sources, 4 new claims, 0 new corrections", summary.ToString());

        var count = await app.EventCountAsync();
        var again = new StringWriter();
        Assert.True(await ArchiveLoad.RunAsync(_folder, app.Client, new StringWriter(), again, CancellationToken.None));
        Assert.Contains("0 new sources, 0 new claims, 0 new corrections", again.ToString());
        Assert.Equal(count, await app.EventCountAsync());
    }

    [Fact]
    public async Task An_archive_with_a_faulty_file_loads_no_file_and_names_every_fault()
    {
        Write("the ministry said");
        Write("the minister declared", "seventh");
        var before = await app.EventCountAsync();
        var progress = new StringWriter();

        Assert.False(await ArchiveLoad.RunAsync(_folder, app.Client, progress, new StringWriter(), CancellationToken.None));

        Assert.Contains("1 of 2 corpus files have faults, so no file was loaded", progress.ToString());
        Assert.Contains("seventh.claims.json: claims[1] (said).quote", progress.ToString());
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Fact]
    public async Task The_load_command_needs_no_database_and_says_when_the_ledger_cannot_be_reached()
    {
        Write("the ministry said");
        using var nowhere = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:1") };
        var progress = new StringWriter();

        Assert.False(await ArchiveLoad.RunAsync(_folder, nowhere, progress, new StringWriter(), CancellationToken.None));

        Assert.Contains("Cannot reach the ledger at http://127.0.0.1:1/", progress.ToString());
        // From the command line: run before any host or database is set up, and a failure is a failing exit code.
        Assert.Equal(1, await StandaloneCommands.TryRunAsync(["load", _folder, "--url", "http://127.0.0.1:1", "--key", "any"]));
    }
}
