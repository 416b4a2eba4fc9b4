using System.Text.Json.Nodes;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>The seed corpus as loaded through the public API: complete, faithful, idempotent, with its corrections and conflicts.</summary>
[Collection(LedgerCollection.Name)]
public sealed class SeedCorpusTests(LedgerApp app) : SeededTests(app)
{
    [Fact]
    public async Task Loading_the_corpus_again_appends_nothing()
    {
        var before = await App.EventCountAsync();
        var reports = await App.LoadSeedAsync();
        Assert.Equal(before, await App.EventCountAsync());
        Assert.All(reports, r => Assert.Equal((0, 0, 0), (r.NewSources, r.NewClaims, r.NewCorrections)));
        Assert.Equal(5, reports.Count);
    }

    [Theory]
    [InlineData(Seed.Medvedev, 7, 0, 9)]
    [InlineData(Seed.Republished, 7, 3, 7)]
    [InlineData(Seed.Bezdetko2023, 4, 1, 3)]
    [InlineData(Seed.Phuc2021, 11, 5, 8)]
    [InlineData(Seed.Vna2025, 4, 0, 9)]
    public async Task Each_article_has_its_claims_of_each_kind(string article, int figures, int partnerships, int projects)
    {
        var source = Seed.SourceId(article);
        async Task<long> Count(string kind) => (await App.GetAsync($"/claims?sourceId={source}&kind={kind}&pageSize=500")).Body!["total"]!.GetValue<long>();
        Assert.Equal((figures, partnerships, projects), ((int)await Count("figure"), (int)await Count("partnership"), (int)await Count("project")));
    }

    [Fact]
    public async Task Every_quote_stands_verbatim_at_its_recorded_span()
    {
        var (_, page) = await App.GetAsync("/claims?pageSize=500");
        var claims = page!["claims"]!.AsArray();
        Assert.Equal(page["total"]!.GetValue<long>(), claims.Count);
        Assert.True(claims.Count >= 70, $"the corpus should hold every checkable claim, found {claims.Count}");
        var texts = new Dictionary<Guid, string>();
        foreach (var claim in claims)
        {
            var source = claim!["sourceId"]!.GetValue<Guid>();
            if (!texts.TryGetValue(source, out var text))
                texts[source] = text = (await App.GetAsync($"/sources/{source}")).Body!["text"]!.GetValue<string>();
            var (start, end) = (claim["spanStart"]!.GetValue<int>(), claim["spanEnd"]!.GetValue<int>());
            Assert.Equal(claim["quote"]!.GetValue<string>(), text[start..end]);
        }
    }

    [Theory]
    [InlineData("trade-turnover:RU-VN:2020", Seed.Phuc2021, "nearly", 4.85, "billion")]
    [InlineData("trade-turnover:RU-VN:2021", Seed.Medvedev, "more-than", 7, "billion")]
    [InlineData("trade-turnover:RU-VN:2021-01..2021-09", Seed.Phuc2021, "exact", 3.6, "billion")]
    [InlineData("trade-turnover:RU-VN:2024-01..2024-11", Seed.Vna2025, "exact", 4.15, "billion")]
    [InlineData("trade-turnover-target:RU-VN:by-2030", Seed.Vna2025, "exact", 15, "billion")]
    [InlineData("trade-turnover:US-VN:2022", Seed.Medvedev, "exact", 124, "billion")]
    public async Task Figures_carry_the_normalized_values_the_articles_state(string key, string article, string qualifier, double value, string scale)
    {
        var claim = await OnlyClaim(key, article);
        Assert.Equal((qualifier, (decimal)value, scale, "usd"),
            (claim["qualifier"]!.GetValue<string>(), claim["value"]!.GetValue<decimal>(), claim["scale"]!.GetValue<string>(), claim["unit"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_relative_figure_keeps_its_base_period_and_a_range_its_bounds()
    {
        var fall = await OnlyClaim("trade-turnover-change:RU-VN:2022", Seed.Medvedev);
        Assert.Equal((-35.9m, "2021", "percent"), (fall["value"]!.GetValue<decimal>(), fall["basePeriod"]!.GetValue<string>(), fall["unit"]!.GetValue<string>()));

        var (_, diaspora) = await App.GetAsync($"/claims?sourceId={Seed.SourceId(Seed.Phuc2021)}&kind=figure&pageSize=500");
        var range = diaspora!["claims"]!.AsArray().Single(c => c!["figure"]!["qualifier"]!.GetValue<string>() == "range")!["figure"]!;
        Assert.Equal((60000m, 80000m), (range["low"]!.GetValue<decimal>(), range["high"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task The_republished_article_keeps_its_page_date_and_a_correction_to_the_original_date()
    {
        var (_, source) = await App.GetAsync($"/sources/{Seed.SourceId(Seed.Republished)}");
        Assert.Equal(("2023-05", "inferred", 2), (source!["source"]!["publishedOn"]!.GetValue<string>(),
            source["source"]!["dateBasis"]!.GetValue<string>(), source["source"]!["version"]!.GetValue<int>()));
        var history = source["history"]!.AsArray();
        Assert.Equal(["registered", "corrected"], history.Select(h => h!["eventType"]!.GetValue<string>()));
        var dateChange = history[1]!["changes"]!.AsArray().Single(c => c!["field"]!.GetValue<string>() == "publishedOn")!;
        Assert.Equal(("2024-02-23", "2023-05"), (dateChange["before"]!.GetValue<string>(), dateChange["after"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(history[1]!["reason"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(Seed.Medvedev, "medvedev-visit-may-22-meetings", "Vaughan Thyong", "Vo Van Thuong")]
    [InlineData(Seed.Medvedev, "medvedev-visit-may-22-meetings", "Pham Min Thin", "Pham Minh Chinh")]
    [InlineData(Seed.Medvedev, "ninh-thuan-npp", "Ninhthuan", "Ninh Thuan")]
    [InlineData(Seed.Medvedev, "us-vn-defence-purchase-diversification", "Daniel Critenbrink", "Daniel Kritenbrink")]
    public async Task Misspelt_names_are_recorded_as_printed_then_corrected_with_a_reason(string article, string key, string printed, string right)
    {
        var id = Seed.ClaimId(article, key);
        var (_, claim) = await App.GetAsync($"/claims/{id}");
        var names = claim!["names"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains(right, names);
        Assert.DoesNotContain(printed, names);

        var (_, history) = await App.GetAsync($"/claims/{id}/history");
        var versions = history!["versions"]!.AsArray();
        Assert.Contains(printed, versions[0]!["changes"]!.AsArray().Where(c => c!["field"]!.GetValue<string>() == "names").Select(c => c!["after"]!.AsArray().Select(n => n!.GetValue<string>())).Single());
        var fix = versions.Skip(1).First(v => v!["changes"]!.AsArray().Any(c => c!["after"] is JsonArray after && after.Any(n => n!.GetValue<string>() == right)))!;
        Assert.Equal("corrected", fix["eventType"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(fix["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Only_true_disagreements_are_flagged_as_conflicts()
    {
        var (_, all) = await App.GetAsync("/figures");
        var figures = all!["figures"]!.AsArray();
        var flagged = figures.Where(f => f!["conflict"]!.GetValue<bool>()).Select(f => f!["figureKey"]!.GetValue<string>()).ToList();
        Assert.Equal(["trade-turnover-change:RU-VN:2022"], flagged);

        var (_, decline) = await App.GetAsync("/figures/trade-turnover-change:RU-VN:2022");
        Assert.Equal(2, decline!["figure"]!["sourceCount"]!.GetValue<int>());
        Assert.Equal(2, decline["figure"]!["conflict"]!["sources"]!.AsArray().Count);
        // The disagreement says what each source said, in its words' range, and who said it.
        var claims = decline["figure"]!["claims"]!.AsArray();
        var why = decline["figure"]!["conflict"]!["disagreements"]!.AsArray().Single()!["why"]!.GetValue<string>();
        Assert.EndsWith("cannot both be true", why);
        Assert.All(claims, c => Assert.Contains($"({c!["sourceTitle"]!.GetValue<string>()})", why));
        Assert.Contains("-35.9%", why);

        // The arms shares and the student counts differ because they measure different things or different dates.
        var keys = figures.Select(f => f!["figureKey"]!.GetValue<string>()).ToList();
        Assert.Contains(keys, k => k.StartsWith("arms-import-share:RU-VN:", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.StartsWith("arms-supply-share:RU-VN:", StringComparison.Ordinal));
        Assert.True(keys.Count(k => k.StartsWith("students:RU-VN:", StringComparison.Ordinal)) >= 2);
    }

    private async Task<JsonNode> OnlyClaim(string figureKey, string article)
    {
        var (status, figure) = await App.GetAsync($"/figures/{figureKey}");
        Assert.Equal(200, status);
        return figure!["figure"]!["claims"]!.AsArray().Single(c => c!["sourceId"]!.GetValue<Guid>() == Seed.SourceId(article))!;
    }
}
