using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests.Reliability;

/// <summary>
/// Found by the fault tests when a subject's claims were one inline document: claims about one figure recorded at the
/// same moment each updated that document from the same starting point, and the later commit dropped the earlier claim.
/// Subjects are now append-only entries (one row per claim version, never rewritten), so there is nothing to lose.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ConcurrentSubjectTests(LedgerApp app) : SeededTests(app)
{
    [Fact]
    public async Task Claims_recorded_at_once_about_one_figure_all_appear_in_its_view()
    {
        var source = Seed.SourceId(Seed.Vna2025);
        var quote = Seed.Text(Seed.Vna2025)[..40];
        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (status, _) = await App.PostAsync("/claims", new
            {
                sourceId = source, kind = "figure", quote, note = $"concurrent {i}",
                figure = new { metric = "concurrency-probe", parties = new[] { "RU", "VN" }, period = "2024", unit = "count", qualifier = "exact", value = i },
            });
            Assert.Equal(201, status);
        });
        var (status, view) = await App.GetAsync("/figures/concurrency-probe:RU-VN:2024");
        Assert.Equal(200, status);
        var values = view!["figure"]!["claims"]!.AsArray().Select(c => c!["value"]!.GetValue<decimal>()).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (decimal)i), values);
    }
}
