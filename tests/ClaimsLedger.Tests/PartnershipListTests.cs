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
    public async Task Pages_followed_by_next_list_every_pair_once_in_key_order_each_with_a_read_of_its_own()
    {
        await RecordOthersAsync();

        var pages = await App.PagesAsync("/partnerships?pageSize=1");
        var pairs = Pairs(pages);

        Assert.Equal(["IN-RU", "IN-VN", "RU-VN", "US-VN"], Names(pairs));
        Assert.Equal(4, pages.Count);
        foreach (var pair in pairs)
        {
            Assert.Equal(pair["pair"]!.GetValue<string>().Split('-'), pair["parties"]!.AsArray().Select(p => p!.GetValue<string>()));
            var (status, own) = await App.GetAsync($"/partnerships/{pair["pair"]}");
            Assert.Equal(200, status);
            Assert.NotEmpty(own!["timeline"]!.AsArray());
        }
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
    public async Task The_list_offers_every_pair_whatever_the_dates_and_a_pair_s_own_read_answers_for_them()
    {
        var ids = await RecordOthersAsync();
        var (status, _) = await App.PostAsync($"/claims/{ids[1]}/retraction", new { expectedVersion = 1, reason = "not in the quote" });
        Assert.Equal(200, status);

        var (_, list) = await App.GetAsync("/partnerships");
        var (_, retracted) = await App.GetAsync("/partnerships/IN-RU");
        var (_, before) = await App.GetAsync("/partnerships/IN-VN?validAt=2000-01-01");

        // As /figures/series does for figures: the pairs the ledger has heard of, so the list reads no claim.
        Assert.Equal(["IN-RU", "IN-VN", "RU-VN", "US-VN"], Names(list!["partnerships"]!.AsArray().Select(p => p!)));
        Assert.Empty(retracted!["timeline"]!.AsArray());
        Assert.Null(before!["inEffect"]);
        var (refused, problem) = await App.GetAsync("/partnerships?validAt=2000-01-01");
        Assert.Equal(400, refused);
        Assert.NotNull(problem!["errors"]!["validAt"]);
    }

    [Fact]
    public async Task A_page_starts_after_the_pair_named_in_either_order()
    {
        await RecordOthersAsync();

        var (_, page) = await App.GetAsync("/partnerships?after=VN-IN");

        Assert.Equal(["RU-VN", "US-VN"], Names(page!["partnerships"]!.AsArray().Select(p => p!)));
    }

    [Fact]
    public async Task A_step_lists_its_earliest_sources_up_to_sourcesPerStep_and_counts_every_one()
    {
        var (_, whole) = await App.GetAsync("/partnerships/RU-VN");
        var (status, bounded) = await App.GetAsync("/partnerships/RU-VN?sourcesPerStep=1");
        Assert.Equal(200, status);

        var steps = whole!["timeline"]!.AsArray().Select(s => s!).ToList();
        Assert.Contains(steps, s => s["sources"]!.AsArray().Count > 1);
        Assert.Equal(steps.Select(s => s["level"]!.GetValue<string>()), bounded!["timeline"]!.AsArray().Select(s => s!["level"]!.GetValue<string>()));
        foreach (var (step, cut) in steps.Zip(bounded["timeline"]!.AsArray().Select(s => s!)))
        {
            var sources = step["sources"]!.AsArray();
            Assert.Equal(sources.Count, step["sourceCount"]!.GetValue<int>());
            Assert.Equal(sources.Count, cut["sourceCount"]!.GetValue<int>());
            // A bound of one keeps the step's first source (the earliest published), as the whole answer lists it.
            Assert.Equal(new JsonArray(sources[0]!.DeepClone()).ToJsonString(), cut["sources"]!.ToJsonString());
        }
        Assert.Equal(whole["inEffect"]!["level"]!.GetValue<string>(), bounded["inEffect"]!["level"]!.GetValue<string>());
    }
}
