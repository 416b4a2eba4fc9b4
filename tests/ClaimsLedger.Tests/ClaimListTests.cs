using System.Text.Json.Nodes;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>The list of claims, a page at a time, on the seed corpus.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ClaimListTests(LedgerApp app) : SeededTests(app)
{
    private async Task<(List<JsonNode> Claims, long Total)> AllAsync(string query, int pageSize)
    {
        var claims = new List<JsonNode>();
        long total;
        var page = 1;
        do
        {
            var (status, answer) = await App.GetAsync($"/claims?pageSize={pageSize}&page={page++}{query}");
            Assert.Equal(200, status);
            total = answer!["total"]!.GetValue<long>();
            claims.AddRange(answer["claims"]!.AsArray().Select(c => c!));
        } while ((page - 1) * pageSize < total);
        return (claims, total);
    }

    [Fact]
    public async Task Pages_list_every_live_claim_once_in_the_order_it_was_recorded()
    {
        var (claims, total) = await AllAsync("", pageSize: 7);
        Assert.Equal(total, claims.Count);
        Assert.Equal(claims.Count, claims.Select(c => c["id"]!.GetValue<Guid>()).Distinct().Count());
        Assert.All(claims, c => Assert.False(c["retracted"]!.GetValue<bool>()));
        var recorded = claims.Select(c => c["recordedAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(recorded.Order(), recorded);

        // The sources count the same live claims.
        var (_, sources) = await App.GetAsync("/sources?pageSize=500");
        Assert.Equal(sources!["sources"]!.AsArray().Sum(s => s!["claims"]!.GetValue<long>()), total);
    }

    [Theory]
    [InlineData("trade-turnover:RU-VN:2020")]
    [InlineData("trade-turnover:VN-RU:2020")]
    public async Task A_figure_keys_claims_are_listed_whichever_order_its_parties_are_named_in(string figureKey)
    {
        var (claims, total) = await AllAsync($"&figureKey={figureKey}", pageSize: 50);

        Assert.True(total > 0, $"{figureKey} has claims in the seed corpus");
        Assert.All(claims, c => Assert.Equal("trade-turnover:RU-VN:2020", c["figureKey"]!.GetValue<string>()));
    }

    /// <summary>Every claim by following each page's next from the first page, with each answer's total.</summary>
    private async Task<(List<JsonNode> Claims, List<long?> Totals)> FollowAsync(string query, int pageSize)
    {
        var claims = new List<JsonNode>();
        var totals = new List<long?>();
        var next = "";
        do
        {
            var (status, answer) = await App.GetAsync($"/claims?pageSize={pageSize}{next}{query}");
            Assert.Equal(200, status);
            totals.Add(answer!["total"]?.GetValue<long>());
            var page = answer["claims"]!.AsArray().Select(c => c!).ToList();
            claims.AddRange(page);
            var after = answer["next"]?.GetValue<Guid>();
            Assert.Equal(page.Count == pageSize ? page[^1]["id"]!.GetValue<Guid>() : null, after);
            next = after is { } id ? $"&after={id}" : "";
        } while (next.Length > 0);
        return (claims, totals);
    }

    [Theory]
    [InlineData("", 7)]
    [InlineData("&kind=partnership", 2)]
    [InlineData("&includeRetracted=true", 5)]
    public async Task Following_next_lists_the_claims_of_the_numbered_pages_and_counts_them_only_on_the_first(string query, int pageSize)
    {
        var (numbered, total) = await AllAsync(query, pageSize);
        var (followed, totals) = await FollowAsync(query, pageSize);

        Assert.Equal(numbered.Select(c => c["id"]!.GetValue<Guid>()), followed.Select(c => c["id"]!.GetValue<Guid>()));
        Assert.Equal(total, totals[0]);
        Assert.True(totals.Count > 1, "the list should take more than one page");
        Assert.All(totals.Skip(1), t => Assert.Null(t));
    }

    [Fact]
    public async Task A_claim_recorded_later_comes_later_whatever_its_id()
    {
        var (first, _) = await AllAsync("", pageSize: 500);
        var source = first[0]["sourceId"]!.GetValue<Guid>();
        var quote = first[0]["quote"]!.GetValue<string>();
        var later = Guid.Parse("ffffffff-0000-4000-8000-000000000001");
        var latest = Guid.Parse("00000000-0000-4000-8000-000000000001");
        foreach (var id in new[] { later, latest })
        {
            var (status, _) = await App.PostAsync("/claims", new
            {
                id, sourceId = source, kind = "figure", quote,
                figure = new { metric = "test-order", parties = new[] { "RU", "VN" }, period = "2020", unit = "count", qualifier = "exact", value = 1 },
            });
            Assert.Equal(201, status);
        }
        var (all, total) = await AllAsync("", pageSize: 500);
        Assert.Equal(first.Count + 2, total);
        Assert.Equal([later, latest], all.TakeLast(2).Select(c => c["id"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Filters_and_retracted_claims_page_the_same_way()
    {
        var (everything, _) = await AllAsync("&includeRetracted=true", pageSize: 500);
        var (_, liveBefore) = await AllAsync("", pageSize: 500);
        var (partnerships, total) = await AllAsync("&kind=partnership", pageSize: 2);
        Assert.NotEmpty(partnerships);
        Assert.Equal(total, partnerships.Count);
        Assert.Equal(everything.Where(c => c["kind"]!.GetValue<string>() == "partnership" && !c["retracted"]!.GetValue<bool>()).Select(c => c["id"]!.GetValue<Guid>()),
            partnerships.Select(c => c["id"]!.GetValue<Guid>()));

        var claim = partnerships[0];
        var (status, _) = await App.PostAsync($"/claims/{claim["id"]}/retraction", new { expectedVersion = claim["version"]!.GetValue<long>(), reason = "test retraction" });
        Assert.Equal(200, status);
        var (live, liveTotal) = await AllAsync("&kind=partnership", pageSize: 2);
        Assert.Equal(total - 1, liveTotal);
        // Unfiltered, the live claims are counted as all less the retracted ones: the retraction moves that count too.
        var (liveAfter, liveAfterTotal) = await AllAsync("", pageSize: 500);
        Assert.Equal((liveBefore - 1, liveBefore - 1), (liveAfterTotal, liveAfter.Count));
        var (_, everythingAfter) = await AllAsync("&includeRetracted=true", pageSize: 500);
        Assert.Equal(everything.Count, everythingAfter);
        Assert.DoesNotContain(live, c => c["id"]!.GetValue<Guid>() == claim["id"]!.GetValue<Guid>());
        var (withRetracted, _) = await AllAsync("&kind=partnership&includeRetracted=true", pageSize: 2);
        Assert.True(withRetracted.Single(c => c["id"]!.GetValue<Guid>() == claim["id"]!.GetValue<Guid>())["retracted"]!.GetValue<bool>());
    }
}
