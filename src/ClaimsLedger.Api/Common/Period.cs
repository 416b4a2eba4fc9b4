using System.Text.RegularExpressions;

namespace ClaimsLedger.Common;

/// <summary>
/// The period a figure refers to: a year ("2021"), a month ("2021-04"), a day ("2021-04-30"),
/// a span ("2024-01..2024-11", "2017..2021") or a target year ("by-2030").
/// </summary>
public sealed partial record Period(string Text, DateOnly Start, DateOnly End, bool IsTarget)
{
    public bool Covers(DateOnly day) => IsTarget ? day <= End : Start <= day && day <= End;

    /// <summary>Whether the period is a whole calendar year: part-year figures never meet full-year ones.</summary>
    public bool IsWholeYear => !IsTarget && Start.Month == 1 && Start.Day == 1 && End == new DateOnly(Start.Year, 12, 31);

    public const string Expected =
        "a period as YYYY, YYYY-MM, YYYY-MM-DD, a span FROM..TO of two such dates in the same form, or by-YYYY for a target";

    public static Period? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var target = Target().Match(text);
        if (target.Success)
        {
            return PartialDate.TryParse(target.Groups["y"].Value, out var year)
                ? new Period(text, DateOnly.MinValue, year.End, IsTarget: true)
                : null;
        }

        var parts = text.Split("..");
        if (parts.Length == 1)
            return PartialDate.TryParse(parts[0], out var single) ? new Period(text, single.Start, single.End, false) : null;
        if (parts.Length != 2) return null;
        if (!PartialDate.TryParse(parts[0], out var from) || !PartialDate.TryParse(parts[1], out var to)) return null;
        if (from.Precision != to.Precision || to.Start <= from.Start) return null;
        return new Period(text, from.Start, to.End, false);
    }

    [GeneratedRegex(@"^by-(?<y>[0-9]{4})\z")]
    private static partial Regex Target();
}
