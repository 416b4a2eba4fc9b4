using System.Globalization;
using System.Text.RegularExpressions;

namespace ClaimsLedger.Common;

/// <summary>
/// A date known to the day, the month or only the year ("2023", "2023-05", "2023-05-22").
/// The precision is the form, so a date is never claimed to be known more exactly than the source says.
/// </summary>
public readonly partial record struct PartialDate(int Year, int? Month, int? Day)
{
    public string Precision => Day is not null ? "day" : Month is not null ? "month" : "year";

    /// <summary>The first day the date can mean.</summary>
    public DateOnly Start => new(Year, Month ?? 1, Day ?? 1);

    /// <summary>The last day the date can mean: a month-precision publication date is known only from then on.</summary>
    public DateOnly End => Day is not null ? Start
        : Month is not null ? new DateOnly(Year, Month.Value, DateTime.DaysInMonth(Year, Month.Value))
        : new DateOnly(Year, 12, 31);

    public override string ToString() => Day is not null ? $"{Year:D4}-{Month:D2}-{Day:D2}"
        : Month is not null ? $"{Year:D4}-{Month:D2}" : $"{Year:D4}";

    public static bool TryParse(string? text, out PartialDate date)
    {
        date = default;
        if (text is null) return false;
        var m = Shape().Match(text);
        if (!m.Success) return false;
        var year = int.Parse(m.Groups["y"].ValueSpan, CultureInfo.InvariantCulture);
        if (year < 1) return false;
        int? month = m.Groups["m"].Success ? int.Parse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture) : null;
        int? day = m.Groups["d"].Success ? int.Parse(m.Groups["d"].ValueSpan, CultureInfo.InvariantCulture) : null;
        if (month is < 1 or > 12) return false;
        if (day is not null && (day < 1 || day > DateTime.DaysInMonth(year, month!.Value))) return false;
        date = new PartialDate(year, month, day);
        return true;
    }

    public const string Expected = "a date as YYYY, YYYY-MM or YYYY-MM-DD that exists in the calendar";

    // Digits as [0-9], here and in every pattern whose match is parsed as a number (the extractor's too): \d also takes
    // the digits of other scripts (٢٠٢١, ２０２１), which int.Parse refuses, so such a date was answered with a 500. \z: see ClaimFields.Slug.
    [GeneratedRegex(@"^(?<y>[0-9]{4})(-(?<m>[0-9]{2})(-(?<d>[0-9]{2}))?)?\z")]
    private static partial Regex Shape();
}
