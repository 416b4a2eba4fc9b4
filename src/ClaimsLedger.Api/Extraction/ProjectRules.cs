using System.Globalization;
using System.Text.RegularExpressions;
using ClaimsLedger.Claims;
using ClaimsLedger.Common;

namespace ClaimsLedger.Extraction;

/// <summary>
/// Project statuses: a sentence that names a project (a known one, a visit, a named mechanism, or the object of a status
/// verb) and a status verb. Each verb phrase maps to one status:
/// ready to / willing to → proposed; negotiating about, talks touched upon, were discussed, exploring → under-negotiation;
/// preparing for, upcoming → planned; has not yet been implemented → stalled; resumed → resumed; expanded, carrying out,
/// efforts to build … will continue → in-progress; maintained, took effect, held … the most recent took place → operating;
/// took part in → operating for a running programme, completed for a dated event; a visit or meeting is completed when its
/// date had passed at publication (or the text says "recent", "arrived"), planned otherwise.
/// </summary>
internal sealed partial class ProjectRules(Article article)
{
    private string? _lastStatus;

    public IEnumerable<Draft> Find(Sentence s)
    {
        var drafts = new List<Draft>();
        drafts.AddRange(Visits(s));
        drafts.AddRange(Meetings(s));
        drafts.AddRange(Offers(s));
        drafts.AddRange(Negotiations(s));
        drafts.AddRange(StatusVerbs(s));
        drafts.AddRange(Participation(s));
        drafts.AddRange(SettledMentions(s, drafts));
        _lastStatus = drafts.Count > 0 ? drafts[^1].Project!.Status : null;
        return drafts;
    }

    // ------------------------------------------------------------------ visits and meetings

    private IEnumerable<Draft> Visits(Sentence s)
    {
        // A visit named in a line with no verb (a headline) says nothing about its status.
        if (!Future().IsMatch(s.Text) && !PastMarker().IsMatch(s.Text) && !Present().IsMatch(s.Text)) yield break;
        foreach (var pattern in new[] { PossessiveVisit(), VisitOf(), ArrivedOnVisit() })
        {
            foreach (Match m in pattern.Matches(s.Text))
            {
                var start = s.Start + m.Index;
                var end = start + m.Length;
                if (During().IsMatch(s.Text[..m.Index])) continue;
                var who = m.Groups["who"].Success ? m.Groups["who"].Value.Trim() : pattern == ArrivedOnVisit() ? PersonBefore(s.Text, m.Index) : null;
                if (string.IsNullOrWhiteSpace(who) || Article.CodeOf(who) is not null || AdjunctWord().IsMatch(who)) continue;

                var date = s.Times.Where(t => t.Kind is TimeKind.Day or TimeKind.DaySpan or TimeKind.Month && t.Start >= end - 2 && t.Start - end < 30).MinBy(t => t.Start)
                           ?? s.Times.Where(t => t.Kind is TimeKind.Day or TimeKind.DaySpan && t.End <= start && FigureRules.Clause(s, t.Start) == FigureRules.Clause(s, start)).MaxBy(t => t.End)
                           // "This is the first visit of ... . The visit, from November 29 to December 2, ...": the next sentence dates it.
                           ?? (s.Next is { } next && TheVisit().IsMatch(next.Text) ? next.Times.FirstOrDefault(t => t.Kind is TimeKind.Day or TimeKind.DaySpan) : null);
                var adjectives = m.Groups["adj"].Value.ToLowerInvariant();
                var sentenceYear = s.Times.FirstOrDefault(t => t.Kind == TimeKind.Year)?.From.Year;
                string status;
                if (Future().IsMatch(s.Text) || adjectives.Contains("upcoming") || adjectives.Contains("forthcoming")) status = "planned";
                else if (date is not null) status = date.To.Start > article.Published.End ? "planned" : "completed";
                else if (adjectives.Contains("recent") || PastMarker().IsMatch(s.Text) || pattern == ArrivedOnVisit()) status = "completed";
                else if (Present().IsMatch(s.Text)) status = "planned";
                else status = "completed";

                var year = date?.To.Year ?? sentenceYear ?? article.Published.Year;
                var lastName = Words.Slug(who.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1].Replace("’s", "").Replace("'s", ""));
                var kind = adjectives.Contains("state") ? "state-visit" : "visit";
                var id = $"{lastName}-{kind}-{year}";
                if (date is not null && date.End > end && date.End - end < 30) end = date.End;
                string? statusOn = status == "completed" && date is not null ? date.To.ToString() : null;
                yield return Project(start, end, id, $"{who}'s visit", status, statusOn, m.Value, "project/visit",
                    $"a visit by {who}: {status}" + (date is not null ? $" (dated “{date.Text}”, published {article.Published})" : ""), 0.75m);
            }
        }
    }

    private IEnumerable<Draft> Meetings(Sentence s)
    {
        foreach (Match m in Meeting().Matches(s.Text))
        {
            var start = s.Start + m.Index;
            var date = s.Times.Where(t => t.Kind is TimeKind.Day or TimeKind.DaySpan && t.Start > start && t.Start - start < 160
                                          && FigureRules.Clause(s, t.Start) == FigureRules.Clause(s, start)).MinBy(t => t.Start);
            if (date is null) continue;
            var status = date.To.Start > article.Published.End ? "planned" : "completed";
            var with = MeetingWith().Match(s.Text, m.Index);
            var id = "meetings-" + (with.Success && with.Index - m.Index < 20 ? Words.Slug(with.Groups["who"].Value, 4) + "-" : "") + date.From;
            yield return Project(start, date.End, id, s.Slice(start, date.End), status, date.To.ToString(), s.Slice(start, date.End), "project/meeting",
                $"meetings dated “{date.Text}”: {status} at publication ({article.Published})", 0.7m);
        }
    }

    // ------------------------------------------------------------------ proposed, under negotiation

    private IEnumerable<Draft> Offers(Sentence s)
    {
        foreach (Match m in Ready().Matches(s.Text))
        {
            var clauseStart = s.Start + ClauseStart(s.Text, m.Index);
            var restStart = s.Start + m.Groups["rest"].Index;
            foreach (var (itemStart, itemEnd) in VerbItems(s, restStart, restStart + m.Groups["rest"].Length))
            {
                var phrase = s.Slice(itemStart, itemEnd);
                yield return Project(clauseStart, itemEnd, null, ObjectOf(phrase), "proposed", null, phrase, "project/offer",
                    $"“{m.Groups["cue"].Value}” followed by what is offered: proposed", 0.7m, objectStart: itemStart);
            }
        }
    }

    private IEnumerable<Draft> Negotiations(Sentence s)
    {
        var found = new List<Draft>();
        foreach (Match m in TalksTouched().Matches(s.Text))
            found.AddRange(Items(s, s.Start + m.Groups["obj"].Index, s.Start + m.Groups["obj"].Index + m.Groups["obj"].Length, s.Start + m.Index,
                "under-negotiation", "project/negotiation", $"talks that “{m.Groups["verb"].Value}” it: under negotiation"));
        foreach (Match m in WereDiscussed().Matches(s.Text))
        {
            var objStart = ClauseStart(s.Text, m.Index, stripAdjunct: true);
            found.AddRange(Items(s, s.Start + objStart, s.Start + m.Index, s.Start + objStart, "under-negotiation", "project/negotiation",
                "“were discussed”: under negotiation", quoteEnd: s.Start + m.Index + m.Length));
        }
        foreach (Match m in NegotiatingAbout().Matches(s.Text))
        {
            // "The talks on the plant did not take place": talks denied are no talks.
            if (Words.Denied().IsMatch(m.Groups["obj"].Value)) continue;
            var objStart = s.Start + m.Groups["obj"].Index;
            var start = s.Start + ClauseStart(s.Text, m.Index);
            var date = ClauseDate(s, s.Start + m.Index, years: false);
            if (date is not null && date.Start < start) start = date.Start;
            found.Add(Project(start, objStart + m.Groups["obj"].Length, null, ObjectOf(m.Groups["obj"].Value), "under-negotiation", date?.DateOf,
                m.Groups["obj"].Value, "project/negotiation", $"“{m.Groups["verb"].Value}” about it: under negotiation", 0.7m, objectStart: objStart));
        }
        foreach (Match m in Exploring().Matches(s.Text))
            found.AddRange(Items(s, s.Start + m.Groups["obj"].Index, s.Start + m.Groups["obj"].Index + m.Groups["obj"].Length, s.Start + m.Index,
                "under-negotiation", "project/negotiation", "“explore”: under negotiation", confidence: 0.55m));
        foreach (Match m in OnTheTable().Matches(s.Text))
        {
            var objStart = s.Start + ClauseStart(s.Text, m.Index);
            found.Add(Project(objStart, s.Start + m.Index + m.Length, null, ObjectOf(s.Slice(objStart, s.Start + m.Index)), "under-negotiation", null,
                s.Slice(objStart, s.Start + m.Index), "project/negotiation", "“on the table”: under negotiation", 0.55m, objectStart: objStart));
        }
        // "Also, the ways for ...": a sentence with no verb of its own continues the talks of the sentence before.
        if (found.Count == 0 && _lastStatus == "under-negotiation" && AlsoContinuation().Match(s.Text) is { Success: true } also)
        {
            var objStart = s.Start + also.Groups["obj"].Index;
            found.Add(Project(s.Start, s.End, null, ObjectOf(also.Groups["obj"].Value), "under-negotiation", null, also.Groups["obj"].Value,
                "project/negotiation-continued", "a verbless “Also, …” continuing the talks of the sentence before: under negotiation", 0.5m, objectStart: objStart));
        }
        return found;
    }

    // ------------------------------------------------------------------ status verbs

    private IEnumerable<Draft> StatusVerbs(Sentence s)
    {
        foreach (Match m in NotImplemented().Matches(s.Text))
        {
            var subjStart = s.Start + ClauseStart(s.Text, m.Index, stripAdjunct: true);
            var subject = s.Slice(subjStart, s.Start + m.Index);
            var status = m.Groups["verb"].Value.ToLowerInvariant() switch
            {
                var v when v.Contains("cancel") || v.Contains("scrap") || v.Contains("abandon") => "cancelled",
                var v when v.Contains("suspend") || v.Contains("frozen") || v.Contains("halt") => "suspended",
                _ => "stalled",
            };
            var end = s.Start + m.Index + m.Length;
            var date = ClauseDate(s, end, years: true);
            yield return Project(Math.Min(subjStart, date?.Start ?? subjStart), Math.Max(end, date?.End ?? end), null, ObjectOf(subject), status,
                date?.DateOf, subject, "project/status-verb", $"“{m.Value.Trim()}”: {status}", 0.75m, objectStart: subjStart);
        }

        foreach (Match m in Resumed().Matches(s.Text))
        {
            var start = s.Start + ClauseStart(s.Text, m.Index);
            var objStart = s.Start + m.Groups["obj"].Index;
            // Resumed talks are talks: what they are about is under negotiation, not resumed.
            var talks = TalksWord().IsMatch(m.Groups["obj"].Value);
            yield return Project(start, objStart + m.Groups["obj"].Length, null, ObjectOf(m.Groups["obj"].Value), talks ? "under-negotiation" : "resumed", null,
                m.Groups["obj"].Value, "project/status-verb", talks ? "resumed talks: under negotiation" : "“resumed”: resumed", 0.75m, objectStart: objStart);
        }

        foreach (Match m in Expanded().Matches(s.Text))
        {
            var start = s.Start + m.Index;
            var objStart = s.Start + m.Groups["obj"].Index;
            yield return Project(start, objStart + m.Groups["obj"].Length, null, ObjectOf(m.Groups["obj"].Value), "in-progress", null, m.Groups["obj"].Value,
                "project/status-verb", $"“{m.Groups["verb"].Value}”: in progress", 0.6m, objectStart: objStart);
        }

        foreach (Match m in CooperatedIn().Matches(s.Text))
        {
            var restStart = s.Start + m.Groups["rest"].Index;
            foreach (var (itemStart, itemEnd) in GerundItems(s, restStart, restStart + m.Groups["rest"].Length))
            {
                var phrase = s.Slice(itemStart, itemEnd);
                yield return Project(itemStart, itemEnd, null, ObjectOf(phrase), "in-progress", null, phrase, "project/status-verb",
                    "cooperation in carrying it out: in progress", 0.6m, objectStart: itemStart);
            }
        }

        foreach (Match m in ImportantStep().Matches(s.Text))
        {
            var objStart = s.Start + m.Groups["obj"].Index;
            yield return Project(s.Start + m.Index, s.Start + m.Index + m.Length, null, ObjectOf(m.Groups["obj"].Value), "in-progress", null, m.Groups["obj"].Value,
                "project/status-verb", $"“{m.Groups["verb"].Value} … is an important step”: in progress", 0.6m, objectStart: objStart);
        }

        foreach (Match m in EffortsContinue().Matches(s.Text))
        {
            var objStart = s.Start + m.Groups["obj"].Index;
            yield return Project(s.Start + m.Index, s.Start + m.Index + m.Length, null, ObjectOf(m.Groups["obj"].Value), "in-progress", null, m.Groups["obj"].Value,
                "project/status-verb", "efforts to build it continue: in progress", 0.65m, objectStart: objStart);
        }

        foreach (Match m in TookEffect().Matches(s.Text))
        {
            var subjStart = s.Start + ClauseStart(s.Text, m.Index, stripAdjunct: true, alsoAt: SubordinateStart());
            var subject = s.Slice(subjStart, s.Start + m.Index);
            if (!Words.IsNamed(subject) && KnownProjects.In(article.Text, subjStart, s.Start + m.Index).Count == 0) continue;
            var date = s.Times.Where(t => t.Start >= s.Start + m.Index && t.Start - (s.Start + m.Index + m.Length) < 10).MinBy(t => t.Start);
            yield return Project(subjStart, date?.End ?? s.Start + m.Index + m.Length, null, ObjectOf(subject), "operating", date?.DateOf, subject,
                "project/status-verb", $"“{m.Value.Trim()}”: operating" + (date is null ? "" : $" since {date.DateOf}"), 0.8m, objectStart: subjStart);
        }

        foreach (Match m in Maintained().Matches(s.Text))
        {
            var objStart = s.Start + m.Groups["obj"].Index;
            var objEnd = objStart + m.Groups["obj"].Length;
            var items = SuchAs().Match(m.Groups["obj"].Value) is { Success: true } such
                ? SplitNamed(s, objStart + such.Index + such.Length, objEnd)
                : [(objStart, objEnd)];
            foreach (var (itemStart, itemEnd) in items)
            {
                var phrase = s.Slice(itemStart, itemEnd);
                if (!Words.IsNamed(phrase) && KnownProjects.In(article.Text, itemStart, itemEnd).Count == 0) continue;
                yield return Project(items.Count > 1 ? itemStart : s.Start + ClauseStart(s.Text, m.Index), itemEnd, null, ObjectOf(phrase), "operating", null, phrase,
                    "project/status-verb", "“have maintained” a named mechanism: operating", 0.7m, objectStart: itemStart);
            }
        }

        foreach (Match m in HeldMostRecent().Matches(s.Text))
        {
            var objStart = s.Start + m.Groups["obj"].Index;
            var date = s.Times.Where(t => t.Start >= s.Start + m.Index + m.Length - 1).MinBy(t => t.Start);
            yield return Project(s.Start + ClauseStart(s.Text, m.Index), date?.End ?? s.Start + m.Index + m.Length, null, ObjectOf(m.Groups["obj"].Value), "operating",
                date?.DateOf, m.Groups["obj"].Value, "project/status-verb", "held repeatedly, the most recent dated: operating", 0.7m, objectStart: objStart);
        }

        foreach (Match m in Preparing().Matches(s.Text))
        {
            if (VisitWord().IsMatch(m.Groups["obj"].Value)) continue; // the visit rule reads it
            var objStart = s.Start + m.Groups["obj"].Index;
            yield return Project(s.Start + m.Index, objStart + m.Groups["obj"].Length, null, ObjectOf(m.Groups["obj"].Value), "planned", null, m.Groups["obj"].Value,
                "project/status-verb", "“preparing for”: planned", 0.6m, objectStart: objStart);
        }

        foreach (Match m in UnderConstruction().Matches(s.Text))
        {
            var subjStart = s.Start + ClauseStart(s.Text, m.Index, stripAdjunct: true);
            var subject = s.Slice(subjStart, s.Start + m.Index);
            yield return Project(subjStart, s.Start + m.Index + m.Length, null, ObjectOf(subject), "under-construction", null, subject,
                "project/status-verb", "“under construction”", 0.75m, objectStart: subjStart);
        }
    }

    /// <summary>"took part in" a known programme (operating) or a dated named event (completed).</summary>
    private IEnumerable<Draft> Participation(Sentence s)
    {
        foreach (Match m in TookPart().Matches(s.Text))
        {
            var start = s.Start + m.Index;
            var objStart = s.Start + m.Groups["obj"].Index;
            var objEnd = objStart + m.Groups["obj"].Length;
            var known = KnownProjects.In(article.Text, objStart, objEnd).Where(k => k.Project.Kind == KnownProjects.Programme).ToList();
            foreach (var (kStart, kEnd, project) in known)
                yield return Project(start, kEnd, project.Id, project.Name, "operating", null, s.Slice(kStart, kEnd), "project/participation",
                    $"took part in {project.Name}, a running programme: operating", 0.7m, objectStart: kStart, known: project);
            foreach (Match e in NamedEvent().Matches(s.Slice(objStart, objEnd)))
            {
                var eStart = objStart + e.Index;
                var eEnd = eStart + e.Length;
                if (known.Any(k => k.Start < eEnd && eStart < k.End)) continue;
                var year = e.Groups["y"].Value;
                var status = int.Parse(year, CultureInfo.InvariantCulture) <= article.Published.Year ? "completed" : "planned";
                yield return Project(start, eEnd, Words.Slug(e.Groups["name"].Value) + "-" + year, e.Value.Trim(), status, year, e.Value, "project/participation",
                    $"took part in {e.Value.Trim()}, a dated event: {status}", 0.65m, objectStart: eStart);
            }
        }
    }

    /// <summary>A known project whose status is settled ("Vietsovpetro", an agreement in force), named with no status verb.</summary>
    private IEnumerable<Draft> SettledMentions(Sentence s, List<Draft> already)
    {
        foreach (var (start, end, project) in KnownProjects.In(article.Text, s.Start, s.End))
        {
            if (project.SettledStatus is null || already.Any(d => d.QuoteStart <= start && end <= d.QuoteEnd)) continue;
            if (project.Since is { } since && PartialDate.TryParse(since, out var from) && from.Start > article.Published.End) continue;
            // "Vietsovpetro was dissolved in 2020": a status the rules do not read is still stated; the settled one would contradict it.
            if (VerbAfterName().IsMatch(s.Slice(end, Math.Min(s.End, end + 60)))) continue;
            var clauseStart = s.Start + ClauseStart(s.Text, s.Rel(start));
            yield return Project(clauseStart, end, project.Id, project.Name, project.SettledStatus, null, project.Name, "project/known-mention",
                $"names {project.Name}, {project.SettledStatus} since {project.Since}, without a status verb", 0.45m, known: project);
        }
    }

    /// <summary>
    /// The date printed in a status's clause nearest its verb ("was suspended in 2016"), or null: the report is then
    /// dated by its source. A bare year is taken where the verb dates an event (suspended, cancelled), not talks.
    /// </summary>
    private static TimeMention? ClauseDate(Sentence s, int at, bool years) =>
        s.Times.Where(t => (t.Kind is TimeKind.Day or TimeKind.Month || (years && t.Kind == TimeKind.Year)) && !t.IsBase
                           && FigureRules.Clause(s, t.Start) == FigureRules.Clause(s, at))
            .MinBy(t => Math.Abs(t.Start - at));

    // ------------------------------------------------------------------ building

    private Draft Project(
        int start, int end, string? id, string name, string status, string? statusOn, string statement, string rule, string reason, decimal confidence,
        int? objectStart = null, KnownProject? known = null)
    {
        // A known project named in the object gives its id and name; otherwise the object's words make the id.
        if (known is null && objectStart is { } os)
        {
            var k = KnownProjects.In(article.Text, os, Math.Max(os, end)).FirstOrDefault();
            if (k.Project is not null) known = k.Project;
        }
        if (known is not null) { id = known.Id; name = known.Name; confidence += 0.1m; }
        id ??= Words.Slug(name);
        if (id.Length == 0 || !char.IsLetter(id[0])) id = "project-" + Words.Slug(statement);
        if (id.Length == 0 || id == "project-") id = "unnamed-project";
        name = name.Trim().TrimEnd(',', ';', '.');
        if (name.Length > 0) name = char.ToUpperInvariant(name[0]) + name[1..];
        if (name.Length > 200) name = name[..200];
        statement = statement.Trim();
        if (statement.Length > 300) statement = statement[..300];
        if (end - start > 600) start = end - 600;
        return new Draft(ClaimKinds.Project, start, end, confidence, rule, reason,
            Project: new ProjectFields(id, name, status, statement, statusOn));
    }

    /// <summary>What a verb phrase is about, without its verb: "resume wheat supplies to Vietnam" → "wheat supplies to Vietnam".</summary>
    private static string ObjectOf(string phrase)
    {
        var p = phrase.Trim().Trim('“', '”', '"', '«', '»').Trim();
        p = LeadingVerb().Replace(p, "");
        p = Trailing().Replace(p, "");
        return p.Length > 120 ? p[..120] : p;
    }

    /// <summary>Splits "resume wheat supplies and increase meat exports" into its verb phrases.</summary>
    private static List<(int Start, int End)> VerbItems(Sentence s, int start, int end)
    {
        var items = new List<(int, int)>();
        var text = s.Slice(start, end);
        var at = 0;
        foreach (Match m in VerbJoin().Matches(text))
        {
            items.Add((start + at, start + m.Index));
            at = m.Index + m.Length - m.Groups["verb"].Length;
        }
        items.Add((start + at, end));
        return items.Select(i => TrimItem(s, i)).Where(i => i.Item2 - i.Item1 > 3).ToList();
    }

    private static List<(int Start, int End)> GerundItems(Sentence s, int start, int end)
    {
        var items = new List<(int, int)>();
        var text = s.Slice(start, end);
        var at = 0;
        foreach (Match m in GerundJoin().Matches(text))
        {
            items.Add((start + at, start + m.Index));
            at = m.Index + m.Length - m.Groups["verb"].Length;
        }
        items.Add((start + at, end));
        return items.Select(i => TrimItem(s, i)).Where(i => i.Item2 - i.Item1 > 3).ToList();
    }

    /// <summary>"A and the B", "A, the B": the named items of a list.</summary>
    private static List<(int Start, int End)> SplitNamed(Sentence s, int start, int end)
    {
        var items = new List<(int, int)>();
        var text = s.Slice(start, end);
        var at = 0;
        foreach (Match m in NamedJoin().Matches(text))
        {
            items.Add((start + at, start + m.Index));
            at = m.Index + m.Length;
        }
        items.Add((start + at, end));
        return items.Select(i => TrimItem(s, i)).Where(i => i.Item2 - i.Item1 > 3).ToList();
    }

    private IEnumerable<Draft> Items(Sentence s, int objStart, int objEnd, int quoteStart, string status, string rule, string reason, int? quoteEnd = null, decimal confidence = 0.7m)
    {
        var items = SplitNamed(s, objStart, objEnd);
        foreach (var (itemStart, itemEnd) in items)
        {
            var phrase = s.Slice(itemStart, itemEnd);
            var start = items.Count > 1 && itemStart > objStart ? itemStart : quoteStart;
            var end = items.Count > 1 && itemEnd < objEnd ? itemEnd : quoteEnd ?? itemEnd;
            yield return Project(start, end, null, ObjectOf(phrase), status, null, phrase, rule, reason, confidence, objectStart: itemStart);
        }
    }

    private static (int, int) TrimItem(Sentence s, (int Start, int End) item)
    {
        var (a, b) = item;
        while (a < b && (char.IsWhiteSpace(s.Text[s.Rel(a)]) || s.Text[s.Rel(a)] is ',')) a++;
        while (b > a && (char.IsWhiteSpace(s.Text[s.Rel(b) - 1]) || s.Text[s.Rel(b) - 1] is ',' or '.')) b--;
        return (a, b);
    }

    /// <summary>Where the clause holding position <paramref name="at"/> starts (sentence-relative), optionally past a leading "During …," adjunct.</summary>
    private static int ClauseStart(string text, int at, bool stripAdjunct = false, Regex? alsoAt = null)
    {
        var start = 0;
        foreach (Match m in ProjectClauseBreak().Matches(text))
            if (m.Index + m.Length <= at) start = m.Index + m.Length;
        if (alsoAt is not null)
            foreach (Match m in alsoAt.Matches(text))
                if (m.Index + m.Length <= at && m.Index + m.Length > start) start = m.Index + m.Length;
        if (stripAdjunct && LeadingAdjunct().Match(text[start..at]) is { Success: true } adjunct) start += adjunct.Length;
        while (start < at && char.IsWhiteSpace(text[start])) start++;
        return start;
    }

    private const string VerbList = "resume|increase|develop|help|expand|build|supply|provide|implement|create|participate|invest|open|launch|export|import|train|produce|construct|establish|strengthen|promote|boost|explore|secure|offer|cooperate|modernise|modernize|deliver|upgrade|restore|set\\s+up|take\\s+part|join|support|share|sign|hold";

    [GeneratedRegex(@"(?<who>(?:[A-Z][\w.’'-]*\s+){0,5}[A-Z][\w.-]*)(?:’s|'s)\s+(?<adj>(?:(?:recent|upcoming|forthcoming|first|official|state|working|historic|planned|latest)\s+)*)visit\b(?!s)(?:\s+to\s+(?<where>[A-Z]\w+))?", RegexOptions.CultureInvariant)]
    private static partial Regex PossessiveVisit();

    [GeneratedRegex(@"\b[Tt]he\s+(?<adj>(?:(?:first|recent|upcoming|forthcoming|official|state|working|historic)\s+)*)(?:(?<where0>[A-Z]\w+)\s+)?visit\s+of\s+(?<who>(?:[A-Z][\w.’'-]*\s+)*[A-Z][\w’'-]*)(?:\s+to\s+(?<where>[A-Z]\w+))?", RegexOptions.CultureInvariant)]
    private static partial Regex VisitOf();

    [GeneratedRegex(@"\barrived\s+(?:in\s+[A-Z]\w+\s+)?on\s+an?\s+(?<adj>(?:working|official|state|private)\s+)?visit\b(?:\s+to\s+(?<where>[A-Z]\w+))?", RegexOptions.CultureInvariant)]
    private static partial Regex ArrivedOnVisit();

    [GeneratedRegex(@"^The\s+(?:\w+\s+)?visit\b", RegexOptions.CultureInvariant)]
    private static partial Regex TheVisit();

    [GeneratedRegex(@"^(?:During|After|Before|Since|Following|Ahead|Despite|On|In|At|From|With|By|For)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AdjunctWord();

    /// <summary>The nearest "Firstname Lastname" before a position, titles and institutions left out.</summary>
    private static string? PersonBefore(string text, int at) =>
        PersonName().Matches(text[..at]).LastOrDefault(m => !m.Value.Split(' ').Any(w => NotAName.Contains(w)))?.Value;

    private static readonly HashSet<string> NotAName = new(StringComparer.Ordinal)
    {
        "Deputy", "Chairman", "Security", "Council", "United", "Russian", "Vietnamese", "President", "Prime", "Minister", "Secretary",
        "General", "State", "Foreign", "Vice", "Party", "National", "Assembly", "Russia", "Vietnam", "While", "During", "The", "Federation",
        "Central", "Committee", "Ministry", "Ambassador", "Summit", "Union", "Soviet",
    };

    [GeneratedRegex(@"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex PersonName();

    [GeneratedRegex(@"(?i:\bduring\s+(?:the\s+)?)$|(?i:\bduring\s+[\w’'\s]{0,40})$", RegexOptions.CultureInvariant)]
    private static partial Regex During();

    [GeneratedRegex(@"\b(?i:upcoming|forthcoming|will|preparing|prepares|is\s+scheduled|are\s+scheduled|is\s+expected\s+to|is\s+to\s+visit|takes\s+place)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Future();

    [GeneratedRegex(@"\b(?i:recent|arrived|paid|was|were|included|has\s+paid|made|had|helped|have\s+helped|visited|held|took\s+place|last\s+year|past\s+year)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PastMarker();

    [GeneratedRegex(@"\b(?i:is|are)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Present();

    [GeneratedRegex(@"\b(?:[Mm]eetings?|[Ss]ummit\s+talks)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Meeting();

    [GeneratedRegex(@"\s*with\s+(?<who>(?:[A-Z][\w-]*\s+){1,6})", RegexOptions.CultureInvariant)]
    private static partial Regex MeetingWith();

    [GeneratedRegex(@"\b(?<cue>(?:is|are)\s+(?:also\s+|still\s+)?(?:ready|willing|prepared)\s+to|offer(?:s|ed)?\s+to|propos(?:es|ed)\s+to)\s+(?<rest>[^.;]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Ready();

    [GeneratedRegex(@"(?:,\s+and\s+|\s+and\s+|,\s+)(?<verb>(?:" + VerbList + @")\b)", RegexOptions.CultureInvariant)]
    private static partial Regex VerbJoin();

    [GeneratedRegex(@"(?:,\s+and\s+|\s+and\s+|,\s+)(?<verb>[a-z]+ing\b)", RegexOptions.CultureInvariant)]
    private static partial Regex GerundJoin();

    [GeneratedRegex(@",\s+and\s+(?=the\s)|\s+and\s+(?=the\s)|,\s+(?=the\s)", RegexOptions.CultureInvariant)]
    private static partial Regex NamedJoin();

    [GeneratedRegex(@"\b(?i:negotiations|talks|discussions)(?:\s+in\s+[A-Z]\w+)?\s+(?<verb>touched\s+upon|touched\s+on|covered|focused\s+on|addressed|dealt\s+with)\s+(?<obj>[^.;]+)", RegexOptions.CultureInvariant)]
    private static partial Regex TalksTouched();

    [GeneratedRegex(@"\s+(?:was|were|had\s+been|have\s+been|has\s+been)\s+discussed\b", RegexOptions.CultureInvariant)]
    private static partial Regex WereDiscussed();

    [GeneratedRegex(@"\b(?<verb>(?i:negotiat(?:ing|ed|e|ions)|talks))(?:\s+with\s+[^,.;]{0,80}?)?\s+(?:about|on|over)\s+(?<obj>[^,.;]+)", RegexOptions.CultureInvariant)]
    private static partial Regex NegotiatingAbout();

    [GeneratedRegex(@"\b(?i:explore|exploring)\s+(?:the\s+possibilit(?:y|ies)\s+of\s+|solutions\s+and\s+|ways\s+(?:to|of)\s+|opportunities\s+(?:for|to)\s+)?(?<obj>[^,.;]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Exploring();

    [GeneratedRegex(@"\s+(?:was|were|is|are)\s+on\s+the\s+table\b", RegexOptions.CultureInvariant)]
    private static partial Regex OnTheTable();

    [GeneratedRegex(@"^(?:Also|As\s+well|In\s+addition|Besides),\s+(?<obj>(?:the|a|an)\s+[^.;]+)\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex AlsoContinuation();

    [GeneratedRegex(@"\s+(?:has|have|had)\s+not\s+(?:yet\s+)?been\s+(?<verb>implemented|built|completed|started|realized|realised|launched)|\s+(?:was|were|has\s+been|have\s+been)\s+(?<verb>suspended|frozen|postponed|put\s+on\s+hold|halted|shelved|cancelled|canceled|scrapped|abandoned)|\s+(?:has|have)\s+(?<verb>stalled)", RegexOptions.CultureInvariant)]
    private static partial Regex NotImplemented();

    [GeneratedRegex(@"\b(?:has|have|had)\s+(?:already\s+)?resumed\s+(?<obj>[^,.;]+?)(?=\s+and\s+(?:expanded|increased|resumed|launched|opened|extended)|[,.;]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Resumed();

    [GeneratedRegex(@"\b(?:and\s+|has\s+|have\s+)(?:already\s+)?(?<verb>expanded|increased|boosted|extended|stepped\s+up)\s+(?<obj>[^,.;]*?\b(?:supplies|supply|exports|imports|links|flights|deliveries|production|shipments)\b[^,.;]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Expanded();

    [GeneratedRegex(@"^(?:the\s+)?(?i:talks|negotiations|consultations|dialogue|discussions)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TalksWord();

    [GeneratedRegex(@"\b(?:have|has)\s+(?:also\s+)?(?:cooperated|collaborated|worked\s+together)\s+in\s+(?<rest>[^.;]+)", RegexOptions.CultureInvariant)]
    private static partial Regex CooperatedIn();

    [GeneratedRegex(@"\b(?<verb>Creating|Building|Establishing|Constructing|Developing|Setting\s+up)\s+(?<obj>[^.;]+?)\s+(?:is|was|remains|would\s+be)\s+(?:an?\s+)?(?:important|key|major|significant|crucial)\s+step", RegexOptions.CultureInvariant)]
    private static partial Regex ImportantStep();

    [GeneratedRegex(@"\b(?i:efforts)\s+to\s+(?:build|develop|create|construct|establish|set\s+up|implement)\s+(?<obj>[^.;]+?)\s+(?:will\s+continue|continue|are\s+continuing|are\s+under\s*way|are\s+ongoing)", RegexOptions.CultureInvariant)]
    private static partial Regex EffortsContinue();

    [GeneratedRegex(@"\s+(?:started\s+to\s+take\s+effect|took\s+effect|came\s+into\s+(?:force|effect)|entered\s+into\s+force|has\s+been\s+in\s+(?:force|effect)|came\s+into\s+operation|began\s+operating|was\s+commissioned|went\s+into\s+operation)", RegexOptions.CultureInvariant)]
    private static partial Regex TookEffect();

    [GeneratedRegex(@"\b(?:especially\s+|particularly\s+|ever\s+)?(?:since|after|when|as|because)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex SubordinateStart();

    [GeneratedRegex(@"\b(?:have|has)\s+(?:also\s+)?(?:maintained|kept\s+up)\s+(?<obj>[^.;]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Maintained();

    [GeneratedRegex(@"^.*?\bsuch\s+as\s+", RegexOptions.CultureInvariant)]
    private static partial Regex SuchAs();

    [GeneratedRegex(@"\b(?:have|has)\s+held\s+(?<obj>[^.;]+?)\s+and\s+the\s+(?:most\s+recent|latest|last)(?:\s+one)?\s+(?:took\s+place|was\s+held)\b", RegexOptions.CultureInvariant)]
    private static partial Regex HeldMostRecent();

    [GeneratedRegex(@"\b(?i:preparing|prepares)\s+for\s+(?<obj>[^,.;]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Preparing();

    [GeneratedRegex(@"\bvisit\b", RegexOptions.CultureInvariant)]
    private static partial Regex VisitWord();

    [GeneratedRegex(@"\s+(?:is|are|was|were)\s+(?:still\s+)?under\s+construction\b", RegexOptions.CultureInvariant)]
    private static partial Regex UnderConstruction();

    [GeneratedRegex(@"\b(?:took|take|taking|takes)\s+part\s+in\s+(?<obj>[^.;]{1,300})|\b(?:participated|participate|participating|participates)\s+in\s+(?<obj>[^.;]{1,300})", RegexOptions.CultureInvariant)]
    private static partial Regex TookPart();

    [GeneratedRegex(@"(?:the\s+)?(?<name>(?:[A-Z][\w-]*\s+){1,6}(?:Expo|Exhibition|Forum|Games|Summit|Festival|Fair|Conference|Show))\s+(?<y>(?:19|20)[0-9][0-9])\b", RegexOptions.CultureInvariant)]
    private static partial Regex NamedEvent();

    [GeneratedRegex(@";|,\s+(?:and|but|while|whereas)\s|\s[–—]\s", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectClauseBreak();

    [GeneratedRegex(@"^(?:(?:During|At|In|On|After|Before|Since)\s[^,]{1,80},\s*|(?:Also|Moreover|However|Additionally|In\s+addition|Furthermore),\s*)", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingAdjunct();

    [GeneratedRegex(@"^(?:(?:" + VerbList + @"|carrying\s+out|carry\s+out)\b\s*(?:(?:in|with)\s+)?(?:(?:contracts|the\s+construction|construction)\s+(?:to|of)\s+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingVerb();

    /// <summary>A verb right after a project's name that says what became of it: passive ("was dissolved") or an ending ("ceased operations").</summary>
    [GeneratedRegex(@"^\s*(?:\([^)]*\)\s*)?(?:(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?\w+(?:ed|en|ut)\b|(?:ceased|ended|closed|stopped|halted|collapsed|folded|dissolved|expired|went\s+bankrupt)\b)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex VerbAfterName();

    [GeneratedRegex(@"(?:,?\s+(?:he|she|they|the\s+diplomat|the\s+ambassador)\s+(?:said|added|stated|noted)\.?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Trailing();
}
