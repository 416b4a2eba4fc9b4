using System.Text.Json.Nodes;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>The list of sources, a page at a time, on the seed corpus.</summary>
[Collection(LedgerCollection.Name)]
public sealed class SourceListTests(LedgerApp app) : SeededTests(app)
{
    private async Task<List<JsonNode>> AllAsync(int pageSize)
    {
        var (_, first) = await App.GetAsync($"/sources?pageSize={pageSize}");
        var total = first!["total"]!.GetValue<long>();
        var sources = first["sources"]!.AsArray().Select(s => s!).ToList();
        for (var page = 2; (page - 1) * pageSize < total; page++)
        {
            var (status, next) = await App.GetAsync($"/sources?pageSize={pageSize}&page={page}");
            Assert.Equal(200, status);
            Assert.Equal(total, next!["total"]!.GetValue<long>());
            sources.AddRange(next["sources"]!.AsArray().Select(s => s!));
        }
        return sources;
    }

    [Fact]
    public async Task Pages_list_every_source_once_oldest_publication_first()
    {
        var sources = await AllAsync(pageSize: 2);
        Assert.Equal(5, sources.Count);
        Assert.Equal(5, sources.Select(s => s["id"]!.GetValue<Guid>()).Distinct().Count());
        var order = sources.Select(s => (s["publishedOn"]!.GetValue<string>(), s["title"]!.GetValue<string>())).ToList();
        Assert.Equal(order.OrderBy(o => o.Item1, StringComparer.Ordinal).ThenBy(o => o.Item2, StringComparer.Ordinal), order);
        var (_, beyond) = await App.GetAsync("/sources?pageSize=2&page=4");
        Assert.Empty(beyond!["sources"]!.AsArray());
    }

    [Theory]
    [InlineData("russia")]
    [InlineData("RUSSIA vietnam")]
    [InlineData("medvedev")]
    [InlineData("NEWS agency")]   // words of an outlet only
    [InlineData("no-such-word")]
    public async Task Search_lists_the_sources_whose_title_or_outlet_has_every_word_in_any_case(string search)
    {
        var words = search.ToLowerInvariant().Split(' ');
        var expected = (await AllAsync(pageSize: 500))
            .Where(s => words.All(w => $"{s["title"]} {s["outlet"]}".ToLowerInvariant().Contains(w, StringComparison.Ordinal)))
            .Select(s => s["id"]!.GetValue<Guid>()).ToList();

        var (status, found) = await App.GetAsync($"/sources?pageSize=1&search={Uri.EscapeDataString(search)}");
        var sources = new List<Guid>();
        for (var page = 1; page <= found!["total"]!.GetValue<long>(); page++)
            sources.Add((await App.GetAsync($"/sources?pageSize=1&page={page}&search={Uri.EscapeDataString(search)}")).Body!["sources"]![0]!["id"]!.GetValue<Guid>());

        Assert.Equal(200, status);
        Assert.Equal(expected, sources);
        Assert.True(search == "no-such-word" ? expected.Count == 0 : expected.Count is > 0 and < 5, $"'{search}' finds some of the five sources");
    }

    [Theory]
    [InlineData("pham minh chinh", "vi", "en")]
    [InlineData("PHẠM Chính", "vi", "en")]
    [InlineData("điện tử", "vi")]     // words of the Vietnamese outlet only
    [InlineData("dien tu", "vi")]
    [InlineData("МОСКВ", "ru")]
    [InlineData("визит москву", "ru")]
    public async Task A_search_finds_names_written_with_or_without_their_diacritics(string search, params string[] expected)
    {
        var titles = new Dictionary<string, (string Title, string Outlet)>
        {
            ["vi"] = ("Thủ tướng Phạm Minh Chính thăm Liên bang Nga", "Báo Điện tử Chính phủ"),
            ["en"] = ("Prime Minister Pham Minh Chinh visits Russia", "VnExpress International"),
            ["ru"] = ("Визит в Москву: премьер-министр Вьетнама", "ТАСС"),
        };
        var ids = new Dictionary<Guid, string>();
        foreach (var (name, (title, outlet)) in titles)
        {
            var (status, source) = await App.PostAsync("/sources", new { title, outlet, publishedOn = "2024-07-01", dateBasis = "stated", text = $"{title}. The article about the visit, written for {name}." });
            Assert.Equal(201, status);
            ids[source!["id"]!.GetValue<Guid>()] = name;
        }

        var (_, found) = await App.GetAsync($"/sources?search={Uri.EscapeDataString(search)}");

        Assert.Equal(expected.Order(), found!["sources"]!.AsArray().Select(s => ids.GetValueOrDefault(s!["id"]!.GetValue<Guid>(), "a seed source")).Order());
    }

    [Fact]
    public async Task A_search_longer_than_a_hundred_characters_is_refused_naming_it()
    {
        var (status, problem) = await App.GetAsync("/sources?search=" + new string('a', 101));

        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]!["search"]);
    }

    [Fact]
    public async Task Each_source_counts_its_live_claims_and_a_retraction_takes_one_off()
    {
        var sources = await AllAsync(pageSize: 500);
        foreach (var source in sources)
        {
            var (_, claims) = await App.GetAsync($"/claims?sourceId={source["id"]}&pageSize=1");
            Assert.Equal(claims!["total"]!.GetValue<long>(), source["claims"]!.GetValue<long>());
        }
        var busiest = sources.MaxBy(s => s["claims"]!.GetValue<long>())!;
        Assert.True(busiest["claims"]!.GetValue<long>() > 1);

        var (_, page) = await App.GetAsync($"/claims?sourceId={busiest["id"]}&pageSize=1");
        var claim = page!["claims"]![0]!;
        var (status, _) = await App.PostAsync($"/claims/{claim["id"]}/retraction", new { expectedVersion = claim["version"]!.GetValue<long>(), reason = "test retraction" });
        Assert.Equal(200, status);
        var after = (await AllAsync(pageSize: 500)).Single(s => s["id"]!.GetValue<Guid>() == busiest["id"]!.GetValue<Guid>());
        Assert.Equal(busiest["claims"]!.GetValue<long>() - 1, after["claims"]!.GetValue<long>());
        var (_, detail) = await App.GetAsync($"/sources/{busiest["id"]}");
        Assert.Equal(after["claims"]!.GetValue<long>(), detail!["source"]!["claims"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_length_counts_UTF16_units_as_spanStart_does_without_the_list_reading_the_text()
    {
        const string text = "Trade 𝄞 between 😀 Russia and Viet Nam reached 7 billion USD.";
        var (status, created) = await App.PostAsync("/sources", new { title = "Astral plane", publishedOn = "2021", dateBasis = "stated", text });
        Assert.Equal(201, status);
        var id = created!["id"]!.GetValue<Guid>();
        var listed = (await AllAsync(pageSize: 500)).Single(s => s["id"]!.GetValue<Guid>() == id);
        Assert.Equal(text.Length, listed["length"]!.GetValue<int>());
        Assert.NotEqual(text.EnumerateRunes().Count(), text.Length);
        var (_, detail) = await App.GetAsync($"/sources/{id}");
        Assert.Equal(text.Length, detail!["source"]!["length"]!.GetValue<int>());
        Assert.Equal(0, listed["claims"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("/sources?page=0", "page")]
    [InlineData("/sources?pageSize=0", "pageSize")]
    [InlineData("/sources?pageSize=501", "pageSize")]
    public async Task A_bad_page_is_refused_naming_the_field(string path, string field)
    {
        var (status, problem) = await App.GetAsync(path);
        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]![field]);
    }
}
