using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Common;

/// <summary>
/// The system-time axis alone, for a read that has no other: recordedAsOf, the ledger as it stood at an instant.
/// A claim's own read takes only this one, so a validAt or asOf sent to it is refused rather than ignored.
/// </summary>
public partial class SystemTimeQuery
{
    public string? RecordedAsOf { get; set; }

    /// <summary>The axes' errors and those of the request's other checks, in one problem naming every field at fault.</summary>
    public ProblemDetails Problems(params Action<FieldErrors>[] checks) => FieldErrors.Check([.. checks, Check]);

    protected virtual void Check(FieldErrors errors)
    {
        if (RecordedAsOf is null || TryInstant(RecordedAsOf, out _)) return;
        errors.Add("recordedAsOf", PlusReadAsSpace().IsMatch(RecordedAsOf)
            ? "has a space where its offset's + should be: a + in an address reads as a space, so send it as %2B " +
              "(2026-11-23T17:15:00%2B07:00), or give the instant in UTC (2026-11-23T10:15:00Z)"
            : "must be an instant (ISO 8601, e.g. 2026-11-23T10:15:00Z or 2026-11-23T17:15:00+07:00) or a date YYYY-MM-DD (meaning its start, UTC)");
    }

    public DateTimeOffset? RecordedAt => RecordedAsOf is null ? null : TryInstant(RecordedAsOf, out var i) ? i : throw new FormatException(RecordedAsOf);

    private static bool TryInstant(string text, out DateTimeOffset instant)
    {
        if (TimeQuery.TryDate(text, out var day))
        {
            instant = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }
        return DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }

    /// <summary>
    /// ISO 8601 (RFC 3339, which also takes a space for the T) to the minute or to any fraction of a second, with an
    /// offset or Z, or without one for UTC. Only these: a lenient parse read 07/12/2026 as July 12th, "10:00" as today
    /// and "Dec 7" as this year's, each answering as of an instant the analyst did not mean.
    /// </summary>
    private static readonly string[] InstantFormats =
        [.. from t in new[] { "T", " " } from time in new[] { "HH:mm:ss.FFFFFFF", "HH:mm" } select $"yyyy-MM-dd'{t}'{time}K"];

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)? [0-9]{2}(:?[0-9]{2})?\z")]
    private static partial System.Text.RegularExpressions.Regex PlusReadAsSpace();
}

/// <summary>
/// The three time axes every view takes, all optional and combinable:
/// validAt (the state in effect on a date), asOf (only what sources had published by a date),
/// recordedAsOf (the ledger as it stood at an instant).
/// </summary>
public sealed class TimeQuery : SystemTimeQuery
{
    public string? ValidAt { get; set; }
    public string? AsOf { get; set; }

    protected override void Check(FieldErrors errors)
    {
        if (ValidAt is not null && !TryDate(ValidAt, out _)) errors.Add("validAt", DateExpected(ValidAt));
        if (AsOf is not null && !TryDate(AsOf, out _)) errors.Add("asOf", DateExpected(AsOf));
        base.Check(errors);
    }

    public TimeAxes Axes() => new(
        ValidAt is null ? null : Date(ValidAt),
        AsOf is null ? null : Date(AsOf),
        RecordedAt);

    private static DateOnly Date(string text) => TryDate(text, out var d) ? d : throw new FormatException(text);

    internal static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Why a day was refused: its shape, or a day the calendar lacks (2021-02-30), which has the shape.</summary>
    internal static string DateExpected(string text, string? meaning = null) =>
        "must be a date YYYY-MM-DD" + meaning +
        (System.Text.RegularExpressions.Regex.IsMatch(text, @"^[0-9]{4}-[0-9]{2}-[0-9]{2}\z") ? $": {text} is not a day of the calendar" : "");
}

public sealed record TimeAxes(DateOnly? ValidAt, DateOnly? AsOf, DateTimeOffset? RecordedAsOf)
{
    public static readonly TimeAxes Now = new(null, null, null);

    /// <summary>
    /// The day a view's present means: validAt, else the earlier of asOf and recordedAsOf's day (UTC), else today. A
    /// view read again as of an earlier date or instant then names the step in effect, and ages reports, as it did then,
    /// rather than judging what was known then by today's date.
    /// </summary>
    public DateOnly Day => ValidAt ?? (AsOf, RecordedAsOf) switch
    {
        ({ } asOf, { } at) => asOf < DayOf(at) ? asOf : DayOf(at),
        ({ } asOf, null) => asOf,
        (null, { } at) => DayOf(at),
        _ => DayOf(DateTimeOffset.UtcNow),
    };

    private static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);
}
