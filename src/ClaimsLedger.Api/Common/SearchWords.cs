namespace ClaimsLedger.Common;

/// <summary>
/// A list's <c>search</c>: words that must all occur, in any case, in what the list searches (a figure key, a project id,
/// a source's title and outlet). "students 2021" finds the keys with both.
/// </summary>
public static class SearchWords
{
    public const int MaxLength = 100;

    public static void Check(string? search, FieldErrors errors)
    {
        if (search is { Length: > MaxLength }) errors.Add("search", $"must be at most {MaxLength} characters");
    }

    /// <summary>The words as SQL LIKE patterns, one a word (%students%, %2021%), the wildcards in them taken literally; "%" for none.</summary>
    public static string[] Patterns(string? search) =>
        (search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => "%" + w.ToLowerInvariant().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%")
            .DefaultIfEmpty("%").ToArray();
}
