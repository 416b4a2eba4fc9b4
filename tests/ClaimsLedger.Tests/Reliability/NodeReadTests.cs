using System.Text.Json.Nodes;
using ClaimsLedger.ServiceHost;

namespace ClaimsLedger.Tests.Reliability;

/// <summary>Two service processes on one ledger: what one node writes, the other's reads show at once.</summary>
public sealed class NodeReadTests(FaultCluster cluster) : IClassFixture<FaultCluster>
{
    private const string Text = "Trade between Russia and Vietnam reached 7.1 billion dollars in 2019, the ministry said on Monday.";
    private const string Figure = "/figures/trade-turnover:RU-VN:2019";

    [Fact]
    public async Task A_source_corrected_on_one_node_changes_the_figure_reads_of_the_other_node_at_once()
    {
        var ledger = new LedgerUnderTest(await cluster.Postgres.CreateDatabaseAsync("nodes_source_facts"));
        await using var a = await ledger.StartAsync("a");
        await using var b = await ledger.StartAsync("b");

        var sourceId = await CreatedIdAsync(a, "/sources", new { title = "Trade report", publishedOn = "2020-03-02", dateBasis = "stated", text = Text });
        await CreatedIdAsync(a, "/claims", new
        {
            sourceId, kind = "figure", quote = "reached 7.1 billion dollars in 2019",
            figure = new { metric = "trade-turnover", parties = new[] { "RU", "VN" }, period = "2019", unit = "usd", scale = "billion", qualifier = "exact", value = 7.1m },
        });

        // b reads the figure (and so the source's facts) before and after the correction; a writes it.
        Assert.Equal(1, await ClaimsAsync(b, "2020-06-30"));
        Assert.Equal("2020-03-02", await PublishedOnAsync(b));
        var beforeCorrection = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));
        await Task.Delay(50);
        using var corrected = await a.Http.SendAsync(JsonRequests.Post($"/sources/{sourceId}/corrections",
            new { expectedVersion = 1, reason = "the page date was a re-publication", changes = new { publishedOn = "2021-02-01" } }));
        Assert.Equal(200, (int)corrected.StatusCode);

        Assert.Equal(0, await ClaimsAsync(b, "2020-06-30"));
        Assert.Equal(1, await ClaimsAsync(b, "2021-06-30"));
        Assert.Equal("2021-02-01", await PublishedOnAsync(b));
        // As the ledger stood before the correction, the source still counted from 2020.
        Assert.Single((await b.GetAsync($"{Figure}?asOf=2020-06-30&recordedAsOf={beforeCorrection}"))["figure"]!["claims"]!.AsArray());
    }

    private static async Task<Guid> CreatedIdAsync(ServiceProcess node, string path, object body)
    {
        using var response = await node.Http.SendAsync(JsonRequests.Post(path, body));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(201 == (int)response.StatusCode, answer.ToJsonString());
        return answer["id"]!.GetValue<Guid>();
    }

    private static async Task<int> ClaimsAsync(ServiceProcess node, string asOf) =>
        (await node.GetAsync($"{Figure}?asOf={asOf}"))["figure"]!["claims"]!.AsArray().Count;

    private static async Task<string> PublishedOnAsync(ServiceProcess node) =>
        (await node.GetAsync(Figure))["figure"]!["claims"]![0]!["publishedOn"]!.GetValue<string>();
}
