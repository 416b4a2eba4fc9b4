using System.Text.Json.Nodes;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>Every claim a filter picks as CSV: the claims the list gives page by page, in the same order, each with its source.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ClaimExportTests(LedgerApp app) : SeededTests(app)
{
    private async Task<(string? FileName, List<Dictionary<string, string>> Rows)> CsvAsync(string path)
    {
        var csv = await CsvAnswer.GetAsync(App, path);
        Assert.Equal("text/csv; charset=utf-8", csv.ContentType);
        return (csv.FileName, csv.Rows);
    }

    /// <summary>Every claim the list gives for a filter, following its pages.</summary>
    private async Task<List<JsonNode>> ListedAsync(string filter) =>
        (await App.PagesAsync($"/claims?pageSize=7{filter}")).SelectMany(p => p["claims"]!.AsArray()).Select(c => c!).ToList();

    private async Task<Dictionary<Guid, string>> TitlesAsync() =>
        (await App.GetAsync("/sources?pageSize=500")).Body!["sources"]!.AsArray()
            .ToDictionary(s => s!["id"]!.GetValue<Guid>(), s => s!["title"]!.GetValue<string>());

    [Theory]
    [InlineData("")]
    [InlineData("&kind=figure")]
    [InlineData("&kind=project")]
    [InlineData("&sourceId=" + "77828b6b-414e-5e4a-bf30-f5af27968da9")]
    [InlineData("&figureKey=trade-turnover-change:RU-VN:2022")]
    public async Task The_rows_are_the_claims_the_list_gives_in_its_order_each_with_its_source_s_title(string filter)
    {
        var listed = await ListedAsync(filter);
        var titles = await TitlesAsync();

        var (_, rows) = await CsvAsync("/claims.csv?" + filter.TrimStart('&'));

        Assert.NotEmpty(listed);
        Assert.Equal(listed.Select(c => c["id"]!.GetValue<string>()), rows.Select(r => r["Id"]));
        foreach (var (claim, row) in listed.Zip(rows))
        {
            Assert.Equal(titles[claim["sourceId"]!.GetValue<Guid>()], row["SourceTitle"]);
            Assert.Equal(claim["kind"]!.GetValue<string>(), row["Kind"]);
            Assert.Equal(claim["quote"]!.GetValue<string>(), row["Quote"].TrimStart('\''));
            Assert.Equal(claim["version"]!.GetValue<long>().ToString(), row["Version"]);
        }
    }

    [Fact]
    public async Task Each_kind_fills_its_own_columns_and_a_retraction_shows_only_when_asked_for()
    {
        var (_, rows) = await CsvAsync("/claims.csv");
        var figure = rows.First(r => r["FigureKey"] == "trade-turnover-change:RU-VN:2022" && r["Value"] == "-35.9");
        Assert.Equal(("trade-turnover-change", "RU-VN", "2022", "exact", "percent"), (figure["Metric"], figure["Parties"], figure["Period"], figure["Qualifier"], figure["Unit"]));
        Assert.Equal("", figure["Level"]);
        var partnership = rows.First(r => r["Kind"] == "partnership");
        Assert.Equal("RU-VN", partnership["Parties"]);
        Assert.NotEqual("", partnership["Level"]);
        Assert.NotEqual("", partnership["EffectiveOn"]);
        Assert.Equal("", partnership["Metric"]);
        var project = rows.First(r => r["Kind"] == "project");
        Assert.NotEqual("", project["ProjectId"]);
        Assert.NotEqual("", project["Status"]);

        var retracted = Guid.Parse(figure["Id"]);
        var (status, _) = await App.PostAsync($"/claims/{retracted}/retraction", new { expectedVersion = 1, reason = "the export test retracts it" });
        Assert.Equal(200, status);

        var (_, live) = await CsvAsync("/claims.csv");
        var (fileName, all) = await CsvAsync("/claims.csv?includeRetracted=true");
        Assert.DoesNotContain(live, r => r["Id"] == retracted.ToString());
        var row = Assert.Single(all, r => r["Id"] == retracted.ToString());
        Assert.Equal(("True", "the export test retracts it", "2"), (row["Retracted"], row["RetractionReason"], row["Version"]));
        Assert.Equal(live.Count + 1, all.Count);
        Assert.Equal("claims_with-retracted.csv", fileName);
    }

    [Fact]
    public async Task An_export_longer_than_a_page_of_its_reading_has_every_claim_once_in_the_order_recorded()
    {
        const string quote = "Trade between the two countries is measured every year.";
        var (_, source) = await App.PostAsync("/sources", new
        {
            title = "A long archive", publishedOn = "2024-01-02", dateBasis = "stated", text = $"{quote} The export test records many claims from it.",
        });
        var sourceId = source!["id"]!.GetValue<Guid>();
        var claims = Enumerable.Range(0, 2_345).Select(i => new
        {
            id = Guid.NewGuid(), sourceId, kind = "figure", quote,
            figure = new { metric = "trade-turnover", parties = new[] { "RU", "VN" }, period = (1900 + i % 120).ToString(), unit = "usd", scale = "million", qualifier = "exact", value = i },
        }).ToList();
        var (status, _) = await App.PostAsync("/imports/claims", new { claims });
        Assert.Equal(200, status);

        var (fileName, rows) = await CsvAsync($"/claims.csv?sourceId={sourceId}");

        Assert.Equal(claims.Select(c => c.id.ToString()), rows.Select(r => r["Id"]));
        Assert.All(rows, r => Assert.Equal("A long archive", r["SourceTitle"]));
        Assert.Equal($"claims_source-{sourceId}.csv", fileName);
    }

    [Theory]
    [InlineData("/claims.csv?kind=rumour", "kind")]
    [InlineData("/claims.csv?figureKey=trade-turnover:RU-VN", "figureKey")]
    [InlineData("/claims.csv?figureKey=trade-turnover:RU-RU:2020", "figureKey")]
    [InlineData("/claims.csv?sourceId=abc", "sourceId")]
    [InlineData("/claims.csv?page=2", "page")]
    [InlineData("/claims.csv?includeRetracted=maybe", "includeRetracted")]
    public async Task A_bad_filter_is_refused_naming_it(string path, string field)
    {
        var (status, problem) = await App.GetAsync(path);

        Assert.Equal(400, status);
        Assert.True(problem!["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }
}
