using ClaimsLedger.Claims;
using ClaimsLedger.Common;

namespace ClaimsLedger.Figures;

/// <summary>One claim's part in a check: what it says and the range its words allow, in the check's scale.</summary>
public sealed record CheckedValue(string FigureKey, Guid ClaimId, Guid SourceId, string SourceTitle, string Said, decimal? Low, decimal? High);

/// <summary>The value a level and a change imply for the next level (null bound: unbounded), in the scale of the base level.</summary>
public sealed record ImpliedValue(decimal? Value, decimal? Low, decimal? High, string Unit, string Scale);

/// <summary>
/// level(base period) × (1 + change / 100) against level(period). Outcome: consistent, inconsistent or not-checkable.
/// </summary>
public sealed record DerivedCheck(
    string Outcome, string BaseFigureKey, string ChangeFigureKey, string NextFigureKey,
    CheckedValue? Base, CheckedValue Change, CheckedValue? Next, ImpliedValue? Implied, string Tolerance, string Explanation);

/// <summary>
/// Figures that are arithmetically related are checked against each other. A change figure (metric <c>X-change</c>, unit
/// percent, with a base period) relates the level of <c>X</c> for its base period to the level for its own period.
/// Every value keeps the range its words allow (<see cref="FigureRules.Allowed"/>: rounding, "about", "nearly",
/// "more-than"/"exceeded", …); the ranges are carried through the arithmetic, and the stated next level is consistent when
/// its range meets the implied one. Periods must have the same shape: a part-year period (2024-01..2024-11) is only
/// ever related to the same months of another year, never to a full year.
/// </summary>
public static class DerivedChecks
{
    public const string ChangeSuffix = "-change";
    public const string Consistent = "consistent";
    public const string Inconsistent = "inconsistent";
    public const string NotCheckable = "not-checkable";

    public const string Tolerance =
        "level(base) × (1 + change/100), each value within the range its words allow (exact ±0.5% for rounding; about ±10%; " +
        "nearly: up to 10% under; more-than/exceeded: the value or above; at-most: the value or below; range: low to high ±0.5%); " +
        "consistent when the implied range meets the stated next level's range.";

    /// <summary>Every check the claims allow, one per combination of a change claim with the level claims around it.</summary>
    public static IReadOnlyList<DerivedCheck> For(IEnumerable<FigureClaimAt> claims)
    {
        var all = claims.ToList();
        var byKey = all.ToLookup(c => c.FigureKey);
        var checks = new List<DerivedCheck>();
        foreach (var change in all.Where(IsChange).OrderBy(c => c.FigureKey, StringComparer.Ordinal).ThenBy(c => c.Claim.KnownFrom))
        {
            var series = LevelSeriesOf(change.FigureKey)!;
            var (baseKey, nextKey) = ($"{series}:{change.Claim.BasePeriod}", $"{series}:{change.Period}");
            var changeValue = Value(change, 1m, "one");
            if (!SameShape(Period.Parse(change.Claim.BasePeriod)!, Period.Parse(change.Period)!))
            {
                checks.Add(new DerivedCheck(NotCheckable, baseKey, change.FigureKey, nextKey, null, changeValue, null, null, Tolerance,
                    $"the change relates {change.Claim.BasePeriod} to {change.Period}, periods of different lengths: a part-year figure is never compared with a full year"));
                continue;
            }

            var bases = byKey[baseKey].ToList();
            var nexts = byKey[nextKey].ToList();
            if (bases.Count == 0)
            {
                foreach (var next in nexts.DefaultIfEmpty())
                    checks.Add(new DerivedCheck(NotCheckable, baseKey, change.FigureKey, nextKey, null, changeValue,
                        next is null ? null : Value(next, Scale(next), next.Claim.Scale), null, Tolerance,
                        $"no level for {change.Claim.BasePeriod} is known" + PartYearNote(change.Claim.BasePeriod!)));
                continue;
            }

            foreach (var level in bases)
            {
                var implied = Implied(level, change);
                if (nexts.Count == 0)
                {
                    checks.Add(new DerivedCheck(NotCheckable, baseKey, change.FigureKey, nextKey, Value(level, Scale(level), level.Claim.Scale),
                        changeValue, null, implied, Tolerance,
                        $"no level for {change.Period} is known to compare with the implied {Describe(implied)}" + PartYearNote(change.Period)));
                    continue;
                }

                foreach (var next in nexts)
                {
                    var stated = FigureRules.Allowed(next.Claim);
                    var scale = Scale(level);
                    var (low, high) = (implied.Low is null ? (decimal?)null : implied.Low * scale, implied.High is null ? (decimal?)null : implied.High * scale);
                    var meets = (high is null || stated.Low <= high) && (low is null || stated.High >= low);
                    var said = $"{change.Period} {FigureRules.Describe(next.Claim)} ({next.Claim.SourceTitle})";
                    checks.Add(new DerivedCheck(meets ? Consistent : Inconsistent, baseKey, change.FigureKey, nextKey,
                        Value(level, scale, level.Claim.Scale), changeValue, Value(next, scale, level.Claim.Scale), implied, Tolerance,
                        $"{change.Claim.BasePeriod} {FigureRules.Describe(level.Claim)} ({level.Claim.SourceTitle}) and " +
                        $"{FigureRules.Describe(change.Claim)} ({change.Claim.SourceTitle}) imply {Describe(implied)} for {change.Period}; " +
                        $"{said} {(meets ? "fits" : "does not fit")}"));
                }
            }
        }
        return checks;
    }

    /// <summary>The series a check needs beside the one asked for: a level series and its change series go together.</summary>
    public static string RelatedSeries(string seriesKey)
    {
        var (metric, parties) = (seriesKey[..seriesKey.IndexOf(':')], seriesKey[(seriesKey.IndexOf(':') + 1)..]);
        return metric.EndsWith(ChangeSuffix, StringComparison.Ordinal)
            ? $"{metric[..^ChangeSuffix.Length]}:{parties}"
            : $"{metric}{ChangeSuffix}:{parties}";
    }

    /// <summary>
    /// The change figures a figure can take part in: itself when it is a change; for a level, the change to its own
    /// period and the changes to the periods that can follow it (the same months a year later; the next month or day).
    /// </summary>
    public static IEnumerable<string> ChangeKeysFor(string figureKey)
    {
        var parts = figureKey.Split(':');
        if (parts.Length != 3 || Period.Parse(parts[2]) is not { IsTarget: false }) yield break;
        if (parts[0].EndsWith(ChangeSuffix, StringComparison.Ordinal)) { yield return figureKey; yield break; }
        var change = $"{parts[0]}{ChangeSuffix}:{parts[1]}";
        yield return $"{change}:{parts[2]}";
        foreach (var next in Following(parts[2])) yield return $"{change}:{next}";
    }

    /// <summary>The level figures a change relates: the level for its base period and for its own.</summary>
    public static IEnumerable<string> LevelKeysFor(FigureFacts change)
    {
        if (!change.Metric.EndsWith(ChangeSuffix, StringComparison.Ordinal) || change.Metric.Length <= ChangeSuffix.Length || change.BasePeriod is null) yield break;
        var series = $"{change.Metric[..^ChangeSuffix.Length]}:{string.Join('-', change.Parties)}";
        yield return $"{series}:{change.BasePeriod}";
        yield return $"{series}:{change.Period}";
    }

    private static IEnumerable<string> Following(string text)
    {
        static string? Shift(string part, int years, int months, int days)
        {
            if (!PartialDate.TryParse(part, out var d)) return part;
            // The calendar ends with 9999: a figure said of its last year, month or day has no period after it (the
            // arithmetic threw, and the list of figures holding one answered 500 on every read).
            if (d.Start > DateOnly.MaxValue.AddYears(-years).AddMonths(-months).AddDays(-days)) return null;
            var moved = d.Start.AddYears(years).AddMonths(months).AddDays(days);
            return d.Precision switch
            {
                "year" => $"{moved.Year:D4}",
                "month" => $"{moved.Year:D4}-{moved.Month:D2}",
                _ => $"{moved:yyyy-MM-dd}",
            };
        }
        string? Each(int y, int m, int d) =>
            text.Split("..").Select(p => Shift(p, y, m, d)).ToList() is var parts && parts.Contains(null) ? null : string.Join("..", parts);
        if (Each(1, 0, 0) is { } nextYear) yield return nextYear;
        if (!text.Contains("..") && PartialDate.TryParse(text, out var single))
        {
            if (single.Precision == "month" && Each(0, 1, 0) is { } nextMonth) yield return nextMonth;
            if (single.Precision == "day" && Each(0, 0, 1) is { } nextDay) yield return nextDay;
        }
    }

    private static bool IsChange(FigureClaimAt c) =>
        c.Metric.EndsWith(ChangeSuffix, StringComparison.Ordinal) && c.Metric.Length > ChangeSuffix.Length
        && c.Claim.Unit == "percent" && c.Claim.BasePeriod is not null && !Period.Parse(c.Period)!.IsTarget;

    private static string? LevelSeriesOf(string changeKey)
    {
        var parts = changeKey.Split(':');
        return $"{parts[0][..^ChangeSuffix.Length]}:{parts[1]}";
    }

    /// <summary>Two periods can be related when both are whole years, or both the same stretch of months and days.</summary>
    private static bool SameShape(Period a, Period b) =>
        a.IsWholeYear && b.IsWholeYear
        || !a.IsWholeYear && !b.IsWholeYear && !a.IsTarget && !b.IsTarget
           && (a.Start.Month, a.Start.Day, a.End.Month, a.End.Day) == (b.Start.Month, b.Start.Day, b.End.Month, b.End.Day)
           && a.End.Year - a.Start.Year == b.End.Year - b.Start.Year;

    private static string PartYearNote(string period) =>
        Period.Parse(period) is { IsWholeYear: false } ? $" ({period} is part of a year: full-year figures are not used for it)" : "";

    private static decimal Scale(FigureClaimAt c) => Vocabulary.Scales[c.Claim.Scale];

    private static CheckedValue Value(FigureClaimAt c, decimal scale, string scaleName)
    {
        var (low, high) = FigureRules.Allowed(c.Claim);
        return new CheckedValue(c.FigureKey, c.Claim.ClaimId, c.Claim.SourceId, c.Claim.SourceTitle, FigureRules.Describe(c.Claim),
            Bound(low, scale), Bound(high, scale));
    }

    private static decimal? Bound(decimal v, decimal scale) => v is decimal.MaxValue or decimal.MinValue ? null : Math.Round(v / scale, 6);

    /// <summary>The next level the base level and the change imply, as a range (amounts cannot fall below zero).</summary>
    private static ImpliedValue Implied(FigureClaimAt level, FigureClaimAt change)
    {
        var scale = Scale(level);
        var (l0, h0) = FigureRules.Allowed(level.Claim);
        var (cl, ch) = FigureRules.Allowed(change.Claim);
        decimal? lowLevel = l0 == decimal.MinValue ? 0 : Math.Max(0, l0) / scale;
        decimal? highLevel = h0 == decimal.MaxValue ? null : h0 / scale;
        decimal? lowFactor = cl == decimal.MinValue ? 0 : Math.Max(0, 1 + cl / 100);
        decimal? highFactor = ch == decimal.MaxValue ? null : Math.Max(0, 1 + ch / 100);
        decimal? point = level.Claim.Value is { } v && change.Claim.Value is { } r ? Times(v, 1 + r / 100) : null;
        return new ImpliedValue(Round(point), Round(Times(lowLevel, lowFactor)), Round(Times(highLevel, highFactor)), level.Claim.Unit, level.Claim.Scale);
    }

    private static decimal? Times(decimal? a, decimal? b)
    {
        if (a is null || b is null) return null;
        try { return a.Value * b.Value; }
        catch (OverflowException) { return null; }
    }

    private static decimal? Round(decimal? v) => v is null ? null : Math.Round(v.Value, 4);

    private static string Describe(ImpliedValue v)
    {
        var unit = v.Unit == "usd" ? $" {v.Scale} USD" : v.Scale == "one" ? "" : $" {v.Scale}";
        var point = v.Value is { } p ? $"about {p:0.###}{unit} " : "";
        return point + (v.High is null ? $"(at least {v.Low:0.###})" : $"({v.Low:0.###} to {v.High:0.###})");
    }
}

/// <summary>A figure claim with the key it was said under, so checks can relate figures of different periods and metrics.</summary>
public sealed record FigureClaimAt(string FigureKey, string Metric, string Period, FigureClaim Claim);
