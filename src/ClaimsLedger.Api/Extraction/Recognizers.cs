using System.Globalization;
using System.Text.RegularExpressions;
using ClaimsLedger.Common;
using Microsoft.Recognizers.Text;
using Microsoft.Recognizers.Text.Number;
using Microsoft.Recognizers.Text.NumberWithUnit;
using Microsoft.Recognizers.Text.DateTime;
using StringComparer = System.StringComparer;

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
/// Microsoft.Recognizers.Text finds and values them ("a dozen", "4.85 billion USD", "5.5 per cent", "the first half of
/// 2023"); this class frames what it finds the way the ledger writes a figure: a value in the unit of its scale ("7
/// billion" is 7, billion), ranges ("30-40%", "$4-5 billion"), a sign printed apart ("– 35.9%"), the year of a date
/// printed without one, and it drops what is not a quantity here: years, parts of names ("COVID-19", "Su-30"), and
/// numbers in words that count nothing ("one of the").
/// </para>
/// </summary>
public static partial class Recognizers
{
    private const string Month = "January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept\\.|Sep\\.|Oct\\.|Nov\\.|Dec\\.";
    // [0-9], not \d, in the patterns: see PartialDate.Shape.
    private const string Year = @"(?:1[89][0-9][0-9]|20[0-9][0-9])";

    /// <summary>The library's models, built on first use: each compiles many regular expressions (about half a second).</summary>
    private static class Models
    {
        public static readonly IModel Number = new NumberRecognizer(Culture.English).GetNumberModel();
        public static readonly IModel Ordinal = new NumberRecognizer(Culture.English).GetOrdinalModel();
        public static readonly IModel Percentage = new NumberRecognizer(Culture.English).GetPercentageModel();
        public static readonly IModel Currency = new NumberWithUnitRecognizer(Culture.English).GetCurrencyModel();
        public static readonly DateTimeModel DateTime = (DateTimeModel)new DateTimeRecognizer(Culture.English).GetDateTimeModel();
    }

    /// <summary>
    /// The library's models slow down more than in proportion to the length of what they read (a 99,000-character text
    /// with no sentence break took 173 s to extract read whole, 13 s in windows), so they read a sentence at most this
    /// long at once, cut after a space.
    /// </summary>
    private const int Window = 500;

    /// <summary>
    /// The text with another script's decimal digits (and the Arabic decimal and thousands separators) written as ASCII,
    /// one character for one, so positions hold: the library reads ASCII digits only, and valued "٤٫٥ billion" at 0.
    /// </summary>
    private static string AsciiDigits(string segment) =>
        string.Create(segment.Length, segment, static (written, read) =>
        {
            for (var i = 0; i < read.Length; i++)
                written[i] = read[i] switch
                {
                    '\u066B' => '.',
                    '\u066C' => ',',
                    > '\u007F' and var c when char.IsDigit(c) => (char)('0' + (int)char.GetNumericValue(c)),
                    var c => c,
                };
        });

    /// <summary>What a model finds in <paramref name="segment"/>, read window by window, positions in the segment.</summary>
    private static IEnumerable<ModelResult> Find(string segment, Func<string, IEnumerable<ModelResult>> parse)
    {
        for (var at = 0; at < segment.Length;)
        {
            var length = Math.Min(Window, segment.Length - at);
            var cut = segment.LastIndexOf(' ', at + length - 1, length);
            if (at + length < segment.Length && cut > at) length = cut - at + 1;
            foreach (var r in parse(segment.Substring(at, length)))
            {
                r.Start += at;
                r.End += at;
                yield return r;
            }
            at += length;
        }
    }

    /// <summary>An ordinal as digits or words ("25th", "tenth"), or null.</summary>
    public static int? OrdinalValue(string text) =>
        Models.Ordinal.Parse(text.Trim()).FirstOrDefault(r => r.TypeName == "ordinal") is { } r ? Whole(Value(r)) : null;

    /// <summary>A whole number as digits or words ("4", "seven", "1,000"), or null.</summary>
    public static int? CardinalValue(string text) =>
        Models.Number.Parse(text.Trim()).FirstOrDefault() is { } r ? Whole(Value(r)) : null;

    /// <summary>A whole number that fits a count; null for a fraction, or for one past it ("99999999999 countries" was a 500).</summary>
    private static int? Whole(decimal? value) =>
        value is { } v && v == decimal.Truncate(v) && v is >= int.MinValue and <= int.MaxValue ? (int)v : null;

    /// <summary>A scale word as printed: the ledger's name for it and its factor.</summary>
    private static readonly Dictionary<string, (string Name, decimal Factor)> Scales = new(StringComparer.OrdinalIgnoreCase)
    {
        ["thousand"] = ("thousand", 1e3m), ["million"] = ("million", 1e6m), ["mln"] = ("million", 1e6m),
        ["billion"] = ("billion", 1e9m), ["bln"] = ("billion", 1e9m), ["bn"] = ("billion", 1e9m),
    };

    /// <summary>Every quantity in <paramref name="text"/>[start..end), numbers that are only years left out.</summary>
    public static List<Quantity> Quantities(string text, int start, int end)
    {
        var segment = AsciiDigits(text[start..end]);
        var found = new List<Quantity>();

        // Money before percentages before bare numbers: a number inside "$7 billion" or "35.9%" is that, not a count.
        var raw = new List<(int Start, int End, QuantityKind Kind, decimal Value)>();
        var otherMoney = new List<(int Start, int End)>();
        foreach (var (model, kind) in new[] { (Models.Currency, QuantityKind.Money), (Models.Percentage, QuantityKind.Percent), (Models.Number, QuantityKind.Count) })
        {
            foreach (var r in Find(segment, model.Parse))
            {
                if (raw.Any(o => o.Start <= r.End && r.Start < o.End) || otherMoney.Any(o => Touch(segment, o, (r.Start, r.End)))) continue;
                // The ledger's amounts are in US dollars: "300 billion rubles", "€4 billion" or "VND 5 trillion" is no such
                // figure, and its number no count either. ("per cent" is the library's cent, a percentage here.)
                if (kind == QuantityKind.Money && !InDollars(r))
                {
                    if (r.Resolution?.GetValueOrDefault("unit") as string != "Cent") otherMoney.Add((r.Start, r.End));
                    continue;
                }
                if (Value(r) is not { } value) continue;
                if (kind == QuantityKind.Count && r.Resolution?.GetValueOrDefault("subtype") as string == "fraction")
                {
                    // "fell by a third": a change said in words. Elsewhere "a third" is an ordinal or nothing.
                    if (FractionCue().IsMatch(segment[..r.Start]))
                        Add(found, new Quantity(start + r.Start, start + r.End + 1, QuantityKind.Percent, Math.Round(value * 100, 1), null, null, "one", r.Text) { IsFraction = true });
                    continue;
                }
                // "5 and a half billion dollars": the library reads "a half billion dollars" alone.
                if (r.Text.StartsWith("a half ", StringComparison.OrdinalIgnoreCase) && AndAHalf().Match(segment[..r.Start]) is { Success: true } whole)
                {
                    // Where the whole number is already another quantity's ("$5 and a half billion"), neither reading is sure: none.
                    if (!raw.Any(o => o.Start <= r.End && whole.Index < o.End))
                        raw.Add((whole.Index, r.End + 1, kind, value * (2 * decimal.Parse(whole.Groups["n"].Value, CultureInfo.InvariantCulture) + 1)));
                    continue;
                }
                raw.Add((r.Start, r.End + 1, kind, value));
            }
        }
        // A bare four-digit number in the range of years is a year, not a quantity ("in 2021", "ARMY 2022", "2001-2021").
        raw.RemoveAll(r => r.Kind == QuantityKind.Count && r.End - r.Start == 4 && segment[r.Start..r.End].All(char.IsDigit) && r.Value is >= 1800 and <= 2100);
        raw.Sort((x, y) => x.Start.CompareTo(y.Start));

        for (var i = 0; i < raw.Count; i++)
        {
            var (s, e, kind, value) = raw[i];
            // "30-40%", "$4-5 billion", "60,000 - 80,000": a number joined by a dash to a larger one is the low end of a range,
            // in the high end's scale when it prints none of its own.
            if (i + 1 < raw.Count && RangeDash().IsMatch(segment[e..raw[i + 1].Start]) && raw[i + 1].Value > value)
            {
                var high = raw[++i];
                var lowFactor = ScaleOf(segment, s, e).Factor;
                var highFactor = ScaleOf(segment, high.Start, high.End).Factor;
                if (lowFactor != 1 && !HoldsInScale(value, highFactor)) continue;
                var low = lowFactor == 1 ? value : value / highFactor;
                var rangeKind = kind == QuantityKind.Money || high.Kind == QuantityKind.Money ? QuantityKind.Money : high.Kind;
                if (Frame(segment, start, s, high.End, rangeKind, high.Value, low) is { } range) Add(found, range);
                continue;
            }
            if (Frame(segment, start, s, e, kind, value, null) is { } single) Add(found, single);
        }

        foreach (Match m in VaguePattern().Matches(segment))
        {
            var (vlow, vhigh) = m.Groups["w"].Value.ToLowerInvariant() switch
            {
                "tens of thousands" => (10_000m, 99_999m),
                "hundreds of thousands" => (100_000m, 999_999m),
                "thousands" => (1_000m, 9_999m),
                "hundreds" => (100m, 999m),
                "dozens" => (24m, 99m),
                _ => (0m, 0m),
            };
            if (vhigh > 0) Add(found, new Quantity(start + m.Index, start + m.Index + m.Length, QuantityKind.Count, null, vlow, vhigh, "one", m.Value) { IsVague = true });
        }

        foreach (var r in Find(segment, Models.Ordinal.Parse))
            if (r.TypeName == "ordinal" && Value(r) is { } n && !NamePart(segment, r.Start, r.End + 1))
                Add(found, new Quantity(start + r.Start, start + r.End + 1, QuantityKind.Ordinal, n, null, null, "one", r.Text));

        foreach (Match m in TimesPattern().Matches(segment))
        {
            var value = m.Groups["w"].Value.ToLowerInvariant() switch { "once" => 1, "twice" => 2, "thrice" => 3, _ => 0 };
            if (value > 0) Add(found, new Quantity(start + m.Index, start + m.Index + m.Length, QuantityKind.Count, value, null, null, "one", m.Value));
        }

        return found.OrderBy(q => q.Start).ToList();
    }

    /// <summary>One quantity as the ledger writes it, or null for a number that is not one (part of a name, a word that counts nothing).</summary>
    private static Quantity? Frame(string segment, int offset, int s, int e, QuantityKind kind, decimal value, decimal? low)
    {
        if (NamePart(segment, s, e)) return null;
        var printed = segment[s..e];
        // The scale printed last is the value's: in a range it is the high end's ("$4-5 billion", "400 million-1 billion").
        var (scale, factor) = ScaleOf(segment, s, e);
        // A scale the library does not read ("$5 bn", "3 mln") follows the number.
        if (factor == 1 && ScaleAfter().Match(segment[e..]) is { Success: true } after)
        {
            scale = Scales[after.Groups["scale"].Value].Name;
            e += after.Length;
        }
        if (!HoldsInScale(value, factor)) return null;
        value /= factor;
        if (kind == QuantityKind.Count && scale == "one")
        {
            var times = TimesAfter().Match(segment[e..]);
            if (!char.IsDigit(printed[0]) && !times.Success && !CountedNoun().IsMatch(segment[e..])) return null;
            if (times.Success) e += times.Length;
        }
        if (low is null && Minus().Match(segment[..s]) is { Success: true } minus)
        {
            s = minus.Index;
            value = -value;
        }
        return low is not null
            ? new Quantity(offset + s, offset + e, kind, null, low, value, scale, segment[s..e])
            : new Quantity(offset + s, offset + e, kind, value, null, null, scale, segment[s..e]);
    }

    /// <summary>Whether a value divides by its scale exactly: one past a decimal's 28 places ("$0.000…001 billion") would be rounded to 0.</summary>
    private static bool HoldsInScale(decimal value, decimal factor) => value / factor * factor == value;

    private static (string Name, decimal Factor) ScaleOf(string segment, int s, int e) =>
        ScaleWord().Matches(segment[s..e]).LastOrDefault() is { } m ? Scales[m.Value] : ("one", 1m);

    /// <summary>A number glued to letters or a hyphenated name ("COVID-19", "Su-30MK2", "B2B"): a name, not a quantity; a scale glued on ("$5.5bn") is no name.</summary>
    private static bool NamePart(string segment, int s, int e) =>
        (s > 0 && (char.IsLetterOrDigit(segment[s - 1]) || segment[s - 1] is '.' or ',' || (s > 1 && segment[s - 1] is '-' or '–' && char.IsLetter(segment[s - 2]))))
        || (e < segment.Length && char.IsLetter(segment[e]) && char.IsDigit(segment[e - 1]) && !ScaleAfter().IsMatch(segment[e..]));

    /// <summary>An amount in US dollars: "USD", "US$", or a dollar sign or "dollars" with no other country's named.</summary>
    private static bool InDollars(ModelResult r) =>
        r.Resolution?.GetValueOrDefault("isoCurrency") is string iso ? iso == "USD" : r.Resolution?.GetValueOrDefault("unit") as string == "Dollar";

    /// <summary>Whether two spans overlap or only white space parts them ("VND" and "5 trillion").</summary>
    private static bool Touch(string segment, (int Start, int End) a, (int Start, int End) b) =>
        a.Start <= b.End && b.Start <= a.End
        || (a.End < b.Start && string.IsNullOrWhiteSpace(segment[(a.End + 1)..b.Start]))
        || (b.End < a.Start && string.IsNullOrWhiteSpace(segment[(b.End + 1)..a.Start]));

    /// <summary>The value the library resolves, where a decimal holds it exactly.</summary>
    private static decimal? Value(ModelResult r) =>
        r.Resolution?.GetValueOrDefault("value") is string v && ExactNumber.TryParse(v.TrimEnd('%'), out var d) ? d : null;

    private static void Add(List<Quantity> found, Quantity q)
    {
        if (!found.Any(f => f.Start < q.End && q.Start < f.End)) found.Add(q);
    }

    // ---------------------------------------------------------------- dates and periods

    /// <summary>
    /// Every date and period in <paramref name="text"/>[start..end), resolved against the publication date.
    /// Microsoft.Recognizers.Text finds them and reads their form (a day, a month, a year, a span of them, "by 2030",
    /// "since 2019", "the first nine months of this year", "this April"); what it cannot know is the ledger's: a day or
    /// month printed without its year takes the sentence's own year ("last year ... June 19-20") or else the latest
    /// one the article could mean; "January–November" names November as its last month; "the same period in 2020" and
    /// "currently" are read here, and so is "Soviet", the years of Soviet–Vietnamese relations.
    /// </summary>
    public static List<TimeMention> Times(string text, int start, int end, PartialDate published)
    {
        var segment = AsciiDigits(text[start..end]);
        var found = new List<TimeMention>();
        var pubYear = published.Year;

        // The year the sentence speaks of, for dates printed without one: an explicit "last year"/"this year" or a printed year.
        int? sentenceYear = null;
        var rel = RelativeYear().Match(segment);
        if (rel.Success) sentenceYear = pubYear + RelativeOffset(rel.Value);
        else if (InYear().Match(segment) is { Success: true } inYear) sentenceYear = int.Parse(inYear.Groups["y"].Value, CultureInfo.InvariantCulture);

        int YearOf(int month) =>
            // A month after the publication month, with no year, is last year's ("in December" written in March).
            sentenceYear ?? (published.Month is { } pm && month > pm + 1 ? pubYear - 1 : pubYear);

        void Take(int s, int e, TimeKind kind, PartialDate from, PartialDate to, bool inferred, bool isBase = false)
        {
            if (found.Any(f => f.Start < start + e && start + s < f.End)) return;
            // "the highest since 2015" compares the figure with those years; it is no period the figure is counted over.
            if (kind == TimeKind.Since && SinceCompared().IsMatch(segment[..s])) return;
            isBase |= BaseCue().IsMatch(segment[Math.Max(0, s - 30)..s]);
            found.Add(new TimeMention(start + s, start + e, kind, from, to, segment[s..e]) { IsBase = isBase, YearInferred = inferred });
        }

        foreach (Match m in SamePeriod().Matches(segment))
        {
            var when = m.Groups["when"].Value;
            var yearPrinted = int.TryParse(when, out var printed);
            var y = yearPrinted ? printed : pubYear + RelativeOffset(when);
            // The months are filled in by the figure it is compared with; the year is what this mention says.
            Take(m.Index, m.Index + m.Length, TimeKind.Year, new PartialDate(y, null, null), new PartialDate(y, null, null), inferred: !yearPrinted, isBase: true);
        }
        foreach (Match m in SinceDecade().Matches(segment))
        {
            var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            if (y < pubYear) Take(m.Index, m.Index + m.Length, TimeKind.Since, new PartialDate(y, null, null), new PartialDate(pubYear, null, null), inferred: false);
        }
        // "11 months of 2023", "Q1/2024", "H1 2024": parts of a year the library reads as the whole year, or not at all.
        foreach (Match m in MonthsOfYear().Matches(segment))
        {
            int Number(string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
            var y = Number("y");
            var (first, last) = m.Groups["n"].Success ? (1, CardinalValue(m.Groups["n"].Value) ?? 0)
                : m.Groups["q"].Success ? (3 * Number("q") - 2, 3 * Number("q"))
                : (6 * Number("h") - 5, 6 * Number("h"));
            if (last is >= 1 and <= 11)
                Take(m.Index, m.Index + m.Length, TimeKind.MonthSpan, new PartialDate(y, first, null), new PartialDate(y, last, null), inferred: false);
        }
        // "FY2020": Russia's and Vietnam's fiscal years are calendar years. The library reads no year glued to letters.
        foreach (Match m in FiscalYear().Matches(segment))
        {
            var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            Take(m.Index, m.Index + m.Length, TimeKind.Year, new PartialDate(y, null, null), new PartialDate(y, null, null), inferred: false);
        }
        foreach (Match m in Now().Matches(segment))
            Take(m.Index, m.Index + m.Length, TimeKind.Current, published, published, inferred: true);

        var reference = new DateTime(pubYear, published.Month ?? 7, published.Day ?? 1);
        foreach (var r in Find(segment, window => Models.DateTime.Parse(window, reference)))
        {
            if (r.TypeName is not ("datetimeV2.date" or "datetimeV2.daterange")) continue;
            var s = r.Start;
            var e = r.End + 1;
            // A date must be printed (a digit or a month), or be one relative to the article ("this April", "last year"): "several years ago",
            // "the past years" and "new year" say no date the ledger could record.
            if (!r.Text.Any(char.IsDigit) && !MonthNames().IsMatch(r.Text) && !RelativeDate().IsMatch(r.Text)) continue;
            if (r.Resolution?.GetValueOrDefault("values") is not List<Dictionary<string, string>> { Count: > 0 } values) continue;
            var timex = values[0].GetValueOrDefault("timex") ?? "";
            var mod = values[0].GetValueOrDefault("Mod");
            var inferred = !YearDigits().IsMatch(r.Text);
            // "January 30, 0001": a year printed after the day that the library does not take is no year to guess in its place.
            if (inferred && YearLeftOut().IsMatch(segment[e..])) continue;
            // "April 11 this year": the day takes the year said right after it (read against the publication date, so still inferred).
            if (RelativeYearAfter().Match(segment[e..]) is { Success: true } after && Point().IsMatch(timex))
            {
                timex = $"{pubYear + RelativeOffset(after.Value):D4}{timex[4..]}";
                e += after.Length;
            }
            // "the January–November period"
            if (PeriodWord().Match(segment[e..]) is { Success: true } period) e += period.Length;

            if (Point().Match(timex) is { Success: true } point)
            {
                var month = point.Groups["m"].Success ? int.Parse(point.Groups["m"].Value, CultureInfo.InvariantCulture) : (int?)null;
                var y = point.Groups["y"].Value == "XXXX" ? YearOf(month ?? 1) : int.Parse(point.Groups["y"].Value, CultureInfo.InvariantCulture);
                var date = new PartialDate(y, month, point.Groups["d"].Success ? int.Parse(point.Groups["d"].Value, CultureInfo.InvariantCulture) : null);
                switch (mod)
                {
                    case "before" or "before-end" when month is null:
                        Take(s, e, TimeKind.Target, date, date, inferred);
                        break;
                    case "since" when y < pubYear:
                        Take(s, e, TimeKind.Since, new PartialDate(y, null, null), new PartialDate(pubYear, null, null), inferred);
                        break;
                    case null or "start" or "mid" or "end":
                        Take(s, e, date.Day is not null ? TimeKind.Day : month is not null ? TimeKind.Month : TimeKind.Year, date, date, inferred);
                        break;
                }
            }
            else if (Span().Match(timex) is { Success: true } span && mod is null)
            {
                int Part(string g) => int.Parse(span.Groups[g].Value, CultureInfo.InvariantCulture);
                var (m1, d1, m2, d2) = (Part("m1"), Part("d1"), Part("m2"), Part("d2"));
                var unknownYear = span.Groups["y1"].Value == "XXXX";
                switch (span.Groups["unit"].Value)
                {
                    // A span of years prints them: "the 21st century" is no period a figure is counted over.
                    case "Y" when YearDigits().IsMatch(r.Text):
                        Take(s, e, TimeKind.YearSpan, new PartialDate(Part("y1"), null, null), new PartialDate(Part("y2"), null, null), inferred);
                        break;
                    case "M":
                        // The library ends a span of months on the first day after it; a span that prints its last month
                        // ("January–November") means that month too.
                        var last = MonthNames().Matches(r.Text).LastOrDefault() is { } named && MonthNumber(named.Value) == m2 ? m2 : m2 - 1;
                        if (last < 1) last += 12;
                        int y;
                        if (!unknownYear) y = Part("y1");
                        else if (sentenceYear is { } sy) y = sy;
                        // "January–November" with no year: the latest such span that had ended when the article appeared.
                        else y = published.Month is { } pm && last < pm ? pubYear : pubYear - 1;
                        if (last >= m1) Take(s, e, TimeKind.MonthSpan, new PartialDate(y, m1, null), new PartialDate(y, last, null), inferred);
                        break;
                    case "D":
                        var year = unknownYear ? YearOf(m1) : Part("y1");
                        if (TryDay(year, m1, d1, out var a) && TryDay(year, m2, d2, out var b)) Take(s, e, TimeKind.DaySpan, a, b, inferred);
                        break;
                }
            }
        }
        foreach (Match m in SovietEra().Matches(segment))
            // Soviet–Vietnamese relations: from diplomatic relations (30 January 1950) to the end of the USSR (1991).
            Take(m.Index, m.Index + m.Length, TimeKind.Era, new PartialDate(1950, null, null), new PartialDate(1991, null, null), inferred: false);

        return found.OrderBy(t => t.Start).ToList();
    }

    private static int RelativeOffset(string text)
    {
        var t = text.ToLowerInvariant();
        return t.Contains("last") || t.Contains("past") || t.Contains("previous") ? -1 : t.Contains("next") || t.Contains("coming") ? 1 : 0;
    }

    private static bool TryDay(int year, int month, int day, out PartialDate date) =>
        PartialDate.TryParse($"{year:D4}-{month:D2}-{day:D2}", out date);

    public static int MonthNumber(string name) => name[..3].ToLowerInvariant() switch
    {
        "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
        "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, _ => 12,
    };

    [GeneratedRegex(@"^\s?[-–]\s?$", RegexOptions.CultureInvariant)]
    private static partial Regex RangeDash();

    [GeneratedRegex(@"(?:^|(?<=[\s(]))[–−-]\s?$", RegexOptions.CultureInvariant)]
    private static partial Regex Minus();

    [GeneratedRegex(@"\b(?i:thousand|million|billion|mln|bln|bn)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ScaleWord();

    [GeneratedRegex(@"^\s?(?<scale>(?i:thousand|million|billion|mln|bln|bn))\b", RegexOptions.CultureInvariant)]
    private static partial Regex ScaleAfter();

    [GeneratedRegex(@"^\s+times\b", RegexOptions.CultureInvariant)]
    private static partial Regex TimesAfter();

    /// <summary>What a number in words must count to be a quantity here ("two projects", "five Russian experts").</summary>
    [GeneratedRegex(@"^\s(?:[\w-]+\s){0,2}?(?:people|students|projects|scholarships|officers|experts|specialists|countries|visits|tourists|enterprises|companies|persons|workers)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CountedNoun();

    [GeneratedRegex(@"\bby\s$", RegexOptions.CultureInvariant)]
    private static partial Regex FractionCue();

    [GeneratedRegex(@"\b(?<w>(?i:tens of thousands|hundreds of thousands|thousands|hundreds|dozens))\s+of\b", RegexOptions.CultureInvariant)]
    private static partial Regex VaguePattern();

    [GeneratedRegex(@"\b(?<w>(?i:once|twice|thrice))\b", RegexOptions.CultureInvariant)]
    private static partial Regex TimesPattern();

    [GeneratedRegex(@"(?i:against|compared (?:with|to)|over|from|than|versus|vs\.?)\s+(?:the\s+)?(?:same\s+period\s+(?:in|of)\s+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex BaseCue();

    [GeneratedRegex(@"(?i:the\s)?(?i:same\s+period)\s(?:(?i:in|of)\s(?<when>" + Year + @")\b|(?<when>(?i:last\s+year|of\s+the\s+previous\s+year|a\s+year\s+earlier)))", RegexOptions.CultureInvariant)]
    private static partial Regex SamePeriod();

    [GeneratedRegex(@"\b(?i:this\syear|last\syear|next\syear|the\spast\syear|the\sprevious\syear|the\scurrent\syear|the\scoming\syear)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RelativeYear();

    [GeneratedRegex(@"\b(?i:currently|nowadays|now|today|at\spresent|presently|at\sthe\smoment|as\sof\snow)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Now();

    [GeneratedRegex(@"\b(?i:in)\s(?<y>" + Year + @")\b(?![-–])", RegexOptions.CultureInvariant)]
    private static partial Regex InYear();

    [GeneratedRegex(@"\b(?i:since)\s(?:(?i:the\s+(?:beginning|start)\s+of\s+)?(?i:the\s+))(?<y>" + Year + @")s\b", RegexOptions.CultureInvariant)]
    private static partial Regex SinceDecade();

    [GeneratedRegex(@"\b" + Year + @"\b", RegexOptions.CultureInvariant)]
    private static partial Regex YearDigits();

    [GeneratedRegex(@"\b(?i:this|last|next|past|previous|current|coming)\s(?:(?i:year)\b|(?:" + Month + @"))", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RelativeDate();

    [GeneratedRegex(@"\b(?:" + Month + @")", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MonthNames();

    [GeneratedRegex(@"^\s(?i:this|last|next)\syear\b", RegexOptions.CultureInvariant)]
    private static partial Regex RelativeYearAfter();

    [GeneratedRegex(@"\b(?<n>[0-9]{1,3})\s+and\s+$", RegexOptions.CultureInvariant)]
    private static partial Regex AndAHalf();

    [GeneratedRegex(@"(?i:\b(?:highest|lowest|largest|biggest|smallest|strongest|weakest|best|worst|fastest|slowest|first\s+time|record)\s+(?:\w+\s+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex SinceCompared();

    [GeneratedRegex(@"\b(?:(?:the\s+)?(?:first\s+)?(?<n>[1-9]|1[01]|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+months\s+of\s+(?<y>(?:18|19|20|21)[0-9]{2})|Q(?<q>[1-4])\s?[/-]?\s?(?<y>(?:18|19|20|21)[0-9]{2})|H(?<h>[12])\s?[/-]?\s?(?<y>(?:18|19|20|21)[0-9]{2}))\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthsOfYear();

    [GeneratedRegex(@"\bFY\s?(?<y>(?:18|19|20|21)[0-9]{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex FiscalYear();

    /// <summary>A number right after a date, ending its clause: a year ("January 30, 0001."), not a count ("March 2, 12 students").</summary>
    [GeneratedRegex(@"^,?\s[0-9]{1,5}(?=\s*(?:[.;:)](?:\s|$)|,\s|$))", RegexOptions.CultureInvariant)]
    private static partial Regex YearLeftOut();

    [GeneratedRegex(@"^\s(?i:period)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodWord();

    /// <summary>A timex for one year, month or day; XXXX where no year was printed.</summary>
    [GeneratedRegex(@"^(?<y>[0-9]{4}|XXXX)(?:-(?<m>[0-9][0-9])(?:-(?<d>[0-9][0-9]))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Point();

    /// <summary>A timex for a span: (start,end,duration); the end is the last day or year printed, or for months the first day after them.</summary>
    [GeneratedRegex(@"^\((?<y1>[0-9]{4}|XXXX)-(?<m1>[0-9][0-9])-(?<d1>[0-9][0-9]),(?<y2>[0-9]{4}|XXXX)-(?<m2>[0-9][0-9])-(?<d2>[0-9][0-9]),P[0-9]+(?<unit>[YMD])\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Span();

    [GeneratedRegex(@"\bSoviet\b", RegexOptions.CultureInvariant)]
    private static partial Regex SovietEra();
}
