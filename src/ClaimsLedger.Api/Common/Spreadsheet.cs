using CsvHelper;

namespace ClaimsLedger.Common;

/// <summary>
/// CSV for the spreadsheets analysts take the ledger's numbers into: RFC 4180 (CsvHelper), UTF-8 with a byte-order
/// mark so Excel reads Vietnamese names and dashes right, dates and instants in ISO 8601. Text a spreadsheet would run
/// as a formula (a quote that starts with =, +, -, @) starts with an apostrophe, as OWASP advises; numbers are left
/// alone, so a negative growth rate stays a number.
/// </summary>
internal static class Spreadsheet
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape, WriteByteOrderMark = true };

    /// <summary>
    /// A file name that says what the file holds and under which axes, so two downloads of one figure under different
    /// dates do not overwrite each other: figures_trade-turnover_asOf-2022-01-01.csv.
    /// </summary>
    public static string FileName(IEnumerable<string> parts, TimeQuery? time = null)
    {
        var all = parts.Select(p => p.Replace(':', '_')).ToList();
        if (time?.ValidAt is { } validAt) all.Add($"validAt-{validAt}");
        if (time?.AsOf is { } asOf) all.Add($"asOf-{asOf}");
        if (time?.RecordedAt is { } recorded) all.Add($"recordedAsOf-{recorded.UtcDateTime:yyyyMMddTHHmmssZ}");
        return string.Join('_', all) + ".csv";
    }

    public static Task WriteAsync<T>(Stream stream, IEnumerable<T> rows, CancellationToken ct) => WriteAsync(stream, rows.ToAsyncEnumerable(), ct);

    /// <summary>Rows read as they are written, so an export of any length holds one page of them in memory.</summary>
    public static async Task WriteAsync<T>(Stream stream, IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(stream, Options, leaveOpen: true);
        await csv.WriteRecordsAsync(rows, ct);
    }
}
