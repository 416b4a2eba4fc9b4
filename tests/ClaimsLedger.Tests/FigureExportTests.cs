using System.Text.Json.Nodes;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>The claims behind a figure or a series as CSV, for a spreadsheet: the same claims the figure's own read shows.</summary>
[Collection(LedgerCollection.Name)]
public sealed class FigureExportTests(LedgerApp app) : SeededTests(app)
{
    private Task<CsvAnswer> CsvAsync(string path) => CsvAnswer.GetAsync(App, path);

    /// <summary>Each claim the JSON read lists, figure by figure, with what the CSV says of it.</summary>
    private static List<(string FigureKey, string ClaimId, string Value, bool Headline, bool Conflict)> Expected(IEnumerable<JsonNode> figures) =>
        figures.SelectMany(f => f["claims"]!.AsArray().Select(c => (
            f["figureKey"]!.GetValue<string>(),
            c!["claimId"]!.GetValue<string>(),
            c["value"]?.ToJsonString() ?? "",
            f["headline"]?["claimId"]?.GetValue<string>() == c["claimId"]!.GetValue<string>(),
            f["conflict"]!["sources"]!.AsArray().Any(s => s!.GetValue<string>() == c["sourceId"]!.GetValue<string>())))).ToList();

    private static List<(string, string, string, bool, bool)> Listed(CsvAnswer csv) => csv.Rows.Select(r => (
        r["FigureKey"], r["ClaimId"], r["Value"], bool.Parse(r["Headline"]), bool.Parse(r["Conflict"]))).ToList();

    [Theory]
    [InlineData("")]
    [InlineData("?asOf=2022-01-01")]
    [InlineData("?validAt=2022-06-30")]
    public async Task A_series_CSV_has_a_row_for_each_claim_its_read_shows_under_the_same_axes(string axes)
    {
        var (_, series) = await App.GetAsync($"/figures/trade-turnover-change:RU-VN{axes}");

        var csv = await CsvAsync($"/figures/trade-turnover-change:RU-VN/claims.csv{axes}");

        var expected = Expected(series!["figures"]!.AsArray().Select(f => f!));
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Listed(csv));
        Assert.Equal("text/csv; charset=utf-8", csv.ContentType);
        Assert.Equal([0xEF, 0xBB, 0xBF], csv.Bytes.Take(3));
        Assert.Equal($"trade-turnover-change_RU-VN{axes.Replace("?", "_").Replace('=', '-')}.csv", csv.FileName);
    }

    [Fact]
    public async Task The_axes_narrow_the_rows_and_a_figure_with_nothing_in_effect_is_a_header_alone()
    {
        var all = await CsvAsync("/figures/trade-turnover:RU-VN/claims.csv");
        var known = await CsvAsync("/figures/trade-turnover:RU-VN/claims.csv?asOf=2022-01-01");
        Assert.InRange(known.Rows.Count, 1, all.Rows.Count - 1);

        var outside = await CsvAsync("/figures/trade-turnover:RU-VN:2020/claims.csv?validAt=2021-06-01");

        Assert.Empty(outside.Rows);
        Assert.StartsWith("\uFEFFFigureKey,Metric,Parties,Period,Headline,Conflict,", System.Text.Encoding.UTF8.GetString(outside.Bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conflicting_figure_flags_its_claims_and_keeps_a_negative_change_a_number()
    {
        var (_, figure) = await App.GetAsync("/figures/trade-turnover-change:RU-VN:2022");
        Assert.True(figure!["figure"]!["conflict"]!["flagged"]!.GetValue<bool>());

        var csv = await CsvAsync("/figures/trade-turnover-change:RU-VN:2022/claims.csv");

        Assert.Equal(Expected([figure["figure"]!]), Listed(csv));
        Assert.All(csv.Rows, r => Assert.True(bool.Parse(r["Conflict"])));
        Assert.Contains(csv.Rows, r => r["Value"] == "-35.9");
        Assert.Single(csv.Rows, r => bool.Parse(r["Headline"]));
    }

    [Fact]
    public async Task A_quote_that_a_spreadsheet_would_run_as_a_formula_is_written_as_text()
    {
        const string formula = "=HYPERLINK(\"http://x.invalid\") trade turnover reached 5 billion USD in 2019";
        var (status, source) = await App.PostAsync("/sources", new
        {
            title = "A hostile page", publishedOn = "2020-02-01", dateBasis = "stated",
            text = $"Someone wrote this. {formula}. The end.",
        });
        Assert.Equal(201, status);
        (status, _) = await App.PostAsync("/claims", new
        {
            sourceId = source!["id"]!.GetValue<Guid>(), kind = "figure", quote = formula,
            figure = new { metric = "trade-turnover", parties = new[] { "RU", "VN" }, period = "2019", unit = "usd", scale = "billion", qualifier = "exact", value = 5 },
        });
        Assert.Equal(201, status);

        var csv = await CsvAsync("/figures/trade-turnover:RU-VN:2019/claims.csv");

        Assert.Equal("'" + formula, Assert.Single(csv.Rows)["Quote"]);
    }

    [Theory]
    [InlineData("/figures/trade-turnover:RU-VN/claims.csv?view=vintages", "view")]
    [InlineData("/figures/trade-turnover:RU-VN/claims.csv?rank=deprecated", "rank")]
    [InlineData("/figures/trade-turnover:RU-VN/claims.csv?asOf=2022-13-01", "asOf")]
    [InlineData("/figures/trade-turnover:RU-RU/claims.csv", "figureKey")]
    [InlineData("/figures/trade turnover/claims.csv", "figureKey")]
    [InlineData("/figures.csv?view=latest", "view")]
    [InlineData("/figures.csv?rank=deprecated", "rank")]
    [InlineData("/figures.csv?parties=RU-RU", "parties")]
    [InlineData("/figures.csv?metric=Trade%20Turnover", "metric")]
    [InlineData("/figures.csv?validAt=2022-02-30", "validAt")]
    [InlineData("/figures.csv?conflict=maybe", "conflict")]
    [InlineData("/figures.csv?pageSize=10", "pageSize")]
    public async Task A_bad_question_is_refused_naming_the_field(string path, string field)
    {
        var (status, problem) = await App.GetAsync(path);

        Assert.Equal(400, status);
        Assert.True(problem!["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Theory]
    [InlineData("/figures/trade-turnover:FR-VN/claims.csv")]
    [InlineData("/figures/trade-turnover:RU-VN:1999/claims.csv")]
    public async Task A_figure_or_series_the_ledger_never_had_is_not_found(string path)
    {
        var (status, problem) = await App.GetAsync(path);

        Assert.Equal(404, status);
        Assert.Contains("trade-turnover", problem!["detail"]!.GetValue<string>());
    }

    /// <summary>Each figure the list's pages hold, with what the CSV says of it: key, headline value and claim, sources, conflict.</summary>
    private static List<(string, string, string, string, string)> ListedFigures(IEnumerable<JsonNode> pages) =>
        pages.SelectMany(p => p["figures"]!.AsArray()).Select(f => (
            f!["figureKey"]!.GetValue<string>(),
            f["headline"]?["value"]?.ToJsonString() ?? "",
            f["headline"]?["claimId"]?.GetValue<string>() ?? "",
            f["sourceCount"]!.ToJsonString(),
            f["conflict"]!.ToJsonString())).ToList();

    private static List<(string, string, string, string, string)> FigureRows(CsvAnswer csv) =>
        csv.Rows.Select(r => (r["FigureKey"], r["Value"], r["ClaimId"], r["SourceCount"], r["Conflict"].ToLowerInvariant())).ToList();

    [Theory]
    [InlineData("")]
    [InlineData("asOf=2022-01-01")]
    [InlineData("validAt=2022-06-30&parties=VN-RU")]
    [InlineData("metric=trade-turnover-change&conflict=true")]
    [InlineData("search=students")]
    public async Task The_figures_CSV_has_a_row_for_each_figure_the_list_shows_under_the_same_filters_and_axes(string query)
    {
        var pages = await App.PagesAsync($"/figures?pageSize=3&{query}");

        var csv = await CsvAsync($"/figures.csv?{query}");

        var expected = ListedFigures(pages);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, FigureRows(csv));
        Assert.Equal("text/csv; charset=utf-8", csv.ContentType);
        Assert.Equal([0xEF, 0xBB, 0xBF], csv.Bytes.Take(3));
    }

    [Fact]
    public async Task The_figures_CSV_reads_the_list_page_after_page_and_names_its_file_after_the_question()
    {
        const string quote = "Trade between the two countries is measured every month.";
        var (_, source) = await App.PostAsync("/sources", new
        {
            title = "A monthly archive", publishedOn = "2024-01-02", dateBasis = "stated", text = $"{quote} The export test records many figures from it.",
        });
        // More figures than a page of the list holds, so the file is written from several pages.
        var claims = Enumerable.Range(0, 612).Select(i => new
        {
            sourceId = source!["id"]!.GetValue<Guid>(), kind = "figure", quote,
            figure = new { metric = "trade-turnover", parties = new[] { "RU", "VN" }, period = $"{1990 + i / 12}-{i % 12 + 1:00}", unit = "usd", scale = "million", qualifier = "exact", value = i },
        }).ToList();
        var (status, _) = await App.PostAsync("/imports/claims", new { claims });
        Assert.Equal(200, status);

        var csv = await CsvAsync("/figures.csv?metric=trade-turnover&parties=VN-RU&asOf=2024-06-30");

        var expected = ListedFigures(await App.PagesAsync("/figures?pageSize=500&metric=trade-turnover&parties=VN-RU&asOf=2024-06-30"));
        Assert.True(expected.Count > 612, "the archive's figures and the seed corpus's");
        Assert.Equal(expected, FigureRows(csv));
        Assert.Equal("figures_trade-turnover_RU-VN_asOf-2024-06-30.csv", csv.FileName);
        Assert.Equal("figures_students-2021_agreed.csv", (await CsvAsync("/figures.csv?search=students%20%202021!&conflict=false")).FileName);
    }
}
