using ClaimsLedger.Claims;
using ClaimsLedger.Hosting;
using Marten;
using ClaimsLedger.Sources;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

[Collection(LedgerCollection.Name)]
public sealed class ProjectionRebuildTests(LedgerApp app) : SeededTests(app)
{
    /// <summary>Both rebuilds: the service's one-pass <c>rebuild</c> command and Marten's own, projection by projection.</summary>
    [Theory]
    [InlineData("one pass")]
    [InlineData("marten")]
    public async Task Rebuilding_every_projection_from_the_events_gives_identical_views(string rebuild)
    {
        var retract = Seed.ClaimId(Seed.Vna2025, "students-2025");
        Assert.Equal(200, (await App.PostAsync($"/claims/{retract}/retraction", new { expectedVersion = 1, reason = "rebuild test" })).Status);
        var thirty = Seed.ClaimId(Seed.Republished, "trade-change-2022");
        Assert.Equal(200, (await App.PostAsync($"/claims/{thirty}/rank", new { expectedVersion = 1, rank = "deprecated", reason = "rebuild test" })).Status);
        Assert.Equal(200, (await App.PostAsync($"/claims/{thirty}/verdict", new { expectedVersion = 2, verdict = "false", note = "rebuild test" })).Status);
        Assert.Equal(200, (await App.PostAsync($"/sources/{Seed.SourceId(Seed.Medvedev)}/links",
            new { otherSourceId = Seed.SourceId(Seed.Republished), reason = "rebuild test" })).Status);
        // A title with diacritics is found without them through the folded column the rebuild must write too.
        Assert.Equal(201, (await App.PostAsync("/sources", new
        {
            title = "Thủ tướng Phạm Minh Chính thăm Liên bang Nga", publishedOn = "2024-07-01", dateBasis = "stated", text = "Thủ tướng Phạm Minh Chính thăm Liên bang Nga.",
        })).Status);
        var views = new[]
        {
            "/sources?search=pham%20minh%20chinh",
            "/figures/trade-turnover-change:RU-VN:2022?rank=all&view=vintages", $"/sources/{Seed.SourceId(Seed.Republished)}", $"/claims/{thirty}",
            "/figures", "/figures?asOf=2022-01-01", "/figures/trade-turnover:RU-VN", "/figures/trade-turnover-change:RU-VN:2022",
            "/partnerships/RU-VN?validAt=2005-01-01", "/projects", "/sources", "/claims?pageSize=500&includeRetracted=true",
        };
        var before = await Task.WhenAll(views.Select(async v => (await App.GetAsync(v)).Body!.ToJsonString()));
        Assert.Contains("\"total\":1", before[0]);
        Assert.Contains("trade-turnover-change:RU-VN:2022", before[1]);

        if (rebuild == "one pass")
        {
            var result = await new ViewRebuild(App.Store, TextWriter.Null).RunAsync(CancellationToken.None);
            Assert.Equal(await EventCountAsync(), result.Events);
        }
        else
        {
            using var daemon = await App.Store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync<Source>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<Claim>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<SubjectEntriesProjection>(CancellationToken.None);
        }

        var after = await Task.WhenAll(views.Select(async v => (await App.GetAsync(v)).Body!.ToJsonString()));
        for (var i = 0; i < views.Length; i++) Assert.True(before[i] == after[i], $"{views[i]} differs after the rebuild:\n{before[i]}\n{after[i]}");
    }

    private async Task<long> EventCountAsync()
    {
        await using var session = App.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }
}
