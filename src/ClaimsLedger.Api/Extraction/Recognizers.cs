using System.Globalization;
using System.Text.RegularExpressions;
using ClaimsLedger.Common;

namespace ClaimsLedger.Extraction;

public enum QuantityKind { Count, Money, Percent, Ordinal }

/// <summary>
/// A number as printed, resolved: a value (or a low–high range) in the unit of its scale ("7 billion" is 7, billion).
/// Positions are absolute character offsets in the article.
/// </summary>
public sealed record Quantity(int Start, int End, QuantityKind Kind, decimal? Value, decimal? Low, decimal? High, string Scale, string Text)
{
    public bool IsRange => Low is not null && High is not null;
    /// <summary>A fraction written in words ("a third"): a change figure only when no percentage says it in digits.</summary>
    public bool IsFraction { get; init; }
    /// <summary>"tens of thousands": a range read from words.</summary>
    public bool IsVague { get; init; }
}

public enum TimeKind { Day, Month, Year, DaySpan, MonthSpan, YearSpan, Since, Target, Current, Era }

/// <summary>
/// A date or period as printed, resolved against the article's publication date: <see cref="From"/> and <see cref="To"/>
/// are partial dates (the precision is the form). <see cref="IsBase"/> marks a period something is compared against
/// ("against 2019", "over the same period in 2020").
/// </summary>
public sealed record TimeMention(int Start, int End, TimeKind Kind, PartialDate From, PartialDate To, string Text)
{
    public bool IsBase { get; init; }
    /// <summary>The year was not printed: it came from the publication date or the sentence's other dates.</summary>
    public bool YearInferred { get; init; }

    /// <summary>The ledger's period form: 2021, 2021-04, 2021-04-30, 2021-01..2021-09, 2017..2021, by-2030.</summary>
    public string Period => Kind switch
    {
        TimeKind.Target => $"by-{To.Year:D4}",
        TimeKind.Day or TimeKind.Month or TimeKind.Year or TimeKind.Current => From.ToString(),
        _ when From == To => From.ToString(),
        _ when From.Precision == To.Precision => $"{From}..{To}",
        // A span whose ends differ in precision (28 February – 2 March 2001) is known only to their common precision.
        _ => Common(From, To),
    };

    /// <summary>The date a status or step is known to: a span of days within one month is that month; across months, the year.</summary>
    public string DateOf => Kind switch
    {
        TimeKind.Day or TimeKind.Month or TimeKind.Year => From.ToString(),
        TimeKind.DaySpan or TimeKind.MonthSpan when From.Year == To.Year && From.Month == To.Month => new PartialDate(From.Year, From.Month, null).ToString(),
        TimeKind.DaySpan or TimeKind.MonthSpan or TimeKind.YearSpan when From.Year == To.Year => From.Year.ToString("D4", CultureInfo.InvariantCulture),
        TimeKind.Current => From.ToString(),
        _ => From.ToString(),
    };

    private static string Common(PartialDate a, PartialDate b) =>
        a.Year != b.Year ? $"{a.Year:D4}..{b.Year:D4}"
        : a.Month != b.Month ? a.Year.ToString("D4", CultureInfo.InvariantCulture)
        : new PartialDate(a.Year, a.Month, null).ToString();
}

/// <summary>
/// Numbers, amounts of money, percentages, ordinals, dates and periods in English news text.
/// <para>
/// The issue asked for Microsoft.Recognizers.Text here; its packages restore only with Microsoft.Recognizers.Definitions
/// and vswhere, which the package source does not have (NU1101), so this class does the same job by the same contract:
/// given a piece of text it returns typed, resolved mentions with their positions (the framing rules read a number
/// themselves only inside a few fixed phrases such as "Israel (19%)" or "ranked 25th among"). Swapping in the library later touches this file only (see docs/extraction.md).
/// </para>
/// </summary>
public static partial class Recognizers
{
    private const string Number = @"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?";
    private const string WordNumber = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|one hundred|a dozen";
    private const string Month = "January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept\\.|Sep\\.|Oct\\.|Nov\\.|Dec\\.";
    private const string Year = @"(?:1[89]\d\d|20\d\d)";

    private static readonly Dictionary<string, int> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
        ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16,
        ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50,
        ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90, ["a hundred"] = 100, ["one hundred"] = 100, ["a dozen"] = 12,
    };

    private static readonly Dictionary<string, int> OrdinalWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["first"] = 1, ["second"] = 2, ["third"] = 3, ["fourth"] = 4, ["fifth"] = 5, ["sixth"] = 6, ["seventh"] = 7, ["eighth"] = 8,
        ["ninth"] = 9, ["tenth"] = 10, ["eleventh"] = 11, ["twelfth"] = 12, ["fifteenth"] = 15, ["twentieth"] = 20, ["thirtieth"] = 30,
        ["fortieth"] = 40, ["fiftieth"] = 50, ["sixtieth"] = 60, ["seventieth"] = 70, ["hundredth"] = 100,
    };

    /// <summary>An ordinal as digits or words ("25th", "tenth"), or null.</summary>
    public static int? OrdinalValue(string text)
    {
        text = text.Trim();
        if (OrdinalWords.TryGetValue(text, out var n)) return n;
        var m = OrdinalDigits().Match(text);
        return m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out n) ? n : null;
    }

    public static int? CardinalValue(string text)
    {
        text = text.Trim();
        if (Words.TryGetValue(text, out var n)) return n;
        return int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out n) ? n : null;
    }

    private static readonly Dictionary<string, string> ScaleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["thousand"] = "thousand", ["million"] = "million", ["mln"] = "million", ["billion"] = "billion", ["bln"] = "billion", ["bn"] = "billion",
    };

    /// <summary>Every quantity in <paramref name="text"/>[start..end), numbers that are only years left out.</summary>
    public static List<Quantity> Quantities(string text, int start, int end)
    {
        var found = new List<Quantity>();
        var segment = text[start..end];

        foreach (Match m in QuantityPattern().Matches(segment))
        {
            var q = ReadQuantity(m, start);
            if (q is not null) found.Add(q);
        }

        foreach (Match m in VaguePattern().Matches(segment))
        {
            var (low, high) = m.Groups["w"].Value.ToLowerInvariant() switch
            {
                "tens of thousands" => (10_000m, 99_999m),
                "hundreds of thousands" => (100_000m, 999_999m),
                "thousands" => (1_000m, 9_999m),
                "hundreds" => (100m, 999m),
                "dozens" => (24m, 99m),
                _ => (0m, 0m),
            };
            if (high > 0) Add(found, new Quantity(start + m.Index, start + m.Index + m.Length, QuantityKind.Count, null, low, high, "one", m.Value) { IsVague = true });
        }

        foreach (Match m in FractionPattern().Matches(segment))
        {
            var value = m.Groups["f"].Value.ToLowerInvariant() switch { "a third" or "one third" => 33.3m, "a quarter" or "one quarter" => 25m, "half" => 50m, "two thirds" => 66.7m, _ => 0m };
            Add(found, new Quantity(start + m.Index, start + m.Index + m.Length, QuantityKind.Percent, value, null, null, "one", m.Value) { IsFraction = true });
        }

        foreach (Match m in OrdinalPattern().Matches(segment))
        {
            var value = OrdinalValue(m.Value);
            if (value is not null) Add(found, new Quantity(start + m.Index, start + m.Index + m.Length, QuantityKind.Ordinal, value, null, null, "one", m.Value));
        }

        foreach (Match m in TimesPattern().Matches(segment))
        {
            var value = m.Groups["w"].Value.ToLowerInvariant() switch { "once" => 1, "twice" => 2, "thrice" => 3, _ => 0 };
            if (value > 0) Add(found, new Quantity(start + m.Index, start + m.Index + m.Length, QuantityKind.Count, value, null, null, "one", m.Value));
        }

        return found.OrderBy(q => q.Start).ToList();
    }

    private static void Add(List<Quantity> found, Quantity q)
    {
        if (!found.Any(f => f.Start < q.End && q.Start < f.End)) found.Add(q);
    }

    private static Quantity? ReadQuantity(Match m, int offset)
    {
        var n1 = Parse(m.Groups["n1"].Value);
        if (n1 is null) return null;
        var n2 = m.Groups["n2"].Success ? Parse(m.Groups["n2"].Value) : null;
        var scale = m.Groups["scale"].Success ? ScaleWords[m.Groups["scale"].Value] : "one";
        var money = m.Groups["cur1"].Success || m.Groups["cur2"].Success;
        var percent = m.Groups["pct"].Success;
        var negative = m.Groups["neg"].Success;
        var isWord = !char.IsDigit(m.Groups["n1"].Value[0]);

        // A bare four-digit number in the range of years is a year, not a quantity ("in 2021", "ARMY 2022", "2001-2021").
        bool YearLike(string s, decimal? v) => s.Length == 4 && !s.Contains(',') && !s.Contains('.') && v is >= 1800 and <= 2100;
        if (!money && !percent && scale == "one" && YearLike(m.Groups["n1"].Value, n1) && (n2 is null || YearLike(m.Groups["n2"].Value, n2))) return null;
        if (isWord && !percent && !money && scale == "one" && !m.Groups["times"].Success && !m.Groups["noun"].Success) return null;

        var kind = money ? QuantityKind.Money : percent ? QuantityKind.Percent : QuantityKind.Count;
        var start = offset + m.Index;
        var end = offset + m.Index + m.Length;
        if (m.Groups["noun"].Success) end = offset + m.Groups["noun"].Index; // the noun is looked at, not part of the number
        if (n2 is not null && n2 > n1)
            return new Quantity(start, end, kind, null, n1, n2, scale, m.Value[..(end - start)]);
        var value = negative ? -n1 : n1;
        return new Quantity(start, end, kind, value, null, null, scale, m.Value[..(end - start)]);
    }

    private static decimal? Parse(string s)
    {
        if (Words.TryGetValue(s, out var w)) return w;
        return decimal.TryParse(s, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    // ---------------------------------------------------------------- dates and periods

    /// <summary>
    /// Every date and period in <paramref name="text"/>[start..end), resolved: a year left out takes the sentence's own
    /// year ("last year ... June 19-20") or the publication year; "this year", "last year", "currently", "this April",
    /// "the first nine months of this year" and "January–November" are resolved against the publication date.
    /// </summary>
    public static List<TimeMention> Times(string text, int start, int end, PartialDate published)
    {
        var segment = text[start..end];
        var found = new List<TimeMention>();
        var pubYear = published.Year;

        // The year the sentence speaks of, for dates printed without one: an explicit "last year"/"this year" or a printed year.
        int? sentenceYear = null;
        var rel = RelativeYear().Match(segment);
        if (rel.Success) sentenceYear = pubYear + RelativeOffset(rel.Value);
        else if (InYear().Match(segment) is { Success: true } inYear) sentenceYear = int.Parse(inYear.Groups["y"].Value, CultureInfo.InvariantCulture);

        int YearFor(Group y, int month, out bool inferred)
        {
            inferred = !y.Success;
            if (y.Success) return int.Parse(y.Value, CultureInfo.InvariantCulture);
            if (sentenceYear is { } sy) return sy;
            // A month after the publication month, with no year, is last year's ("in December" written in March).
            return published.Month is { } pm && month > pm + 1 ? pubYear - 1 : pubYear;
        }

        void Take(Match m, TimeKind kind, PartialDate from, PartialDate to, bool inferred = false, int? matchEnd = null)
        {
            var s = start + m.Index;
            var e = matchEnd is { } me ? start + me : s + m.Length;
            if (found.Any(f => f.Start < e && s < f.End)) return;
            var isBase = BaseCue().IsMatch(text[Math.Max(start, s - 30)..s]) || m.Value.Contains("same period", StringComparison.OrdinalIgnoreCase);
            found.Add(new TimeMention(s, e, kind, from, to, text[s..e]) { IsBase = isBase, YearInferred = inferred });
        }

        foreach (Match m in DaySpanAcrossMonths().Matches(segment))
        {
            var m1 = MonthNumber(m.Groups["m1"].Value); var m2 = MonthNumber(m.Groups["m2"].Value);
            var y = YearFor(m.Groups["y"], m1, out var inferred);
            if (TryDay(y, m1, m.Groups["d1"].Value, out var a) && TryDay(y, m2, m.Groups["d2"].Value, out var b)) Take(m, TimeKind.DaySpan, a, b, inferred);
        }
        foreach (Match m in DaySpanInMonth().Matches(segment))
        {
            var mo = MonthNumber(m.Groups["m"].Value);
            var y = YearFor(m.Groups["y"], mo, out var inferred);
            if (TryDay(y, mo, m.Groups["d1"].Value, out var a) && TryDay(y, mo, m.Groups["d2"].Value, out var b)) Take(m, TimeKind.DaySpan, a, b, inferred);
        }
        foreach (Match m in DayMonthYear().Matches(segment))
        {
            var mo = MonthNumber(m.Groups["m"].Value);
            var y = YearFor(m.Groups["y"], mo, out var inferred);
            if (m.Groups["rel"].Success) { y = pubYear + RelativeOffset(m.Groups["rel"].Value); inferred = false; }
            if (TryDay(y, mo, m.Groups["d"].Value, out var d)) Take(m, TimeKind.Day, d, d, inferred);
        }
        foreach (Match m in DayFirst().Matches(segment))
        {
            var mo = MonthNumber(m.Groups["m"].Value);
            if (TryDay(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), mo, m.Groups["d"].Value, out var d)) Take(m, TimeKind.Day, d, d);
        }
        foreach (Match m in FirstMonths().Matches(segment))
        {
            var n = CardinalValue(m.Groups["n"].Value);
            var when = m.Groups["when"].Value;
            var y = int.TryParse(when, out var printed) ? printed : pubYear + RelativeOffset(when);
            if (n is >= 1 and <= 12) Take(m, TimeKind.MonthSpan, new PartialDate(y, 1, null), new PartialDate(y, n, null), !char.IsDigit(when[0]));
        }
        foreach (Match m in MonthSpan().Matches(segment))
        {
            var m1 = MonthNumber(m.Groups["m1"].Value); var m2 = MonthNumber(m.Groups["m2"].Value);
            if (m2 <= m1) continue;
            int y;
            var inferred = false;
            if (m.Groups["y"].Success) y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            else if (sentenceYear is { } sy) y = sy;
            else
            {
                // "January–November" with no year: the latest such span that had ended when the article appeared.
                inferred = true;
                y = published.Month is { } pm && m2 < pm ? pubYear : pubYear - 1;
                if (published.Month is null) y = pubYear - 1;
            }
            Take(m, TimeKind.MonthSpan, new PartialDate(y, m1, null), new PartialDate(y, m2, null), inferred);
        }
        foreach (Match m in SamePeriod().Matches(segment))
        {
            var when = m.Groups["when"].Value;
            var y = int.TryParse(when, out var printed) ? printed : pubYear + RelativeOffset(when);
            // The months are filled in by the figure it is compared with; the year is what this mention says.
            Take(m, TimeKind.Year, new PartialDate(y, null, null), new PartialDate(y, null, null));
        }
        foreach (Match m in RelativeMonth().Matches(segment))
        {
            var mo = MonthNumber(m.Groups["m"].Value);
            var y = pubYear + RelativeOffset(m.Groups["rel"].Value);
            Take(m, TimeKind.Month, new PartialDate(y, mo, null), new PartialDate(y, mo, null), inferred: true);
        }
        foreach (Match m in MonthYear().Matches(segment))
        {
            var mo = MonthNumber(m.Groups["m"].Value);
            var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            Take(m, TimeKind.Month, new PartialDate(y, mo, null), new PartialDate(y, mo, null));
        }
        foreach (Match m in InMonth().Matches(segment))
        {
            var mo = MonthNumber(m.Groups["m"].Value);
            var y = YearFor(m.Groups["y"], mo, out var inferred);
            Take(m, TimeKind.Month, new PartialDate(y, mo, null), new PartialDate(y, mo, null), inferred);
        }
        foreach (Match m in YearSpan().Matches(segment))
        {
            var a = int.Parse(m.Groups["y1"].Value, CultureInfo.InvariantCulture);
            var b = m.Groups["y2"].Value.Length == 2 ? a / 100 * 100 + int.Parse(m.Groups["y2"].Value, CultureInfo.InvariantCulture) : int.Parse(m.Groups["y2"].Value, CultureInfo.InvariantCulture);
            if (b > a) Take(m, TimeKind.YearSpan, new PartialDate(a, null, null), new PartialDate(b, null, null));
        }
        foreach (Match m in Since().Matches(segment))
        {
            var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            if (y < pubYear) Take(m, TimeKind.Since, new PartialDate(y, null, null), new PartialDate(pubYear, null, null));
        }
        foreach (Match m in Target().Matches(segment))
        {
            var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            Take(m, TimeKind.Target, new PartialDate(y, null, null), new PartialDate(y, null, null));
        }
        foreach (Match m in RelativeYear().Matches(segment))
        {
            var y = pubYear + RelativeOffset(m.Value);
            Take(m, TimeKind.Year, new PartialDate(y, null, null), new PartialDate(y, null, null), inferred: true);
        }
        foreach (Match m in Now().Matches(segment))
            Take(m, TimeKind.Current, published, published, inferred: true);
        foreach (Match m in BareYear().Matches(segment))
        {
            var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            Take(m, TimeKind.Year, new PartialDate(y, null, null), new PartialDate(y, null, null));
        }
        foreach (Match m in SovietEra().Matches(segment))
            // Soviet–Vietnamese relations: from diplomatic relations (30 January 1950) to the end of the USSR (1991).
            Take(m, TimeKind.Era, new PartialDate(1950, null, null), new PartialDate(1991, null, null));

        return found.OrderBy(t => t.Start).ToList();
    }

    private static int RelativeOffset(string text)
    {
        var t = text.ToLowerInvariant();
        return t.Contains("last") || t.Contains("past") || t.Contains("previous") ? -1 : t.Contains("next") || t.Contains("coming") ? 1 : 0;
    }

    private static bool TryDay(int year, int month, string day, out PartialDate date) =>
        PartialDate.TryParse($"{year:D4}-{month:D2}-{int.Parse(day, CultureInfo.InvariantCulture):D2}", out date);

    public static int MonthNumber(string name) => name[..3].ToLowerInvariant() switch
    {
        "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
        "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, _ => 12,
    };

    // Quantities: an optional sign, an optional currency, a number or a range, a scale, a percent sign or a currency after.
    [GeneratedRegex(@"(?<neg>(?<=^|[\s(])[–−-]\s?)?(?<cur1>US\$|\$|USD\s?|US dollars\s)?(?<![\w.,]|\w[-–])(?<n1>" + Number + @"|(?i:" + WordNumber + @"))(?![\w]|[.,]\d)(?:\s?[-–]\s?(?<cur2>\$)?(?<n2>" + Number + @")(?![\w]|[.,]\d))?(?:\s?(?<scale>thousand|million|billion|mln|bln|bn)\b)?(?:\s?(?<pct>%|percent\b|per cent\b)|\s(?<cur2>USD|US dollars|dollars)\b)?(?<times>\s+times\b)?(?:\s(?<noun>(?:[\w-]+\s){0,2}?(?:people|students|projects|scholarships|officers|experts|specialists|countries|visits|tourists|enterprises|companies|persons|workers)\b))?", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(@"\b(?<w>(?i:tens of thousands|hundreds of thousands|thousands|hundreds|dozens))\s+of\b", RegexOptions.CultureInvariant)]
    private static partial Regex VaguePattern();

    [GeneratedRegex(@"(?<=\bby\s)(?<f>(?i:a third|one third|a quarter|one quarter|half|two thirds))\b", RegexOptions.CultureInvariant)]
    private static partial Regex FractionPattern();

    [GeneratedRegex(@"(?<![\w-])\d{1,3}(?:st|nd|rd|th)\b|\b(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|fifteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|hundredth)\b", RegexOptions.CultureInvariant)]
    private static partial Regex OrdinalPattern();

    [GeneratedRegex(@"^(\d+)(?:st|nd|rd|th)$", RegexOptions.CultureInvariant)]
    private static partial Regex OrdinalDigits();

    [GeneratedRegex(@"\b(?<w>(?i:once|twice|thrice))\b", RegexOptions.CultureInvariant)]
    private static partial Regex TimesPattern();

    [GeneratedRegex(@"(?i:against|compared (?:with|to)|over|from|than|versus|vs\.?)\s+(?:the\s+)?(?:same\s+period\s+(?:in|of)\s+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex BaseCue();

    [GeneratedRegex(@"(?i:from\s+)?(?<m1>" + Month + @")\s(?<d1>\d{1,2})\s?(?:to|-|–|until)\s?(?<m2>" + Month + @")\s(?<d2>\d{1,2})(?:,?\s(?<y>" + Year + @"))?\b", RegexOptions.CultureInvariant)]
    private static partial Regex DaySpanAcrossMonths();

    [GeneratedRegex(@"(?i:from\s+)?(?<m>" + Month + @")\s(?<d1>\d{1,2})\s?(?:-|–|to)\s?(?<d2>\d{1,2})(?!\d)(?:,?\s(?<y>" + Year + @"))?", RegexOptions.CultureInvariant)]
    private static partial Regex DaySpanInMonth();

    [GeneratedRegex(@"(?<m>" + Month + @")\s(?<d>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:,?\s(?<y>" + Year + @")\b|\s(?<rel>(?i:this|last|next)\syear))?", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"\b(?<d>\d{1,2})\s(?<m>" + Month + @"),?\s(?<y>" + Year + @")\b", RegexOptions.CultureInvariant)]
    private static partial Regex DayFirst();

    [GeneratedRegex(@"(?i:(?:in\s)?the\s)?(?i:first)\s(?<n>\w+)\s(?i:months)\s(?i:of)\s(?<when>" + Year + @"|(?i:this|last|the\s+past|the\s+current)\s+year)", RegexOptions.CultureInvariant)]
    private static partial Regex FirstMonths();

    [GeneratedRegex(@"(?<m1>" + Month + @")\s?(?:-|–|—|to|through)\s?(?<m2>" + Month + @")(?:\s(?i:period))?(?:,?\s(?:of\s)?(?<y>" + Year + @")\b)?", RegexOptions.CultureInvariant)]
    private static partial Regex MonthSpan();

    [GeneratedRegex(@"(?i:the\s)?(?i:same\s+period)\s(?:(?i:in|of)\s(?<when>" + Year + @")\b|(?<when>(?i:last\s+year|of\s+the\s+previous\s+year|a\s+year\s+earlier)))", RegexOptions.CultureInvariant)]
    private static partial Regex SamePeriod();

    [GeneratedRegex(@"\b(?<rel>(?i:this|last|next|the\s+past))\s(?<m>" + Month + @")\b", RegexOptions.CultureInvariant)]
    private static partial Regex RelativeMonth();

    [GeneratedRegex(@"(?<m>" + Month + @"),?\s(?:of\s)?(?<y>" + Year + @")\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthYear();

    [GeneratedRegex(@"\b(?i:in|since|until|by)\s(?<m>" + Month + @")\b(?:\s(?<y>" + Year + @"))?", RegexOptions.CultureInvariant)]
    private static partial Regex InMonth();

    [GeneratedRegex(@"(?:(?i:between)\s(?<y1>" + Year + @")\s(?i:and)\s(?<y2>" + Year + @")\b)|(?:(?i:from\s)?(?<![\w-])(?<y1>" + Year + @")\s?(?:-|–|—|(?i:to|until|through))\s?(?<y2>" + Year + @"|\d\d)(?![\w-]))", RegexOptions.CultureInvariant)]
    private static partial Regex YearSpan();

    [GeneratedRegex(@"\b(?i:since)\s(?:(?i:the\s+(?:beginning|start)\s+of\s+)?(?i:the\s+))?(?<y>" + Year + @")s?\b", RegexOptions.CultureInvariant)]
    private static partial Regex Since();

    [GeneratedRegex(@"\b(?i:by)\s(?:(?i:the\s+end\s+of\s+))?(?<y>20\d\d)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Target();

    [GeneratedRegex(@"\b(?i:this\syear|last\syear|next\syear|the\spast\syear|the\sprevious\syear|the\scurrent\syear|the\scoming\syear)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RelativeYear();

    [GeneratedRegex(@"\b(?i:currently|nowadays|now|today|at\spresent|presently|at\sthe\smoment|as\sof\snow)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Now();

    [GeneratedRegex(@"(?<![\w-])(?<y>" + Year + @")(?![\w-]|s\b)", RegexOptions.CultureInvariant)]
    private static partial Regex BareYear();

    [GeneratedRegex(@"\b(?i:in)\s(?<y>" + Year + @")\b(?![-–])", RegexOptions.CultureInvariant)]
    private static partial Regex InYear();

    [GeneratedRegex(@"\bSoviet\b", RegexOptions.CultureInvariant)]
    private static partial Regex SovietEra();
}
