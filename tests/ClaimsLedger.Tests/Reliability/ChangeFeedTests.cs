using System.Text.Json.Nodes;
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
    public async Task Each_day_lists_its_most_written_sources_up_to_sourcesPerDay_and_counts_them_all()
    {
        await App.CatchUpAsync();
        var (_, whole) = await App.GetAsync("/changes?sourcesPerDay=500");
        var today = whole!["days"]![0]!;
        var all = today["sources"]!.AsArray().Select(s => s!).ToList();
        int Writes(JsonNode s) => new[] { "claimsRecorded", "claimsCorrected", "claimsRetracted", "sourceCorrections" }.Sum(f => s[f]!.GetValue<int>());
        Assert.Equal(Seed.Articles.Length, all.Count);
        Assert.Equal(all.Count, today["sourceCount"]!.GetValue<int>());
        Assert.Equal(all.Select(Writes).OrderDescending(), all.Select(Writes));

        var (_, two) = await App.GetAsync("/changes?sourcesPerDay=2");
        var (_, none) = await App.GetAsync("/changes?sourcesPerDay=0");

        Assert.Equal(all.Take(2).Select(s => s.ToJsonString()), two!["days"]![0]!["sources"]!.AsArray().Select(s => s!.ToJsonString()));
        Assert.Empty(none!["days"]![0]!["sources"]!.AsArray());
        foreach (var field in new[] { "claimsRecorded", "claimsCorrected", "claimsRetracted", "sourceCorrections", "sourceCount" })
        {
            Assert.Equal(today[field]!.GetValue<int>(), two["days"]![0]![field]!.GetValue<int>());
            Assert.Equal(today[field]!.GetValue<int>(), none["days"]![0]![field]!.GetValue<int>());
        }
        Assert.Equal(all.Sum(s => s["claimsRecorded"]!.GetValue<int>()), two["days"]![0]!["claimsRecorded"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("sourcesPerDay=-1")]
    [InlineData("sourcesPerDay=501")]
    [InlineData("sourcesPerDay=all")]
    public async Task A_bad_sourcesPerDay_is_refused_naming_it(string query)
    {
        var (status, problem) = await App.GetAsync("/changes?" + query);

        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]!["sourcesPerDay"]);
    }

    [Fact]
    public async Task A_source_written_before_its_last_day_was_kept_still_counts_since_a_day()
    {
        await App.CatchUpAsync();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var (_, before) = await App.GetAsync($"/changes?since={today}");
        // As a ledger written by an earlier version holds them: no LastDay in the document, so none in its column.
        await using (var session = App.Store.LightweightSession())
        {
            session.QueueSqlCommand("update ledger.mt_doc_sourceactivity set last_day = null, data = data - 'LastDay'");
            await session.SaveChangesAsync();
        }

        var (_, after) = await App.GetAsync($"/changes?since={today}");

        Assert.Equal(Seed.Articles.Length, before!["days"]![0]!["sourceCount"]!.GetValue<int>());
        Assert.Equal(before.ToJsonString(), after!.ToJsonString());
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
