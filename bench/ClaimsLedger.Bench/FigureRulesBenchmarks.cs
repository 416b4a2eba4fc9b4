using BenchmarkDotNet.Attributes;
using ClaimsLedger.Claims;
using ClaimsLedger.Figures;
using ClaimsLedger.Sources;

namespace ClaimsLedger.Bench;

/// <summary>The in-process cost of a figure view: headline and conflict check over a figure's claims.</summary>
[MemoryDiagnoser]
public class FigureRulesBenchmarks
{
    private List<VisibleClaim> _claims = [];

    [Params(5, 50)]
    public int Sources { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _claims = Enumerable.Range(0, Sources).Select(i => new VisibleClaim(Guid.NewGuid(), 1, DateTimeOffset.UtcNow,
            new ClaimContent("figure", "q", 0, 1, [], null,
                new FigureFacts("trade-turnover", ["RU", "VN"], "2021", "usd", "billion", "exact", 7 + (decimal)random.NextDouble(), null, null, null), null, null),
            Guid.NewGuid(), new SourceMetadata($"s{i}", null, null, $"2022-0{1 + i % 9}", "stated", null, null))).ToList();
    }

    [Benchmark]
    public FigureView? View() => FigureRules.View("trade-turnover:RU-VN:2021", _claims, null);
}
