using ClaimsLedger.Claims;
using ClaimsLedger.Common;

namespace ClaimsLedger.Extraction;

/// <summary>A claim the extractor read, checked by the ledger's own claim rules, with how sure it is and why.</summary>
public sealed record Candidate(ClaimContent Content, decimal Confidence, string Rule, string Reason)
{
    /// <summary>What the candidate is about: figure key, pair and level with date, or project id.</summary>
    public string Subject => Content.Kind switch
    {
        ClaimKinds.Figure => Content.Figure!.Key,
        ClaimKinds.Partnership => $"{Content.Partnership!.Pair}:{Content.Partnership.Level}:{Content.Partnership.EffectiveOn}",
        _ => $"{Content.Project!.ProjectId}:{Content.Project.Status}",
    };
}

/// <summary>What one run of the extractor gives: the candidates in text order, or why there are none.</summary>
public sealed record ExtractionResult(IReadOnlyList<Candidate> Candidates, string? Reason, IReadOnlyList<string> Discarded)
{
    public bool Refused { get; init; }
}

/// <summary>A candidate before the claim rules have checked it: where its quote stands and its fields.</summary>
internal sealed record Draft(
    string Kind, int QuoteStart, int QuoteEnd, decimal Confidence, string Rule, string Reason,
    FigureFields? Figure = null, PartnershipFields? Partnership = null, ProjectFields? Project = null, List<string>? Names = null);

/// <summary>
/// Reads figures, partnership steps and project statuses out of an article's text. Deterministic: the same text and
/// publication date give the same candidates in the same order. Numbers and dates come from <see cref="Recognizers"/>;
/// <see cref="FigureRules"/>, <see cref="PartnershipRules"/> and <see cref="ProjectRules"/> frame them: which metric, which
/// parties, which period, which qualifier, which step or status.
/// </summary>
public static class Extractor
{
    /// <summary>
    /// The longest text the extractor reads, in characters: about 15,000 words, several times the longest news
    /// article. Longer texts are refused whole rather than read in part.
    /// </summary>
    public const int MaxTextLength = 100_000;

    /// <summary>Changes when the rules change, so a proposal says which extractor made it.</summary>
    public const string Version = "rules-2";

    public const string NothingFound =
        "no figure, partnership step or project status was found: the extractor proposes a figure only where a number has a known metric, a step where a dated sentence names a partnership level, and a status where a sentence names a project and a status verb";

    /// <summary>Why a text cannot be read at all, or null when it can.</summary>
    public static string? Refusal(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "is empty: there is nothing to extract from"
        : text.Length > MaxTextLength ? $"is {text.Length} characters long; the extractor reads at most {MaxTextLength} characters"
        : null;

    public static ExtractionResult Extract(string? text, PartialDate published)
    {
        if (Refusal(text) is { } why) return new ExtractionResult([], "text " + why, []) { Refused = true };

        var article = new Article(text!, published);
        var drafts = new List<Draft>();
        var figures = new FigureRules(article);
        var projects = new ProjectRules(article);
        foreach (var sentence in article.Sentences)
        {
            drafts.AddRange(figures.Find(sentence));
            drafts.AddRange(PartnershipRules.Find(article, sentence));
            drafts.AddRange(projects.Find(sentence));
        }

        var candidates = new List<Candidate>();
        var discarded = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var draft in drafts.OrderBy(d => d.QuoteStart).ThenBy(d => d.QuoteEnd).ThenBy(d => d.Rule, StringComparer.Ordinal))
        {
            var quote = text![draft.QuoteStart..draft.QuoteEnd];
            var fields = new ClaimFields(draft.Kind, quote, draft.QuoteStart, draft.Names ?? [], draft.Reason, draft.Figure, draft.Partnership, draft.Project);
            var errors = new FieldErrors();
            var content = fields.ToContent(text, errors);
            if (content is null)
            {
                var problem = (Microsoft.AspNetCore.Mvc.ValidationProblemDetails)errors.ToProblem();
                discarded.Add($"{draft.Rule} at {draft.QuoteStart}: " + string.Join("; ", problem.Errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}")));
                continue;
            }
            var candidate = new Candidate(content, Math.Round(Math.Clamp(draft.Confidence, 0.05m, 0.99m), 2), draft.Rule, draft.Reason);
            // The same statement read twice (two rules, one reading) is proposed once.
            if (!seen.Add($"{candidate.Subject}|{content.Figure?.Value}|{content.Figure?.Low}|{content.SpanStart}|{content.SpanEnd}")) continue;
            if (candidates.Any(c => c.Subject == candidate.Subject && c.Content.SpanStart < content.SpanEnd && content.SpanStart < c.Content.SpanEnd
                                    && SameFigureValue(c.Content, content))) continue;
            candidates.Add(candidate);
        }

        return new ExtractionResult(candidates, candidates.Count == 0 ? NothingFound : null, discarded);
    }

    private static bool SameFigureValue(ClaimContent a, ClaimContent b) =>
        a.Figure is null || b.Figure is null || (a.Figure.Value == b.Figure.Value && a.Figure.Low == b.Figure.Low);
}
