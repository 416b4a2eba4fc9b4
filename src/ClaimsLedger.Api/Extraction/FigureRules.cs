using System.Globalization;
using System.Text.RegularExpressions;
using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using ClaimsLedger.Figures;

namespace ClaimsLedger.Extraction;

/// <summary>
/// Frames the numbers the recognizers found as figures: the metric (from the words around the number), the parties, the
/// period (the nearest date of the same clause, else the sentence's, else the publication date), the qualifier (the
/// words just before the number) and, for a change, the period it is measured against.
/// </summary>
internal sealed partial class FigureRules(Article article)
{
    private sealed record ShareFrame(string Metric, string Period, string Importer);

    private ShareFrame? _lastShare;

    public IEnumerable<Draft> Find(Sentence s)
    {
        var drafts = new List<Draft>();
        var used = new List<(int Start, int End)>();
        bool Used(int start, int end) => used.Any(u => u.Start < end && start < u.End);

        // Sentence-level rules read their own number; the quantities they used are not read again.
        foreach (var (d, q) in Ranks(s).Concat(LeaderVisits(s)).Concat(PartnerCounts(s))) { drafts.Add(d); used.Add((q.Start, q.End)); }
        var followed = FollowedBy(s).ToList();
        drafts.AddRange(followed);

        var quantities = s.Quantities.Where(q => q.Kind != QuantityKind.Ordinal && !s.Times.Any(t => t.Start < q.End && q.Start < t.End)).ToList();
        foreach (var q in quantities)
        {
            if (followed.Any(f => f.QuoteStart <= q.Start && q.End <= f.QuoteEnd)) continue;
            if (Used(q.Start, q.End) && q.Kind != QuantityKind.Percent) continue;
            if (q.IsFraction && quantities.Any(o => o.Kind == QuantityKind.Percent && !o.IsFraction && Clause(s, o.Start) == Clause(s, q.Start))) continue;
            var draft = q.Kind switch
            {
                QuantityKind.Money => Money(s, q),
                QuantityKind.Percent => Percent(s, q),
                _ => Count(s, q),
            };
            if (draft is not null) drafts.Add(draft);
        }
        return drafts;
    }

    // ------------------------------------------------------------------ money

    private Draft? Money(Sentence s, Quantity q)
    {
        var before = Before(s, q.Start, 120);
        if (RegisteredCapital().Match(before) is { Success: true } capital)
            return Figure(s, q, "investment-registered-capital", Bilateral(s, q), PeriodFor(s, q, flow: false), "usd",
                "figure/registered-capital", "an amount of money named as registered capital", anchor: s.Start + s.Rel(q.Start) - before.Length + capital.Index);

        if (Exports(s, q, before) is { } exports)
            return Figure(s, q, exports.Metric, exports.Parties, PeriodFor(s, q, flow: true), "usd",
                "figure/exports", $"an amount of money after “{exports.Words}”", anchor: exports.Anchor);

        var (trade, anchor, anaphoric) = TradeContext(s, q);
        if (!trade || (anchor is { } a && a < q.Start && FlowWord().Matches(s.Slice(a, q.Start)).Any(f => f.Groups["which"].Success || Article.CodeOf(f.Groups["who"].Value) is not null)))
            return null;
        var aimed = TargetCue().IsMatch(s.Text);
        var comparedWith = LevelFrom().IsMatch(Before(s, q.Start, 30));
        // "aim to raise trade to $10 billion by 2030, up from $3.6 billion last year": the level it rises from is no target.
        var target = aimed && !comparedWith
                     && s.Times.Any(t => t.Kind == TimeKind.Target && Clause(s, t.Start) == Clause(s, q.Start));
        // "eye $10 billion trade target": an aim without its year is neither a target nor a figure.
        if (aimed && !target && TargetWord().IsMatch(After(s, q.End, 30))) return null;
        // "Vietnam's trade with the world reached $668 billion": a country's whole trade, not the pair's.
        if (WholeTrade().IsMatch(ClauseBefore(s, q.Start))) return null;
        var period = PeriodFor(s, q, flow: true, target: target);
        // "compared with $4 billion a year earlier": the level compared with is of the year before; without a date of its
        // own ("compared with $4 billion"), of none the sentence says.
        if (!target && comparedWith && !(period.Mention is { } own && own.Start >= q.End))
        {
            if (YearEarlier().Match(After(s, q.End, 25)) is not { Success: true } earlier || period.Mention is not { Kind: not TimeKind.Target } main) return null;
            var then = new TimeMention(q.End + earlier.Index, q.End + earlier.Index + earlier.Length, main.Kind,
                main.From with { Year = main.From.Year - 1 }, main.To with { Year = main.To.Year - 1 }, earlier.Value.Trim()) { YearInferred = true };
            period = new PeriodChoice(then.Period, then, false);
        }
        var metric = target ? "trade-turnover-target" : "trade-turnover";
        // "increased by 25% to 4.15 billion": the amount after "to" is the level; a change is read from the percentage.
        return Figure(s, q, metric, Bilateral(s, q), period, "usd", target ? "figure/trade-target" : "figure/trade-turnover",
            (target ? "a target amount" : "an amount of money") + (anaphoric ? " in a sentence that refers back to trade" : " in a sentence about trade"),
            anchor: anchor, confidence: anaphoric ? -0.1m : 0m);
    }

    /// <summary>
    /// "Vietnam's exports to Russia … reached 2.1 billion USD": one direction of the trade, a figure of its own (the two
    /// directions and the turnover are different quantities, as the leader visits' two directions are). A trade word
    /// between the flow and the number hands the number to the turnover ("…, while trade … reached").
    /// </summary>
    private (string Metric, List<string> Parties, string Words, int Anchor)? Exports(Sentence s, Quantity q, string before)
    {
        var flow = ExportFlow().Matches(before).Concat(ImportFlow().Matches(before)).MaxBy(m => m.Index);
        if (flow is null || TradeWord().IsMatch(before[(flow.Index + flow.Length)..]) || Article.CodeOf(flow.Groups["from"].Value) is not { } from)
            return null;
        // "imports from Vietnam" with no importer named: the country the sentence pairs the exporter with.
        var to = Article.CodeOf(flow.Groups["to"].Value) ?? Bilateral(s, q).Where(c => c != from).Cast<string?>().FirstOrDefault();
        return to is not null && from != to
            ? ($"exports-{from.ToLowerInvariant()}-to-{to.ToLowerInvariant()}", [from, to], flow.Value, s.Start + s.Rel(q.Start) - before.Length + flow.Index)
            : null;
    }

    private (bool Trade, int? Anchor, bool Anaphoric) TradeContext(Sentence s, Quantity q)
    {
        var m = TradeWord().Matches(s.Text).LastOrDefault(x => s.Start + x.Index < q.Start) ?? TradeWord().Match(s.Text);
        if (m.Success) return (true, s.Start + m.Index, false);
        if (Anaphora().Match(s.Text) is { Success: true } it && s.Previous is { } p && TradeWord().IsMatch(p.Text))
            return (true, s.Start + it.Index, true);
        return (false, null, false);
    }

    // ------------------------------------------------------------------ percentages

    private Draft? Percent(Sentence s, Quantity q)
    {
        var before = Before(s, q.Start, 60);
        var after = After(s, q.End, 80);

        var economy = EconomySubject().Matches(s.Slice(s.Start, q.Start)).LastOrDefault();
        // "trade grew by 8%": what grew is trade, a change of the turnover, unless an economy is named after it.
        var tradeGrew = TradeWord().Matches(s.Slice(s.Start, q.Start)).LastOrDefault() is { } traded && (economy is null || economy.Index < traded.Index);
        if (GrowthRate().Match(before) is { Success: true } && !tradeGrew)
        {
            var subject = economy;
            var metric = subject is null ? "gdp-growth" : Words.Slug(subject.Groups["adj"].Value + " economy") + "-growth";
            return Figure(s, q, metric, Single(s), PeriodFor(s, q, flow: false), "percent", "figure/growth-rate",
                "a percentage named as a growth rate", anchor: subject is null ? null : s.Start + subject.Index);
        }

        if (ChangeCue().Match(before) is { Success: true } change)
        {
            var exports = Exports(s, q, before);
            var (trade, anchor, anaphoric) = exports is null ? TradeContext(s, q) : (true, exports.Value.Anchor, false);
            if (!trade) return null;
            var falling = Falling().IsMatch(change.Value);
            var value = Math.Abs(q.Value ?? 0) * (falling || q.Value < 0 ? -1 : 1);
            var period = PeriodFor(s, q, flow: true);
            var basePeriod = BasePeriod(s, q, period.Period);
            var changeStart = s.Start + s.Rel(q.Start) - before.Length + change.Index;
            return Figure(s, q with { Value = value }, (exports?.Metric ?? "trade-turnover") + DerivedChecks.ChangeSuffix, exports?.Parties ?? Bilateral(s, q),
                period, "percent", exports is null ? "figure/trade-change" : "figure/exports-change",
                $"a percentage after “{change.Groups["verb"].Value}” in a sentence about " + (exports is null ? "trade" : $"“{exports.Value.Words}”")
                + (basePeriod is null ? "" : $"; compared with {basePeriod}"),
                anchor: Math.Min(changeStart, anaphoric || exports is not null ? anchor ?? changeStart : changeStart), basePeriod: basePeriod,
                confidence: anaphoric ? -0.1m : 0m);
        }

        if (ShareOf().Match(after) is { Success: true } share)
        {
            var goods = Goods(share.Groups["goods"].Value) ?? Goods(GoodsWord().Match(s.Text).Value) ?? "goods";
            var flow = share.Groups["flow"].Value.ToLowerInvariant() switch
            {
                var f when f.StartsWith("import", StringComparison.Ordinal) => "import",
                var f when f.StartsWith("export", StringComparison.Ordinal) => "export",
                var f when f.StartsWith("purchase", StringComparison.Ordinal) => "purchase",
                _ => "supply",
            };
            var metric = $"{goods}-{flow}-share";
            var period = PeriodFor(s, q, flow: false);
            var parties = Bilateral(s, q);
            var importer = Article.CodeOf(share.Groups["owner"].Value) ?? s.Countries.FirstOrDefault(c => !c.IsAdjective)?.Code ?? parties[1];
            var d = Figure(s, q, metric, parties, period, "percent", "figure/share", $"a percentage of {share.Value.Trim()}",
                end: q.End + share.Index + share.Length);
            if (d is not null) _lastShare = new ShareFrame(metric, d.Figure!.Period!, importer);
            return d;
        }
        return null;
    }

    /// <summary>"Russia was followed by Israel (19%) and South Korea (6.6%)": each named share takes the last share's metric and period.</summary>
    private IEnumerable<Draft> FollowedBy(Sentence s)
    {
        if (_lastShare is not { } frame || !FollowedByCue().IsMatch(s.Text)) yield break;
        foreach (Match m in CountryShare().Matches(s.Text))
        {
            var code = Article.CodeOf(m.Groups["country"].Value);
            // A share too long to be a number (decimal.Parse threw on one, a 500) is not read.
            if (code is null || code == frame.Importer
                || !decimal.TryParse(m.Groups["v"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) continue;
            var parties = new List<string> { code, frame.Importer };
            yield return new Draft(ClaimKinds.Figure, s.Start + m.Index, s.Start + m.Index + m.Length, 0.7m, "figure/share-followed-by",
                $"a share named after “followed by”, under the previous share's metric and period ({frame.Metric}, {frame.Period})",
                Figure: new FigureFields(frame.Metric, parties, frame.Period, "percent", "one", "exact", value, null, null, null));
        }
    }

    // ------------------------------------------------------------------ counts

    private Draft? Count(Sentence s, Quantity q)
    {
        var after = After(s, q.End, 60);
        var before = Before(s, q.Start, 80);
        var noun = CountNoun().Match(after);
        var end = q.End + noun.Index + noun.Length;
        if (!noun.Success)
        {
            // "increased the number of scholarships ... to about 1,000": the noun stands before the number.
            noun = NumberOf().Match(before);
            if (!noun.Success || Clause(s, q.Start - before.Length + noun.Index) != Clause(s, q.Start)) return null;
            end = q.End;
        }
        var word = noun.Groups["noun"].Value.ToLowerInvariant();
        switch (word)
        {
            case "students":
                return Figure(s, q, "students", Bilateral(s, q), PeriodFor(s, q, flow: false), "count", "figure/count/students",
                    "a number of students", end: end);
            case "scholarships":
                var perYear = PerYear().Match(After(s, end, 40));
                return Figure(s, q, perYear.Success ? "scholarships-per-year" : "scholarships", Bilateral(s, q), PeriodFor(s, q, flow: false), "count",
                    "figure/count/scholarships", "a number of scholarships" + (perYear.Success ? " per year" : ""),
                    end: perYear.Success ? end + perYear.Index + perYear.Length : end);
            case "projects" when Invest().IsMatch(s.Text):
                return Figure(s, q, "investment-projects", Bilateral(s, q), PeriodFor(s, q, flow: false), "count", "figure/count/investment-projects",
                    "a number of projects in a sentence about investment", end: end);
            case "officers" or "experts" or "specialists" or "engineers" or "personnel" or "cadres" when Train().IsMatch(before):
                return Figure(s, q, "trained-specialists", Bilateral(s, q), PeriodFor(s, q, flow: false), "count", "figure/count/trained-specialists",
                    "a number of people trained", anchor: s.Start + s.Rel(q.Start) - before.Length + Train().Match(before).Index, end: end);
            case "people" or "persons" when Community().Match(s.Text) is { Success: true } community:
                return Figure(s, q, "diaspora-population", Bilateral(s, q), PeriodFor(s, q, flow: false), "count", "figure/count/diaspora",
                    "a number of people in a community abroad", end: Math.Max(end, s.Start + community.Index + community.Length));
            case "people" or "persons" when Nation().Match(before) is { Success: true } nation:
                return Figure(s, q, "population", Single(s), PeriodFor(s, q, flow: false), "count", "figure/count/population",
                    "a nation's number of people", anchor: s.Start + s.Rel(q.Start) - before.Length + nation.Index, end: end);
            case "tourists":
                return Figure(s, q, "tourist-arrivals", Bilateral(s, q), PeriodFor(s, q, flow: true), "count", "figure/count/tourists",
                    "a number of tourists", end: end);
            default:
                return null;
        }
    }

    /// <summary>"relations with only 4 countries" after a sentence naming a partnership level: how many partners hold that level.</summary>
    private IEnumerable<(Draft, Quantity)> PartnerCounts(Sentence s)
    {
        foreach (Match m in PartnerCount().Matches(s.Text))
        {
            var level = PartnershipRules.LevelIn(s.Text[..m.Index]) ?? (s.Previous is { } p ? PartnershipRules.LevelIn(p.Text) : null);
            var n = Recognizers.CardinalValue(m.Groups["n"].Value);
            if (level is null || n is null) continue;
            var metric = level.Replace("partnership", "partner").Replace("relations", "relations-partner") + "-count";
            var q = new Quantity(s.Start + m.Groups["n"].Index, s.Start + m.Groups["n"].Index + m.Groups["n"].Length, QuantityKind.Count, n, null, null, "one", m.Groups["n"].Value);
            var d = Figure(s, q, metric, Single(s), PeriodFor(s, q, flow: false), "count", "figure/partner-count",
                $"a number of countries holding the level named just before ({level})", anchor: s.Start, end: s.Start + m.Index + m.Length,
                qualifier: "exact");
            if (d is not null) yield return (d, q);
        }
    }

    /// <summary>"the Russian president has visited five times", "Vietnam's leader has visited Russia seven times".</summary>
    private IEnumerable<(Draft, Quantity)> LeaderVisits(Sentence s)
    {
        foreach (Match m in LeaderVisit().Matches(s.Text))
        {
            var n = Recognizers.CardinalValue(m.Groups["n"].Value);
            var from = Article.Countries(m.Groups["who"].Value, 0, m.Groups["who"].Length).FirstOrDefault()?.Code;
            if (n is null || from is null) continue;
            var to = m.Groups["where"].Success ? Article.CodeOf(m.Groups["where"].Value) : null;
            to ??= article.PartnerOf(from);
            if (to is null || to == from) continue;
            var metric = $"leader-visits-{from.ToLowerInvariant()}-to-{to.ToLowerInvariant()}";
            var q = new Quantity(s.Start + m.Groups["n"].Index, s.Start + m.Groups["n"].Index + m.Groups["n"].Length, QuantityKind.Count, n, null, null, "one", m.Groups["n"].Value);
            var d = Figure(s, q, metric, [from, to], PeriodFor(s, q, flow: false), "count", "figure/leader-visits",
                $"a leader's visits counted (“{m.Value}”)", anchor: s.Start + m.Index, end: s.Start + m.Index + m.Length, qualifier: "exact");
            if (d is not null) yield return (d, q);
        }
    }

    /// <summary>"the top supplier of arms to Vietnam", "the largest buyer of Russian weapons in Southeast Asia", "ranked 25th among ... investing".</summary>
    private IEnumerable<(Draft, Quantity)> Ranks(Sentence s)
    {
        foreach (Match m in RankedAmong().Matches(s.Text))
        {
            var n = Recognizers.OrdinalValue(m.Groups["ord"].Value);
            if (n is null) continue;
            var q = new Quantity(s.Start + m.Groups["ord"].Index, s.Start + m.Groups["ord"].Index + m.Groups["ord"].Length, QuantityKind.Ordinal, n, null, null, "one", m.Groups["ord"].Value);
            var d = Figure(s, q, "investment-rank", Bilateral(s, q), PeriodFor(s, q, flow: false), "rank", "figure/rank-among",
                "a rank among countries investing", anchor: s.Start + m.Index, end: s.Start + m.Index + m.Length, qualifier: "exact");
            if (d is not null) yield return (d, q);
        }

        foreach (Match m in RankPhrase().Matches(s.Text))
        {
            if (OneOfThe().IsMatch(s.Text[..m.Index])) continue;
            int? n = m.Groups["n"].Success ? Recognizers.OrdinalValue(m.Groups["n"].Value) : 1;
            if (n is null) continue;
            var role = m.Groups["role"].Value.ToLowerInvariant();
            var roleSlug = Words.Slug(role);
            var nationality = m.Groups["nat"].Success ? Words.Slug(m.Groups["nat"].Value) : null;
            var goods = Goods(m.Groups["goods"].Value);
            var region = m.Groups["region"].Success ? Words.Slug(m.Groups["region"].Value) : null;
            var countryLevel = role.EndsWith("economy", StringComparison.Ordinal) || role.EndsWith("market", StringComparison.Ordinal);
            var target = s.Times.FirstOrDefault(t => t.Kind == TimeKind.Target && t.Start >= s.Start + m.Index);
            var metric = string.Join('-', new[] { nationality, goods, roleSlug, "rank", region, target is null ? null : "target" }.Where(x => !string.IsNullOrEmpty(x)));
            var subject = s.Countries.Where(c => c.Start < s.Start + m.Index).Select(c => c.Code).FirstOrDefault();
            List<string> parties;
            if (countryLevel) parties = Single(s);
            else
            {
                var other = m.Groups["nat"].Success ? Article.CodeOf(m.Groups["nat"].Value) : m.Groups["to"].Success ? Article.CodeOf(m.Groups["to"].Value) : null;
                subject ??= s.Countries.FirstOrDefault()?.Code;
                if (subject is null) continue;
                other ??= article.PartnerOf(subject);
                if (other is null || other == subject) continue;
                parties = [subject, other];
            }
            var q = new Quantity(s.Start + m.Index, s.Start + m.Index + m.Length, QuantityKind.Ordinal, n, null, null, "one", m.Value);
            var period = target is not null ? new PeriodChoice($"by-{target.To.Year:D4}", target, false) : PeriodFor(s, q, flow: false);
            var subjectStart = s.Countries.Where(c => c.Start < s.Start + m.Index).Select(c => (int?)c.Start).FirstOrDefault();
            var d = Figure(s, q, metric, parties, period, "rank", "figure/rank", $"a rank (“{m.Value.Trim()}”)",
                anchor: subjectStart, end: Math.Max(s.Start + m.Index + m.Length, period.Mention is { } t && t.Start >= q.End ? t.End : 0), qualifier: "exact");
            if (d is not null) yield return (d, q);
        }
    }

    // ------------------------------------------------------------------ framing

    internal sealed record PeriodChoice(string Period, TimeMention? Mention, bool Defaulted);

    /// <summary>
    /// The period of a figure: a date printed right after it ("$4.5 billion in 2022"), else the nearest date of its clause
    /// (before it, then after it), else of its sentence; a period
    /// someone compares against ("against 2019") is never the figure's own. Without any: the Soviet era when the sentence
    /// speaks of it, else for a flow (trade in a year) the last full year before publication, else the publication date.
    /// </summary>
    private PeriodChoice PeriodFor(Sentence s, Quantity q, bool flow, bool target = false)
    {
        // "In 2020 trade, which had been $3 billion in 2015, reached $5 billion": an aside's dates are its own; an amount in
        // an aside with no date of its own ("In 2019, when trade reached $4.8 billion, …") takes the sentence's.
        var asides = Aside().Matches(s.Text);
        int AsideOf(int position) =>
            asides.FirstOrDefault(m => s.Start + m.Index < position && position < s.Start + m.Index + m.Length)?.Index ?? -1;
        var aside = AsideOf(q.Start);
        var all = s.Times.Where(t => !t.IsBase && t.Kind != TimeKind.Era && (target ? t.Kind == TimeKind.Target : t.Kind != TimeKind.Target)).ToList();
        var clause = Clause(s, q.Start);
        TimeMention? Nearest(List<TimeMention> times) =>
            // "from $7 billion in 2021 to $4.5 billion in 2022": a date printed right after the amount is its own.
            times.Where(t => t.Start >= q.End && AttachedDate().IsMatch(s.Slice(q.End, t.Start))).MinBy(t => t.Start)
            ?? times.Where(t => Clause(s, t.Start) == clause && t.End <= q.Start).MaxBy(t => t.End)
            ?? times.Where(t => Clause(s, t.Start) == clause && t.Start >= q.End).MinBy(t => t.Start)
            ?? times.Where(t => t.End <= q.Start).MaxBy(t => t.End)
            ?? times.Where(t => t.Start >= q.End).MinBy(t => t.Start);
        var chosen = Nearest([.. all.Where(t => AsideOf(t.Start) == aside)]) ?? (aside >= 0 ? Nearest(all) : null);
        if (chosen is not null) return new PeriodChoice(chosen.Period, chosen, false);
        // "It fell to $4 billion the following year": the year after the last one the sentence before names.
        if (FollowingYear().Match(s.Text) is { Success: true } following
            && s.Previous?.Times.LastOrDefault(t => t.Kind == TimeKind.Year && !t.IsBase) is { } named)
        {
            var y = new PartialDate(named.From.Year + 1, null, null);
            var mention = new TimeMention(s.Start + following.Index, s.Start + following.Index + following.Length, TimeKind.Year, y, y, following.Value) { YearInferred = true };
            return new PeriodChoice(mention.Period, mention, false);
        }
        if (s.Times.FirstOrDefault(t => t.Kind == TimeKind.Era) is { } era) return new PeriodChoice(era.Period, era, false);
        if (flow) return new PeriodChoice((article.Published.Year - 1).ToString("D4", CultureInfo.InvariantCulture), null, true);
        return new PeriodChoice(article.Published.ToString(), null, true);
    }

    /// <summary>What a change is measured against: a printed base ("against 2019", "the same period in 2020"), else the period a year before.</summary>
    private static string? BasePeriod(Sentence s, Quantity q, string period)
    {
        var p = Period.Parse(period);
        if (p is null || p.IsTarget) return null;
        var printed = s.Times.Where(t => t.IsBase && t.Start >= q.End && Clause(s, t.Start) == Clause(s, q.Start)).MinBy(t => t.Start);
        // "the same period last year" is year on year: the year before the figure's, not before the article's.
        var baseYear = printed is { YearInferred: false } ? printed.From.Year : p.Start.Year - 1;
        var shift = baseYear - p.Start.Year;
        if (shift == 0) return null;
        if (!period.Contains("..", StringComparison.Ordinal) && period.Length == 4) return baseYear.ToString("D4", CultureInfo.InvariantCulture);
        // A part of a year is compared with the same months of the base year.
        return string.Join("..", period.Split("..").Select(part =>
            PartialDate.TryParse(part, out var d) ? (d with { Year = d.Year + shift }).ToString() : part));
    }

    private Draft? Figure(
        Sentence s, Quantity q, string metric, List<string> parties, PeriodChoice period, string unit, string rule, string reason,
        int? anchor = null, int? end = null, string? basePeriod = null, decimal confidence = 0m, string? qualifier = null)
    {
        if (parties.Count == 0 || parties.Distinct().Count() != parties.Count) return null;
        if (IsForecast(s, q, metric, period) || !OwnPeriod(s, q, period)) return null;
        qualifier ??= q.IsRange ? "range" : Qualifier(Before(s, q.Start, 40));
        var why = new List<string> { reason };
        if (period.Mention is { } t) why.Add($"period {period.Period} from “{t.Text}”" + (t.YearInferred ? $" read against the publication date {article.Published}" : ""));
        else why.Add($"no date in the sentence: period {period.Period} from the publication date {article.Published}");
        if (qualifier != "exact" && qualifier != "range") why.Add($"qualifier {qualifier} from “{Before(s, q.Start, 40).Trim().Split(' ').TakeLast(2).Aggregate((a, b) => a + " " + b)}”");

        var start = new[] { q.Start, anchor ?? q.Start, period.Mention is { } m && m.End <= q.Start && m.Start >= s.Start ? m.Start : q.Start }.Min();
        var stop = Math.Max(end ?? q.End, q.End);
        if (period.Mention is { } after && after.Start >= q.End && after.Start - stop < 30 && after.End <= s.End) stop = Math.Max(stop, after.End);
        if (stop - start > 400) start = Math.Max(start, stop - 400);
        var scale = q.Kind is QuantityKind.Percent or QuantityKind.Ordinal ? "one" : q.Scale;

        var c = 0.85m + confidence;
        if (period.Defaulted) c -= 0.2m;
        if (period.Mention is { YearInferred: true }) c -= 0.05m;
        if (q.IsVague || q.IsFraction) c -= 0.1m;
        return new Draft(ClaimKinds.Figure, start, stop, c, rule, string.Join("; ", why),
            Figure: new FigureFields(metric, parties, period.Period, unit, scale, qualifier,
                q.IsRange ? null : q.Value, q.IsRange ? q.Low : null, q.IsRange ? q.High : null, basePeriod));
    }

    /// <summary>
    /// A value for a period that had not begun at publication ("could reach $10 billion in 2025", written in 2023), or
    /// one foretold ("is expected to reach") for a period not yet over, is a forecast, not a figure of that period: not
    /// proposed. An aim with its target year ("by 2030") is the target metric's, and stays.
    /// </summary>
    private bool IsForecast(Sentence s, Quantity q, string metric, PeriodChoice period)
    {
        if (metric.EndsWith("-target", StringComparison.Ordinal) || Period.Parse(period.Period) is not { IsTarget: false } p) return false;
        var foretold = Words.Foretold().IsMatch(ClauseBefore(s, q.Start));
        return p.Start > article.Published.End || (foretold && p.End > article.Published.Start);
    }

    /// <summary>
    /// Whether the value is one of its period, as a figure is: "averaged $4.5 billion a year" over 2018–2020 is a yearly
    /// mean, "1,000 tourists visit Vietnam every day" a rate, "over the past five years reached $20 billion" a total over years no date names (the last full year would
    /// be a guess), and "between 2015 and 2020 grew from 3.8 to 4.8 billion" gives levels at the span's ends, not a figure
    /// over it. None is proposed.
    /// </summary>
    private bool OwnPeriod(Sentence s, Quantity q, PeriodChoice period)
    {
        var before = Before(s, q.Start, 60);
        if (Averaged().IsMatch(before) || PerDayWeekOrMonth().IsMatch(ClauseBreak().Split(After(s, q.End, 50))[0])) return false;
        if (period.Defaulted && SpanNotDated().IsMatch(s.Text)) return false;
        return !(period.Mention is { Kind: TimeKind.YearSpan } && FromTo().IsMatch(before));
    }

    /// <summary>The text of a position's clause before it.</summary>
    private static string ClauseBefore(Sentence s, int position) =>
        s.Slice(s.Start + ClauseBreak().Matches(s.Text).Where(m => s.Start + m.Index < position).Select(m => m.Index + m.Length).LastOrDefault(), position);

    private static string Qualifier(string before) =>
        NearlyCue().IsMatch(before) ? "nearly"
        : AboutCue().IsMatch(before) ? "about"
        : MoreThanCue().IsMatch(before) ? "more-than"
        : AtMostCue().IsMatch(before) ? "at-most"
        : "exact";

    /// <summary>
    /// Two parties: "between A and B", else the countries the sentence names, completed from the article's pair. A clause
    /// of its own naming a country outside that pair speaks of that country and the pair's first ("…, while trade with
    /// Vietnam was $4 billion").
    /// </summary>
    private List<string> Bilateral(Sentence s, Quantity q)
    {
        var clause = s.Countries.Where(c => Clause(s, c.Start) == Clause(s, q.Start)).Select(c => c.Code).Distinct().ToList();
        foreach (var sentence in new[] { s, s.Previous })
        {
            if (sentence is null) continue;
            var between = Between().Match(sentence.Text);
            if (between.Success && Article.CodeOf(between.Groups["a"].Value) is { } a && Article.CodeOf(between.Groups["b"].Value) is { } b && a != b)
                return clause.All(c => c == a || c == b) ? [a, b]
                    // The pair's first-named is the sentence's subject: "between Russia and China …, while trade with Vietnam".
                    : clause.Count == 1 ? [clause[0], a] : clause.Take(2).ToList();
            if (sentence != s) break;
        }
        return Completed(s.Countries.Select(c => c.Code).Distinct().ToList());
    }

    private List<string> Completed(List<string> codes) =>
        codes.Count >= 2 ? codes.Take(2).ToList()
        : codes.Count == 1 ? article.PartnerOf(codes[0]) is { } partner ? [codes[0], partner] : [codes[0], article.Pair.First(p => p != codes[0])]
        : article.Pair.ToList();

    /// <summary>One party, for a figure about one country: the first the sentence names (else the previous sentence's).</summary>
    private static List<string> Single(Sentence s)
    {
        var code = s.Countries.FirstOrDefault(c => !c.IsAdjective)?.Code ?? s.Countries.FirstOrDefault()?.Code
                   ?? s.Previous?.Countries.FirstOrDefault()?.Code;
        return code is null ? [] : [code];
    }

    /// <summary>Which clause of the sentence a position falls in: clauses end at ";", ", and", ", but", ", while" and dashes.</summary>
    internal static int Clause(Sentence s, int position)
    {
        var n = 0;
        foreach (Match m in ClauseBreak().Matches(s.Text))
            if (s.Start + m.Index < position) n++;
        return n;
    }

    private static string Before(Sentence s, int position, int chars)
    {
        var from = Math.Max(s.Start, position - chars);
        return s.Slice(from, Math.Max(from, position));
    }

    private static string After(Sentence s, int position, int chars) => s.Slice(Math.Min(position, s.End), Math.Min(s.End, position + chars));

    private static string? Goods(string word) => word.ToLowerInvariant().Trim() switch
    {
        "arms" or "weapons" or "weapon" or "military equipment" or "military" or "defence" or "defense" => "arms",
        "oil" => "oil", "gas" => "gas", "energy" => "energy", "rice" => "rice", "coffee" => "coffee", "wheat" => "wheat",
        _ => null,
    };

    [GeneratedRegex(@"(?i:registered\s+capital|total\s+(?:registered\s+)?investment\s+capital|investment\s+capital)(?:\s+\w+){0,3}\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex RegisteredCapital();

    /// <summary>"Vietnam's exports to Russia", "Russian exports to Vietnam", "exports from Russia to Vietnam".</summary>
    [GeneratedRegex(@"\b(?:(?<from>[A-Z][a-z]+(?:’s|'s)?)\s+exports\s+to\s+(?<to>[A-Z][a-z]+)|[Ee]xports\s+from\s+(?<from>[A-Z][a-z]+)\s+to\s+(?<to>[A-Z][a-z]+))\b", RegexOptions.CultureInvariant)]
    private static partial Regex ExportFlow();

    /// <summary>"Russia's imports from Vietnam", "imports from Vietnam": the exporter's flow to the importer.</summary>
    [GeneratedRegex(@"\b(?:(?<to>[A-Z][a-z]+(?:’s|'s)?)\s+)?[Ii]mports\s+from\s+(?<from>[A-Z][a-z]+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ImportFlow();

    [GeneratedRegex(@"\b(?i:trade|turnover|two-way\s+trade)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TradeWord();

    /// <summary>
    /// A country's flow, or a part "of which", named after the trade word ("trade …, of which Vietnamese exports accounted
    /// for", "…, while Vietnamese exports were"): the number is not the turnover. ("including exports of rice" and "driven by
    /// Vietnamese exports of seafood, reached" leave it the turnover's.)
    /// </summary>
    [GeneratedRegex(@"(?:\b(?<which>of\s+which)\b.*\b(?:exports?|imports?|shipments)\b|\b(?<who>[A-Z][a-z]+(?:’s|'s)?)\s+(?:exports?|imports?|shipments)(?:\s+\w+){0,3}\s+(?:were|was|accounted\s+for|amounted\s+to|reached|totall?ed|stood\s+at|came\s+to|hit|rose\s+to|fell\s+to)\s+(?:about\s+|nearly\s+|some\s+|over\s+)?(?:US)?[$]?\s*$)", RegexOptions.CultureInvariant)]
    private static partial Regex FlowWord();

    [GeneratedRegex(@"\b(?:it|It|this\s+figure|This\s+figure|the\s+figure)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Anaphora();

    [GeneratedRegex(@"\b(?i:aims?|aiming|target(?:ed|s)?|goal|plans?|expects?|expected|seeks?|strive|hope)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TargetCue();

    [GeneratedRegex(@"(?i:\b(?:(?:up|down|rising|falling|risen|fallen)\s+from|compared\s+(?:with|to))\s+(?:about\s+|nearly\s+|some\s+)?(?:US)?[$]?\s*$)", RegexOptions.CultureInvariant)]
    private static partial Regex LevelFrom();

    [GeneratedRegex(@"^\s*(?:\w+\s+)?(?i:target|goal)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TargetWord();

    [GeneratedRegex(@"(?i:\bwith\s+the\s+world\b|\b(?:world|total|overall|global|foreign)\s+trade\b|\btotal\s+(?:import-export|exports|imports)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex WholeTrade();

    [GeneratedRegex(@"^\s*(?i:(?:a|one)\s+year\s+(?:earlier|before)|in\s+the\s+previous\s+year)\b", RegexOptions.CultureInvariant)]
    private static partial Regex YearEarlier();

    [GeneratedRegex(@"(?i:(?:annual\s+)?growth\s+rate\s+of|grew\s+by|growing\s+at)\s+(?:\w+\s+){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex GrowthRate();

    [GeneratedRegex(@"(?<adj>\b[a-z]+\s+)?\b(?i:econom(?:y|ies))\b", RegexOptions.CultureInvariant)]
    private static partial Regex EconomySubject();

    [GeneratedRegex(@"\b(?<verb>(?i:up|down|rose|risen|rising|grew|grown|growing|growth\s+of|increased?|increasing|an\s+increase\s+of|a\s+rise\s+of|decreased?|decreasing|a\s+decrease\s+of|declined?|a\s+decline\s+of|dropped|a\s+drop\s+of|fell|fall(?:en)?|a\s+fall\s+of|plunged|jumped|surged|gained|lost|contracted|expanded))\b(?:\s+(?i:by|of|some|nearly|almost|about|around|more\s+than|over|another|a\s+third|a\s+quarter|one\s+third|half|a))*\s*[(–−-]*\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ChangeCue();

    [GeneratedRegex(@"(?i:down|decrease|declin|dropp|drop|fell|fall|plunged|lost|contracted)", RegexOptions.CultureInvariant)]
    private static partial Regex Falling();

    [GeneratedRegex(@"^\s*(?:of\s+(?:its|their|the|(?<owner>[A-Z][\w ]*?(?:’s|'s)))?\s*(?:total\s+)?(?<goods>weapons|arms|military|defen[cs]e|oil|gas|energy)?\s*(?<flow>supply|supplies|imports?|exports?|purchases)\b(?:[\w ,]{0,50}?(?=in\s+this\s+regard|$|[.;]))?(?:\s*in\s+this\s+regard)?)", RegexOptions.CultureInvariant)]
    private static partial Regex ShareOf();

    [GeneratedRegex(@"\b(?i:arms|weapons|military\s+equipment)\b", RegexOptions.CultureInvariant)]
    private static partial Regex GoodsWord();

    [GeneratedRegex(@"\b(?i:followed\s+by)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FollowedByCue();

    [GeneratedRegex(@"(?<country>(?:South\s+|North\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s*\((?<v>[0-9]+(?:\.[0-9]+)?)\s?%\)", RegexOptions.CultureInvariant)]
    private static partial Regex CountryShare();

    [GeneratedRegex(@"^\s*(?:[\w-]+\s+){0,2}?(?<noun>people|persons|students|projects|scholarships|officers|experts|specialists|engineers|personnel|cadres|tourists)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CountNoun();

    [GeneratedRegex(@"\b(?i:number|numbers)\s+of\s+(?<noun>people|persons|students|projects|scholarships|officers|experts|specialists|engineers|tourists)\b[^.;]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberOf();

    [GeneratedRegex(@"^\s*(?:[\w,]+\s+){0,6}?(?i:per\s+year|a\s+year|each\s+year|annually|per\s+annum)", RegexOptions.CultureInvariant)]
    private static partial Regex PerYear();

    [GeneratedRegex(@"\b(?i:invest(?:ing|ment|ments|ors?|ed)?|FDI)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Invest();

    [GeneratedRegex(@"\b(?i:train(?:ed|ing)?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Train();

    [GeneratedRegex(@"\b(?:[A-Z][a-z]+\s+)?(?i:community|diaspora)\s+(?i:in|living\s+in|of)\s+[A-Z]\w+", RegexOptions.CultureInvariant)]
    private static partial Regex Community();

    [GeneratedRegex(@"\b(?i:nation|country|population)\s+(?i:of)\s+(?:\w+\s+){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Nation();

    [GeneratedRegex(@"\b(?i:relations|partnerships?|ties)\s+with\s+(?i:only\s+|just\s+)?(?<n>[0-9]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?i:countries|nations|states)", RegexOptions.CultureInvariant)]
    private static partial Regex PartnerCount();

    [GeneratedRegex(@"(?<who>(?:[A-Z][\w’']*\s+){0,2}(?:[Pp]resident|[Ll]eaders?|[Pp]rime\s+[Mm]inister|[Pp]remier|[Hh]ead\s+of\s+[Ss]tate|[Gg]eneral\s+[Ss]ecretary))\s+(?:has|have|had)\s+(?:already\s+)?visited\s+(?:(?<where>[A-Z]\w+)\s+)?(?<n>\w+)\s+times", RegexOptions.CultureInvariant)]
    private static partial Regex LeaderVisit();

    [GeneratedRegex(@"\b(?i:ranked|ranks|ranking)\s+(?<ord>[0-9]{1,3}(?:st|nd|rd|th)|[a-z]+)\s+(?i:among)\s+[^.;]{0,100}?\b(?i:investing|investors|in\s+terms\s+of\s+investment)\b(?:\s+in\s+[A-Z]\w+)?", RegexOptions.CultureInvariant)]
    private static partial Regex RankedAmong();

    [GeneratedRegex(@"\b(?:the\s+)?(?:(?<n>second|third|fourth|fifth|[0-9]{1,2}(?:st|nd|rd|th))\s+(?:largest|biggest)|top|largest|biggest|leading)\s+(?<role>(?:digital\s+|green\s+|trading\s+|export\s+)?(?:supplier|buyer|importer|exporter|investor|partner|economy|market|producer|consumer))(?:\s+of\s+(?<nat>Russian|Vietnamese|American|Chinese|Israeli|Korean|Indian|Japanese)?\s*(?<goods>arms|weapons|military\s+equipment|oil|gas|rice|coffee|wheat))?(?:\s+(?:to|for)\s+(?<to>Vietnam|Russia|China|India|Israel|Laos|Cambodia))?(?:\s+in\s+(?<region>Southeast\s+Asia|South-East\s+Asia|Asia|ASEAN|the\s+region|the\s+world|Europe))?", RegexOptions.CultureInvariant)]
    private static partial Regex RankPhrase();

    [GeneratedRegex(@"(?i:one\s+of\s+(?:the\s+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex OneOfThe();

    private static Regex Between() => BetweenCue();

    [GeneratedRegex(@"\b(?i:between)\s+(?:the\s+)?(?<a>Russian\s+Federation|Soviet\s+Union|Russia|Vietnam|Viet\s+Nam|USA|US|United\s+States|China|India|Japan|Israel|South\s+Korea|Laos|Cambodia)\s+and\s+(?:the\s+)?(?<b>Russian\s+Federation|Soviet\s+Union|Russia|Vietnam|Viet\s+Nam|USA|US|United\s+States|China|India|Japan|Israel|South\s+Korea|Laos|Cambodia)\b", RegexOptions.CultureInvariant)]
    private static partial Regex BetweenCue();

    [GeneratedRegex(@"(?i:\b(?:nearly|almost|just\s+under|close\s+to|approaching)\s+(?:the\s+)?[$(–−-]*\s*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NearlyCue();

    [GeneratedRegex(@"(?i:\b(?:about|around|some|approximately|roughly|an\s+estimated|estimated|circa)\s+(?:the\s+)?[$(–−-]*\s*)$", RegexOptions.CultureInvariant)]
    private static partial Regex AboutCue();

    [GeneratedRegex(@"(?i:\b(?:more\s+than|over|exceeded|exceeds|exceeding|surpassed|topped|above|in\s+excess\s+of|upwards\s+of)\s+(?:the\s+)?[$(–−-]*\s*)$", RegexOptions.CultureInvariant)]
    private static partial Regex MoreThanCue();

    [GeneratedRegex(@"(?i:\b(?:up\s+to|not\s+exceed(?:ing)?|no\s+more\s+than|at\s+most|less\s+than|fewer\s+than|under|below|(?:did|does|has|have|had)\s+not\s+(?:yet\s+)?(?:reach|exceed|surpass|top)(?:ed)?|failed\s+to\s+reach|fell\s+short\s+of)\s+(?:the\s+)?[$(–−-]*\s*)$", RegexOptions.CultureInvariant)]
    private static partial Regex AtMostCue();

    [GeneratedRegex(@"(?i:\baverag(?:e|ed|ing)\b(?:\s+\w+){0,3}\s*[$(–−-]*\s*$|\ban\s+average\s+of\s+[$]?\s*$)", RegexOptions.CultureInvariant)]
    private static partial Regex Averaged();

    [GeneratedRegex(@"(?i:\b(?:the\s+(?:following|next)\s+year|a\s+year\s+later|the\s+year\s+after)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex FollowingYear();

    [GeneratedRegex(@"(?i:\b(?:every|each|per|a)\s+(?:day|week|month)\b|\b(?:daily|weekly|monthly)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex PerDayWeekOrMonth();

    [GeneratedRegex(@"(?i:\b(?:past|last|previous|recent)\s+(?:\w+\s+)?(?:years|decades|months)\b|\bto\s+date\b|\bso\s+far\b|\bcumulative(?:ly)?\b|\baccumulated\b|\bin\s+total\b)", RegexOptions.CultureInvariant)]
    private static partial Regex SpanNotDated();

    [GeneratedRegex(@"(?i:\bfrom\s+(?:about\s+|nearly\s+)?[$]?\s*[0-9][0-9.,]*\s*(?:(?:thousand|million|billion|bn)\s+)?(?:USD\s+)?to\s+[$]?\s*$)", RegexOptions.CultureInvariant)]
    private static partial Regex FromTo();

    /// <summary>A relative clause set off by commas (", which had been $3 billion in 2015,").</summary>
    [GeneratedRegex(@",\s+(?:which|who|whose|when)\b[^,;]*,", RegexOptions.CultureInvariant)]
    private static partial Regex Aside();

    /// <summary>What may stand between an amount and its own date: "in", "during", "for", "over", "the", an opening bracket.</summary>
    [GeneratedRegex(@"^\s*\(?\s*(?:(?:in|during|for|over|throughout)\s+)?(?:the\s+)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AttachedDate();

    [GeneratedRegex(@";|,\s+(?:and|but|while|whereas)\s|\s[–—]\s|\.\s", RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBreak();
}
