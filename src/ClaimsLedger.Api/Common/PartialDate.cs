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
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year < 1) return false;
        int? month = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : null;
        int? day = m.Groups["d"].Success ? int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) : null;
        if (month is < 1 or > 12) return false;
        if (day is not null && (day < 1 || day > DateTime.DaysInMonth(year, month!.Value))) return false;
        date = new PartialDate(year, month, day);
        return true;
    }

    public const string Expected = "a date as YYYY, YYYY-MM or YYYY-MM-DD that exists in the calendar";

    [GeneratedRegex(@"^(?<y>\d{4})(-(?<m>\d{2})(-(?<d>\d{2}))?)?$")]
    private static partial Regex Shape();
}
