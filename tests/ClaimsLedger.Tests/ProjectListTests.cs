using System.Text.Json.Nodes;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>The list of projects, a page at a time, on the seed corpus.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ProjectListTests(LedgerApp app) : SeededTests(app)
{
    private Task<List<JsonNode>> WalkAsync(string query, int pageSize) => App.PagesAsync($"/projects?pageSize={pageSize}{query}");

    private static List<JsonNode> Projects(IEnumerable<JsonNode> pages) => pages.SelectMany(p => p["projects"]!.AsArray()).Select(p => p!).ToList();

    [Fact]
    public async Task Pages_followed_by_next_list_every_project_once_in_id_order_as_its_own_read_shows_it()
    {
        var pages = await WalkAsync("", pageSize: 3);
        var ids = Projects(pages).Select(p => p["projectId"]!.GetValue<string>()).ToList();

        Assert.True(pages.Count > 3, "the seed corpus has projects for several pages of three");
        Assert.All(pages.SkipLast(1), p => Assert.Equal(3, p["projects"]!.AsArray().Count));
        Assert.Equal(ids.Distinct().Order(StringComparer.Ordinal), ids);
        var (_, claims) = await App.GetAsync("/claims?kind=project&pageSize=500");
        Assert.Equal(claims!["claims"]!.AsArray().Select(c => c!["project"]!["projectId"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal), ids);
        var (_, whole) = await App.GetAsync("/projects?pageSize=500");
        Assert.Null(whole!["next"]);
        Assert.Equal(whole["projects"]!.ToJsonString(), new JsonArray([.. Projects(pages).Select(p => p.DeepClone())]).ToJsonString());
        var (_, own) = await App.GetAsync($"/projects/{ids[^1]}");
        Assert.Equal(own!["project"]!.ToJsonString(), Projects(pages)[^1].ToJsonString());
    }

    [Fact]
    public async Task Projects_with_no_report_under_the_axes_are_passed_over_and_the_pages_still_fill()
    {
        const string query = "&validAt=2015-01-01";
        var (_, whole) = await App.GetAsync("/projects?pageSize=500" + query);
        var (_, all) = await App.GetAsync("/projects?pageSize=500");
        var expected = whole!["projects"]!.AsArray().Select(p => p!["projectId"]!.GetValue<string>()).ToList();
        Assert.True(expected.Count < all!["projects"]!.AsArray().Count, "some projects have no report dated by 2015");

        var pages = await WalkAsync(query, pageSize: 2);

        Assert.Equal(expected, Projects(pages).Select(p => p["projectId"]!.GetValue<string>()));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(2, p["projects"]!.AsArray().Count));
    }

    [Fact]
    public async Task A_bad_date_and_a_bad_page_size_are_named_together()
    {
        var (status, problem) = await App.GetAsync("/projects?validAt=2020-13-01&pageSize=0");

        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]!["validAt"]);
        Assert.NotNull(problem["errors"]!["pageSize"]);
    }

    [Theory]
    [InlineData("visit", 2)]
    [InlineData("Russian SUPPLIES", 2)]
    [InlineData("nuclear", 1)]
    [InlineData("no-such-words", 1)]
    public async Task Search_lists_the_projects_whose_id_has_every_word_in_any_case_a_page_at_a_time(string search, int pageSize)
    {
        var words = search.ToLowerInvariant().Split(' ');
        var (_, all) = await App.GetAsync("/projects?pageSize=500");
        var expected = all!["projects"]!.AsArray().Select(p => p!["projectId"]!.GetValue<string>())
            .Where(id => words.All(w => id.Contains(w, StringComparison.Ordinal))).ToList();

        var pages = await WalkAsync($"&search={Uri.EscapeDataString(search)}", pageSize);

        Assert.Equal(expected, Projects(pages).Select(p => p["projectId"]!.GetValue<string>()));
        Assert.True(search == "no-such-words" ? expected.Count == 0 : expected.Count > pageSize, $"'{search}' finds projects on more than one page");
    }

    [Fact]
    public async Task reportsPerProject_keeps_each_projects_latest_reports_and_counts_every_one()
    {
        var (_, whole) = await App.GetAsync("/projects?pageSize=500");
        var every = whole!["projects"]!.AsArray().Select(p => p!).ToList();
        Assert.Contains(every, p => p["reports"]!.AsArray().Count > 2);   // the seed corpus has projects reported more than twice
        Assert.All(every, p => Assert.Equal(p["reports"]!.AsArray().Count, p["reportCount"]!.GetValue<int>()));

        var (status, bounded) = await App.GetAsync("/projects?pageSize=500&reportsPerProject=2");
        Assert.Equal(200, status);
        var kept = bounded!["projects"]!.AsArray().Select(p => p!).ToList();
        Assert.Equal(every.Select(p => p["projectId"]!.GetValue<string>()), kept.Select(p => p["projectId"]!.GetValue<string>()));
        foreach (var (all, two) in every.Zip(kept))
        {
            var reports = all["reports"]!.AsArray();
            Assert.Equal(reports.TakeLast(2).Select(r => r!.ToJsonString()), two["reports"]!.AsArray().Select(r => r!.ToJsonString()));
            Assert.Equal(reports.Count, two["reportCount"]!.GetValue<int>());
            // The latest status and whether it needs re-checking come from every report, not only those listed.
            Assert.Equal(all["latest"]!.ToJsonString(), two["latest"]!.ToJsonString());
            Assert.Equal(all["needsRecheck"]!.GetValue<bool>(), two["needsRecheck"]!.GetValue<bool>());
        }
    }

    [Theory]
    [InlineData("reportsPerProject=0", "reportsPerProject")]
    [InlineData("reportsPerProject=1001", "reportsPerProject")]
    [InlineData("reportsPerProject=all", "reportsPerProject")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=501", "pageSize")]
    [InlineData("after=Not%20A%20Slug", "after")]
    [InlineData("validAt=2020-13-01", "validAt")]
    [InlineData("search=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "search")]
    public async Task A_bad_page_is_refused_naming_its_field(string query, string field)
    {
        var (status, problem) = await App.GetAsync("/projects?" + query);

        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]![field]);
    }
}
