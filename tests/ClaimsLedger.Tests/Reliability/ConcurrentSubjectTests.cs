using ClaimsLedger.Claims;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests.Reliability;

/// <summary>
/// Found by the fault tests: claims about one figure recorded at the same moment by different requests each update
/// the figure's inline subject document from the same starting point, and the later commit drops the earlier claim
/// (a lost update; Marten advises against inline multi-stream projections under contention). The event store keeps
/// every claim, so a rebuild restores the view, but reads in between miss claims. Unskip once writes to one subject
/// are serialized (e.g. a per-subject advisory lock taken in the write's transaction before the projection loads).
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ConcurrentSubjectTests(LedgerApp app) : SeededTests(app)
{
    [Fact(Skip = "Known bug: inline SubjectClaims loses updates under concurrent writes to one subject; see docs/reliability.md")]
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
        await using var session = App.Store.QuerySession();
        var subject = await session.LoadAsync<SubjectClaims>(Subjects.Figure("concurrency-probe:RU-VN:2024"));
        Assert.Equal(40, subject!.Claims.Select(c => c.ClaimId).Distinct().Count());
    }
}
