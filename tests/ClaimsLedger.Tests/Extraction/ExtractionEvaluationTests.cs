using ClaimsLedger.Claims;
using ClaimsLedger.Extraction;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests.Extraction;

/// <summary>
/// The extractor measured against the seed corpus, the reviewed truth: these floors are the figures docs/extraction.md
/// reports, rounded down to the next 0.05, so a change to the rules that loses ground fails here.
/// </summary>
public sealed class ExtractionEvaluationTests
{
    private static readonly EvaluationReport Report = Evaluation.Run(LedgerApp.SeedDirectory);

    [Theory]
    [InlineData(ClaimKinds.Figure, 0.95, 0.95)]
    [InlineData(ClaimKinds.Partnership, 0.95, 0.95)]
    [InlineData(ClaimKinds.Project, 0.75, 0.95)]
    [InlineData("overall", 0.85, 0.95)]
    public void Precision_and_recall_on_the_seed_articles_hold_their_floors(string kind, double precision, double recall)
    {
        var score = kind == "overall" ? Report.Overall : Report.Kinds.Single(k => k.Kind == kind);
        Assert.True(score.Precision >= (decimal)precision, $"{kind} precision {score.Precision} < {precision}\n{Evaluation.Format(Report)}");
        Assert.True(score.Recall >= (decimal)recall, $"{kind} recall {score.Recall} < {recall}\n{Evaluation.Format(Report)}");
    }

    [Fact]
    public void The_report_covers_the_whole_corpus_and_lists_every_miss_and_false_alarm()
    {
        Assert.Equal(Seed.Articles.Length, Report.Articles.Count);
        Assert.Equal(78, Report.Overall.Truth);
        Assert.Equal(Report.Overall.Truth - Report.Overall.Matched, Report.Misses.Count);
        Assert.Equal(Report.Overall.Proposed - Report.Overall.Matched, Report.FalseAlarms.Count);
        var text = Evaluation.Format(Report);
        Assert.Contains("precision", text);
        Assert.Contains("False alarms", text);
    }

    [Fact]
    public void The_match_rule_pairs_one_claim_with_one_proposal()
    {
        var (text, published, truth) = Evaluation.ReadTruth(Path.Combine(LedgerApp.SeedDirectory, Seed.Phuc2021 + ".claims.json"));
        var proposals = Extractor.Extract(text, published).Candidates;
        var doubled = proposals.Concat(proposals).ToList();

        var (matched, _, falseAlarms) = Evaluation.Compare(truth, doubled);

        Assert.Equal(matched.Count, matched.Select(m => m.Proposal).Distinct().Count());
        Assert.True(falseAlarms.Count >= proposals.Count(p => truth.Any(t => Evaluation.Matches(t, p.Content))));
    }
}
