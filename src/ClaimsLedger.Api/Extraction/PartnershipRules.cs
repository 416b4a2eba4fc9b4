using System.Globalization;
using System.Text.RegularExpressions;
using ClaimsLedger.Claims;

namespace ClaimsLedger.Extraction;

/// <summary>
/// Partnership steps: a sentence that names a level ("comprehensive strategic partnership", "diplomatic relations", a
/// friendship treaty), a verb that makes it a step (established, signed, issued a joint statement, returned to the level
/// of, an anniversary) and a date. The date is the nearest one in the level's clause; an anniversary counts back
/// ("whose tenth anniversary we marked last year" in 2023 → 2012). A step denied, foretold or planned, or dated after
/// publication, is not one taken.
/// </summary>
internal static partial class PartnershipRules
{
    public static IEnumerable<Draft> Find(Article article, Sentence s)
    {
        foreach (Match level in Level().Matches(s.Text))
        {
            var slug = SlugOf(level.Value);
            var levelStart = s.Start + level.Index;
            var levelEnd = levelStart + level.Length;
            var clause = Clause(s, levelStart);
            var cue = Cue().Matches(s.Text).Where(c => Clause(s, s.Start + c.Index) == clause)
                .MinBy(c => Math.Abs(s.Start + c.Index - levelStart));
            if (cue is null) continue;
            var cueStart = s.Start + cue.Index;

            string? effective = null;
            TimeMention? used = null;
            var rule = "partnership/dated-step";
            var confidence = 0.85m;
            if (Anniversary().Match(s.Text) is { Success: true } anniversary && Recognizers.OrdinalValue(anniversary.Groups["ord"].Value) is { } years
                && Math.Abs(s.Start + anniversary.Index - levelStart) < 120
                // "the 30th anniversary of the Treaty …, and reaffirmed the partnership established in 2012": the nearer level's.
                && !Level().Matches(s.Text).Any(other => other.Index != level.Index
                    && Math.Min(anniversary.Index, level.Index) < other.Index && other.Index < Math.Max(anniversary.Index, level.Index)))
            {
                rule = "partnership/anniversary";
                confidence = 0.75m;
                var span = s.Times.FirstOrDefault(t => t.Kind == TimeKind.YearSpan && t.Start >= levelEnd && t.Start - levelEnd < 10);
                var marked = s.Times.Where(t => t.Kind is TimeKind.Year or TimeKind.Month or TimeKind.Day && t.Start > s.Start + anniversary.Index).MinBy(t => t.Start);
                if (span is not null) { effective = span.From.Year.ToString("D4", CultureInfo.InvariantCulture); used = span; }
                else if (marked is not null) { effective = (marked.From.Year - years).ToString("D4", CultureInfo.InvariantCulture); used = marked; }
                else effective = (article.Published.Year - years).ToString("D4", CultureInfo.InvariantCulture);
            }
            else
            {
                used = s.Times.Where(t => t.Kind is TimeKind.Day or TimeKind.Month or TimeKind.Year or TimeKind.DaySpan or TimeKind.MonthSpan && !t.IsBase
                                          && Clause(s, t.Start) == clause)
                    .MinBy(t => t.End <= levelStart ? levelStart - t.End : t.Start - levelEnd);
                if (used is null || used.YearInferred && used.Kind == TimeKind.Year) continue;
                // A step denied, or one only foretold or planned ("did not establish", "will upgrade … in 2026"), is no step taken.
                var lead = ClauseBreak().Split(s.Slice(Math.Max(s.Start, cueStart - 60), cueStart))[^1];
                if (Words.Denied().IsMatch(lead) || Words.Foretold().IsMatch(lead) || used.From.Start > article.Published.End) continue;
                effective = used.DateOf;
                if (used.Kind is TimeKind.Year) confidence = 0.8m;
            }
            if (effective is null) continue;

            var codes = s.Countries.Select(c => c.Code).Distinct().Where(c => c != "US" || article.Pair.Contains("US")).ToList();
            var parties = codes.Count >= 2 ? codes.Take(2).ToList()
                : codes.Count == 1 && article.PartnerOf(codes[0]) is { } partner ? [codes[0], partner]
                : article.Pair.ToList();

            var start = new[] { cueStart, levelStart, used is not null && used.Start >= s.Start ? used.Start : levelStart }.Min();
            var end = new[] { cueStart + cue.Length, levelEnd, used is not null && used.End <= s.End ? used.End : levelEnd }.Max();
            if (end - start > 400) start = Math.Max(start, end - 400);
            yield return new Draft(ClaimKinds.Partnership, start, end, confidence, rule,
                $"names the level {slug} with “{cue.Value}” and " + (used is null ? $"an anniversary counted back from the publication year {article.Published.Year}"
                    : rule == "partnership/anniversary" ? $"an anniversary dated by “{used.Text}”" : $"the date “{used.Text}”"),
                Partnership: new PartnershipFields(parties, slug, effective));
        }
    }

    /// <summary>The level a text names last, or null: lets a figure say "such a high level of relations" about it.</summary>
    public static string? LevelIn(string text) => Level().Matches(text).LastOrDefault() is { } m ? SlugOf(m.Value) : null;

    private static string SlugOf(string level)
    {
        var l = level.ToLowerInvariant();
        return l.Contains("comprehensive") ? "comprehensive-strategic-partnership"
            : l.Contains("strategic") ? "strategic-partnership"
            : l.Contains("diplomatic") ? "diplomatic-relations"
            : "friendship-treaty";
    }

    private static int Clause(Sentence s, int position)
    {
        var n = 0;
        foreach (Match m in ClauseBreak().Matches(s.Text))
            if (s.Start + m.Index < position) n++;
        return n;
    }

    [GeneratedRegex(@"\b(?i:comprehensive\s+strategic\s+partnership|strategic\s+partnership|diplomatic\s+relations|treaty\s+(?:on|of)\s+(?:the\s+)?(?:basic\s+principles\s+of\s+(?:the\s+)?)?(?:friendly\s+relations|friendship)(?:\s+and\s+cooperation)?|friendship\s+treaty)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Level();

    [GeneratedRegex(@"\b(?i:establish(?:ed|ing|ment)?|sign(?:ed|ing)?|issued|joint\s+statement|upgrad(?:e|ed|ing)|elevat(?:e|ed|ing)|returned\s+to\s+the\s+level|raised\s+to|anniversary|formali[sz]ed|concluded|launched)\b|\s[–—]\s(?=a\s)", RegexOptions.CultureInvariant)]
    private static partial Regex Cue();

    [GeneratedRegex(@"(?<ord>[0-9]{1,3}(?:st|nd|rd|th)|\w+)\s+(?i:anniversary)", RegexOptions.CultureInvariant)]
    private static partial Regex Anniversary();

    [GeneratedRegex(@";|,\s+(?:and|but|while|whereas)\s", RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBreak();
}
