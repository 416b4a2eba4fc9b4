using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Common;

/// <summary>
/// The system-time axis alone, for a read that has no other: recordedAsOf, the ledger as it stood at an instant.
/// A claim's own read takes only this one, so a validAt or asOf sent to it is refused rather than ignored.
/// </summary>
public class SystemTimeQuery
{
    public string? RecordedAsOf { get; set; }

    /// <summary>The axes' errors and those of the request's other checks, in one problem naming every field at fault.</summary>
    public ProblemDetails Problems(params Action<FieldErrors>[] checks) => FieldErrors.Check([.. checks, Check]);

    protected virtual void Check(FieldErrors errors)
    {
        if (RecordedAsOf is not null && !TryInstant(RecordedAsOf, out _))
            errors.Add("recordedAsOf", "must be an instant (ISO 8601, e.g. 2026-11-23T10:15:00Z) or a date YYYY-MM-DD (meaning its start, UTC)");
    }

    public DateTimeOffset? RecordedAt => RecordedAsOf is null ? null : TryInstant(RecordedAsOf, out var i) ? i : throw new FormatException(RecordedAsOf);

    private static bool TryInstant(string text, out DateTimeOffset instant)
    {
        if (TimeQuery.TryDate(text, out var day))
        {
            instant = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }
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
        if (ValidAt is not null && !TryDate(ValidAt, out _)) errors.Add("validAt", "must be a date YYYY-MM-DD");
        if (AsOf is not null && !TryDate(AsOf, out _)) errors.Add("asOf", "must be a date YYYY-MM-DD");
        base.Check(errors);
    }

    public TimeAxes Axes() => new(
        ValidAt is null ? null : Date(ValidAt),
        AsOf is null ? null : Date(AsOf),
        RecordedAt);

    private static DateOnly Date(string text) => TryDate(text, out var d) ? d : throw new FormatException(text);

    internal static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

public sealed record TimeAxes(DateOnly? ValidAt, DateOnly? AsOf, DateTimeOffset? RecordedAsOf)
{
    public static readonly TimeAxes Now = new(null, null, null);
}
