using System.Globalization;
using System.Text;
using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using ClaimsLedger.Seeding;
using ClaimsLedger.Sources;

namespace ClaimsLedger.Extraction;

public sealed record KindScore(string Kind, int Truth, int Proposed, int Matched)
{
    public decimal Precision => Proposed == 0 ? (Truth == 0 ? 1m : 0m) : Math.Round((decimal)Matched / Proposed, 3);
    public decimal Recall => Truth == 0 ? 1m : Math.Round((decimal)Matched / Truth, 3);
}

/// <summary>A claim of the reviewed corpus the extractor did not propose, or a proposal no corpus claim matches.</summary>
public sealed record EvaluationItem(string Article, string Kind, int SpanStart, int SpanEnd, string Subject, string Quote, string? Rule);

public sealed record EvaluationReport(
    IReadOnlyList<KindScore> Kinds, KindScore Overall, IReadOnlyList<EvaluationItem> Misses, IReadOnlyList<EvaluationItem> FalseAlarms,
    IReadOnlyList<string> Articles, string MatchRule);

/// <summary>
/// Measures the extractor against a folder of reviewed corpus files (the seed articles): precision and recall per kind
/// and overall, with every miss and false alarm. Matching is one to one within an article; see <see cref="MatchRule"/>.
/// </summary>
public static class Evaluation
{
    public const string MatchRule =
        "figure: same figure key (metric:parties:period) and the same value (or low and high) within 0.5%, and the quotes' spans overlap; " +
        "partnership: same pair, same level and the same effective year; " +
        "project: the quotes' spans overlap and the status is the same (project ids are free slugs, so they are not compared). " +
        "Each corpus claim matches at most one proposal and each proposal at most one claim; among several candidates the one whose span overlaps, then the nearest, is taken.";

    /// <summary>The corpus claims of one file as the reviewed truth: the claims after their corrections, with the source's corrected date.</summary>
    public static (string Text, PartialDate Published, List<ClaimContent> Truth) ReadTruth(string claimsFile)
    {
        var (corpus, text) = CorpusLoader.Read(claimsFile);
        var sourceFields = corpus.Source!;
        foreach (var correction in corpus.SourceCorrections ?? [])
            sourceFields = LedgerJson.Patch(sourceFields, correction.Changes, new FieldErrors()) ?? sourceFields;
        PartialDate.TryParse(sourceFields.PublishedOn, out var published);

        var truth = new List<ClaimContent>();
        foreach (var claim in corpus.Claims ?? [])
        {
            var fields = claim.WithSpan(text, new FieldErrors(), "")!;
            foreach (var correction in claim.Corrections ?? [])
                fields = LedgerJson.Patch(fields, correction.Changes, new FieldErrors()) ?? fields;
            if (fields.ToContent(text, new FieldErrors()) is { } content) truth.Add(content);
        }
        return (text, published, truth);
    }

    public static EvaluationReport Run(string folder)
    {
        var misses = new List<EvaluationItem>();
        var falseAlarms = new List<EvaluationItem>();
        var counts = ClaimKinds.All.ToDictionary(k => k, _ => (Truth: 0, Proposed: 0, Matched: 0));
        var articles = new List<string>();
        foreach (var file in CorpusLoader.Files(folder))
        {
            var article = Path.GetFileName(file)[..^".claims.json".Length];
            articles.Add(article);
            var (text, published, truth) = ReadTruth(file);
            var proposed = Extractor.Extract(text, published).Candidates;
            var (matched, missed, alarms) = Compare(truth, proposed);
            foreach (var kind in ClaimKinds.All)
            {
                var c = counts[kind];
                counts[kind] = (c.Truth + truth.Count(t => t.Kind == kind), c.Proposed + proposed.Count(p => p.Content.Kind == kind),
                    c.Matched + matched.Count(m => m.Truth.Kind == kind));
            }
            misses.AddRange(missed.Select(t => new EvaluationItem(article, t.Kind, t.SpanStart, t.SpanEnd, SubjectOf(t), t.Quote, null)));
            falseAlarms.AddRange(alarms.Select(p => new EvaluationItem(article, p.Content.Kind, p.Content.SpanStart, p.Content.SpanEnd, SubjectOf(p.Content), p.Content.Quote, p.Rule)));
        }

        var kinds = ClaimKinds.All.Select(k => new KindScore(k, counts[k].Truth, counts[k].Proposed, counts[k].Matched)).ToList();
        var overall = new KindScore("overall", kinds.Sum(k => k.Truth), kinds.Sum(k => k.Proposed), kinds.Sum(k => k.Matched));
        return new EvaluationReport(kinds, overall, misses, falseAlarms, articles, MatchRule);
    }

    /// <summary>Pairs corpus claims with proposals one to one under the match rule.</summary>
    public static (List<(ClaimContent Truth, Candidate Proposal)> Matched, List<ClaimContent> Missed, List<Candidate> FalseAlarms) Compare(
        IReadOnlyList<ClaimContent> truth, IReadOnlyList<Candidate> proposed)
    {
        var free = proposed.ToList();
        var matched = new List<(ClaimContent, Candidate)>();
        var missed = new List<ClaimContent>();
        foreach (var t in truth.OrderBy(t => t.SpanStart))
        {
            var best = free.Where(p => Matches(t, p.Content))
                .OrderByDescending(p => Overlap(t, p.Content))
                .ThenBy(p => Math.Abs(p.Content.SpanStart - t.SpanStart))
                .FirstOrDefault();
            if (best is null) { missed.Add(t); continue; }
            free.Remove(best);
            matched.Add((t, best));
        }
        return (matched, missed, free);
    }

    public static bool Matches(ClaimContent truth, ClaimContent proposal)
    {
        if (truth.Kind != proposal.Kind) return false;
        switch (truth.Kind)
        {
            case ClaimKinds.Figure:
                var (a, b) = (truth.Figure!, proposal.Figure!);
                return a.Key == b.Key && Overlap(truth, proposal) && SameValue(a, b);
            case ClaimKinds.Partnership:
                var (p, q) = (truth.Partnership!, proposal.Partnership!);
                return p.Pair == q.Pair && p.Level == q.Level && p.EffectiveOn[..4] == q.EffectiveOn[..4];
            default:
                return Overlap(truth, proposal) && truth.Project!.Status == proposal.Project!.Status;
        }
    }

    private static bool Overlap(ClaimContent a, ClaimContent b) => a.SpanStart < b.SpanEnd && b.SpanStart < a.SpanEnd;

    private static bool SameValue(FigureFacts a, FigureFacts b)
    {
        static decimal? Scaled(decimal? v, string scale) => v * Vocabulary.Scales.GetValueOrDefault(scale, 1m);
        static bool Close(decimal? x, decimal? y) => x is null ? y is null : y is not null && Math.Abs(x.Value - y.Value) <= Math.Abs(x.Value) * 0.005m;
        return Close(Scaled(a.Value, a.Scale), Scaled(b.Value, b.Scale)) && Close(Scaled(a.Low, a.Scale), Scaled(b.Low, b.Scale))
            && Close(Scaled(a.High, a.Scale), Scaled(b.High, b.Scale));
    }

    private static string SubjectOf(ClaimContent c) => c.Kind switch
    {
        ClaimKinds.Figure => $"{c.Figure!.Key} = " + (c.Figure.Value?.ToString(CultureInfo.InvariantCulture) ?? $"{c.Figure.Low}..{c.Figure.High}") + $" {c.Figure.Unit}"
                             + (c.Figure.Scale == "one" ? "" : $" {c.Figure.Scale}") + $" ({c.Figure.Qualifier})",
        ClaimKinds.Partnership => $"{c.Partnership!.Pair} {c.Partnership.Level} {c.Partnership.EffectiveOn}",
        _ => $"{c.Project!.ProjectId} {c.Project.Status}",
    };

    /// <summary>The report as a person reads it: a table per kind, then the misses and the false alarms.</summary>
    public static string Format(EvaluationReport report)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Extractor {Extractor.Version} against {report.Articles.Count} reviewed articles");
        sb.AppendLine();
        sb.AppendLine("kind          truth  proposed  matched  precision  recall");
        foreach (var k in report.Kinds.Append(report.Overall))
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{k.Kind,-12} {k.Truth,6} {k.Proposed,9} {k.Matched,8} {k.Precision,10:0.000} {k.Recall,7:0.000}"));
        sb.AppendLine();
        sb.AppendLine("Match rule: " + report.MatchRule);
        sb.AppendLine();
        sb.AppendLine($"Misses ({report.Misses.Count}): corpus claims no proposal matches");
        foreach (var m in report.Misses) sb.AppendLine($"  {m.Article} {m.Kind,-11} [{m.SpanStart}-{m.SpanEnd}] {m.Subject}  «{Short(m.Quote)}»");
        sb.AppendLine();
        sb.AppendLine($"False alarms ({report.FalseAlarms.Count}): proposals no corpus claim matches");
        foreach (var f in report.FalseAlarms) sb.AppendLine($"  {f.Article} {f.Kind,-11} [{f.SpanStart}-{f.SpanEnd}] {f.Subject}  «{Short(f.Quote)}»  ({f.Rule})");
        return sb.ToString();
    }

    private static string Short(string quote) => quote.Length <= 90 ? quote : quote[..87] + "...";
}
