using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>A figure read takes its sources' facts as the database holds them, whatever this node read before.</summary>
[Collection(LedgerCollection.Name)]
public sealed class SourceFactsTests(LedgerApp app) : OneSourceTests(app)
{
    [Fact]
    public async Task A_ledger_emptied_and_filled_again_reads_its_source_as_registered_the_second_time()
    {
        Assert.Equal(201, (await App.PostAsync("/claims", Trade2020())).Status);
        Assert.Equal("2021-11", await PublishedOnAsync());

        // The same article again, so the same source id at the same stream version, under another publication date.
        await App.ResetAsync();
        Assert.Equal(Source, (await App.PostAsync("/sources", Sources.Phuc2021(publishedOn: "2021-11-20"))).Body!["id"]!.GetValue<Guid>());
        Assert.Equal(201, (await App.PostAsync("/claims", Trade2020())).Status);
        Assert.Equal("2021-11-20", await PublishedOnAsync());
    }

    private async Task<string> PublishedOnAsync() =>
        (await App.GetAsync("/figures/trade-turnover:RU-VN:2020")).Body!["figure"]!["claims"]![0]!["publishedOn"]!.GetValue<string>();
}
