using Marten;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests.Reliability;

/// <summary>
/// The activity feed (an asynchronous projection) and what a failing projection looks like to a writer. The inline
/// views commit with the events: a write whose view cannot be stored fails whole, with a 500, and appends nothing.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ChangeFeedTests(LedgerApp app) : SeededTests(app)
{
    [Fact]
    public async Task The_activity_feed_counts_each_recorded_corrected_and_retracted_claim_per_day_and_source()
    {
        var claim = Seed.ClaimId(Seed.Vna2025, "students-2025");
        Assert.Equal(200, (await App.PostAsync($"/claims/{claim}/retraction", new { expectedVersion = 1, reason = "feed test" })).Status);
        await App.CatchUpAsync();

        var (status, feed) = await App.GetAsync("/changes");
        Assert.Equal(200, status);
        Assert.Equal(feed!["ledgerPosition"]!.GetValue<long>(), feed["position"]!.GetValue<long>());
        await using var session = App.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().ToListAsync();
        var days = feed["days"]!.AsArray();
        long Sum(string field) => days.Sum(d => d![field]!.GetValue<long>());
        Assert.Equal(events.Count(e => e.EventTypeName == "claim_recorded"), Sum("claimsRecorded"));
        Assert.Equal(events.Count(e => e.EventTypeName == "claim_corrected"), Sum("claimsCorrected"));
        Assert.Equal(1, Sum("claimsRetracted"));
        Assert.Equal(events.Count(e => e.EventTypeName == "source_metadata_corrected"), Sum("sourceCorrections"));
        var vna = days.SelectMany(d => d!["sources"]!.AsArray()).Single(s => s!["sourceId"]!.GetValue<Guid>() == Seed.SourceId(Seed.Vna2025) && s["claimsRetracted"]!.GetValue<int>() == 1);
        Assert.False(string.IsNullOrEmpty(vna!["title"]!.GetValue<string>()));

        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");
        Assert.Empty((await App.GetAsync($"/changes?since={tomorrow}")).Body!["days"]!.AsArray());
        var (bad, problem) = await App.GetAsync("/changes?since=yesterday");
        Assert.Equal(400, bad);
        Assert.NotNull(problem!["errors"]!["since"]);
    }

    [Fact]
    public async Task Health_reports_the_async_projection_position_and_lag()
    {
        await App.CatchUpAsync();
        var (status, health) = await App.GetAsync("/health");
        Assert.Equal(200, status);
        var feed = health!["projections"]!.AsArray().Single()!;
        Assert.Equal(("SourceActivity", "running"), (feed["name"]!.GetValue<string>(), feed["status"]!.GetValue<string>()));
        Assert.Equal(health["ledgerPosition"]!.GetValue<long>(), feed["position"]!.GetValue<long>());
        Assert.Equal(0, feed["lagEvents"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_write_whose_inline_view_cannot_be_stored_fails_whole_with_a_500_and_appends_nothing()
    {
        // A view table that refuses one claim stands in for a projection bug: the failure must reach the writer.
        await using (var session = App.Store.LightweightSession())
        {
            session.QueueSqlCommand("alter table ledger.mt_doc_claim add constraint reliability_probe check (data::text not like '%refused-by-the-view%')");
            await session.SaveChangesAsync();
        }
        try
        {
            var before = await App.EventCountAsync();
            var source = Seed.SourceId(Seed.Vna2025);
            var (status, problem) = await App.PostAsync("/claims", new
            {
                sourceId = source, kind = "figure", quote = Seed.Text(Seed.Vna2025)[..40], note = "refused-by-the-view",
                figure = new { metric = "probe", parties = new[] { "RU", "VN" }, period = "2024", unit = "count", qualifier = "exact", value = 1 },
            });
            Assert.Equal(500, status);
            Assert.Equal("Unexpected error", problem!["title"]!.GetValue<string>());
            Assert.Equal(before, await App.EventCountAsync());
        }
        finally
        {
            await using var session = App.Store.LightweightSession();
            session.QueueSqlCommand("alter table ledger.mt_doc_claim drop constraint reliability_probe");
            await session.SaveChangesAsync();
        }
    }
}
