using System.Text.Json.Nodes;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>The list of partnerships: the seed corpus's RU-VN, and pairs recorded here from the seed's own quotes.</summary>
[Collection(LedgerCollection.Name)]
public sealed class PartnershipListTests(LedgerApp app) : SeededTests(app)
{
    /// <summary>Pairs beside RU-VN, each with a level and the date a source would give it.</summary>
    private static readonly (string[] Parties, string Level, string EffectiveOn)[] Others =
    [
        (["VN", "IN"], "comprehensive-strategic-partnership", "2016-09"),
        (["IN", "RU"], "strategic-partnership", "2000-10-03"),
        (["VN", "US"], "diplomatic-relations", "1995"),
        (["VN", "US"], "comprehensive-strategic-partnership", "2023-09-10"),
    ];

    /// <summary>Records the other pairs' claims on a seed partnership claim's source and quote; answers their ids.</summary>
    private async Task<List<Guid>> RecordOthersAsync()
    {
        var (_, seed) = await App.GetAsync("/claims?kind=partnership&pageSize=1");
        var model = seed!["claims"]![0]!;
        var ids = new List<Guid>();
        foreach (var (parties, level, effectiveOn) in Others)
        {
            var (status, written) = await App.PostAsync("/claims", new
            {
                sourceId = model["sourceId"]!.GetValue<Guid>(), kind = "partnership", quote = model["quote"]!.GetValue<string>(),
                partnership = new { parties, level, effectiveOn },
            });
            Assert.Equal(201, status);
            ids.Add(written!["id"]!.GetValue<Guid>());
        }
        return ids;
    }

    private static List<JsonNode> Pairs(IEnumerable<JsonNode> pages) =>
        pages.SelectMany(p => p["partnerships"]!.AsArray()).Select(p => p!).ToList();

    private static List<string> Names(IEnumerable<JsonNode> pairs) => pairs.Select(p => p["pair"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Pages_followed_by_next_list_every_pair_once_in_key_order_with_what_its_own_read_says()
    {
        await RecordOthersAsync();

        var pages = await App.PagesAsync("/partnerships?pageSize=1");
        var pairs = Pairs(pages);

        Assert.Equal(["IN-RU", "IN-VN", "RU-VN", "US-VN"], Names(pairs));
        Assert.Equal(4, pages.Count);
        foreach (var pair in pairs)
        {
            var (status, own) = await App.GetAsync($"/partnerships/{pair["pair"]}");
            Assert.Equal(200, status);
            Assert.Equal(own!["inEffect"]?["level"]?.GetValue<string>(), pair["level"]?.GetValue<string>());
            Assert.Equal(own["inEffect"]?["effectiveOn"]?.GetValue<string>(), pair["effectiveOn"]?.GetValue<string>());
            Assert.Equal(own["timeline"]!.AsArray().Count, pair["steps"]!.GetValue<int>());
            Assert.Equal(own["timeline"]!.AsArray().Sum(s => s!["sources"]!.AsArray().Count), pair["claims"]!.GetValue<int>());
        }
        var usVn = pairs.Single(p => p["pair"]!.GetValue<string>() == "US-VN");
        Assert.Equal(("comprehensive-strategic-partnership", 2), (usVn["level"]!.GetValue<string>(), usVn["steps"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("VN", new[] { "IN-VN", "RU-VN", "US-VN" })]
    [InlineData("IN", new[] { "IN-RU", "IN-VN" })]
    [InlineData("CN", new string[0])]
    public async Task A_party_keeps_the_pairs_it_is_one_of_whichever_side_it_sorts_to(string party, string[] expected)
    {
        await RecordOthersAsync();

        var pages = await App.PagesAsync($"/partnerships?pageSize=2&party={party}");

        Assert.Equal(expected, Names(Pairs(pages)));
    }

    [Fact]
    public async Task The_level_is_the_one_in_effect_on_validAt_and_a_pair_before_its_first_step_has_none()
    {
        await RecordOthersAsync();

        var (_, list) = await App.GetAsync("/partnerships?validAt=2000-01-01");
        var levels = list!["partnerships"]!.AsArray().ToDictionary(p => p!["pair"]!.GetValue<string>(), p => p!["level"]?.GetValue<string>());

        Assert.Equal("2000-01-01", list["statusOn"]!.GetValue<string>());
        Assert.Equal("friendship-treaty", levels["RU-VN"]);
        Assert.Equal("diplomatic-relations", levels["US-VN"]);
        Assert.Null(levels["IN-RU"]);   // its step is dated 2000-10-03
        Assert.Null(levels["IN-VN"]);
    }

    [Fact]
    public async Task A_pair_whose_claims_do_not_count_under_the_axes_is_passed_over()
    {
        var before = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var ids = await RecordOthersAsync();
        var (status, _) = await App.PostAsync($"/claims/{ids[1]}/retraction", new { expectedVersion = 1, reason = "not in the quote" });
        Assert.Equal(200, status);

        var pages = await App.PagesAsync("/partnerships?pageSize=1");
        var (_, then) = await App.GetAsync($"/partnerships?recordedAsOf={Uri.EscapeDataString(before.ToString("O"))}");

        Assert.Equal(["IN-VN", "RU-VN", "US-VN"], Names(Pairs(pages)));
        Assert.All(pages, p => Assert.Single(p["partnerships"]!.AsArray()));
        Assert.Equal(["RU-VN"], Names(then!["partnerships"]!.AsArray().Select(p => p!)));
    }

    [Fact]
    public async Task A_page_starts_after_the_pair_named_in_either_order()
    {
        await RecordOthersAsync();

        var (_, page) = await App.GetAsync("/partnerships?after=VN-IN");

        Assert.Equal(["RU-VN", "US-VN"], Names(page!["partnerships"]!.AsArray().Select(p => p!)));
    }
}
