using CsvHelper;

namespace ClaimsLedger.Tests.Support;

/// <summary>A CSV the API answered: its type, the file name it offers, its bytes, and its rows by column name.</summary>
public sealed record CsvAnswer(string ContentType, string? FileName, byte[] Bytes, List<Dictionary<string, string>> Rows)
{
    /// <summary>Reads a CSV answer, which must be a 200.</summary>
    public static async Task<CsvAnswer> GetAsync(LedgerApp app, string path)
    {
        using var response = await app.Client.GetAsync(path);
        Assert.Equal(200, (int)response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var reader = CsvReader.Create(bytes);
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader) rows.Add(row.ToDictionary()!);
        return new CsvAnswer(response.Content.Headers.ContentType!.ToString(), response.Content.Headers.ContentDisposition?.FileNameStar, bytes, rows);
    }
}
