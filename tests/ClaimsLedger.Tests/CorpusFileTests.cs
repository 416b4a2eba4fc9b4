using System.Text.Json.Nodes;
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

    private string Write(string quote)
    {
        File.WriteAllText(Path.Combine(_folder, "sixth.txt"), Article);
        var corpus = new JsonObject
        {
            ["source"] = new JsonObject { ["title"] = "A sixth article", ["publishedOn"] = "2026-01", ["dateBasis"] = "inferred", ["dateNote"] = "for the test" },
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
        var file = Path.Combine(_folder, "sixth.claims.json");
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
}
