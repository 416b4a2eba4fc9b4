using System.Globalization;
using System.Text;

namespace ClaimsLedger.Common;

/// <summary>
/// A list's <c>search</c>: words that must all occur, in any case and with or without diacritics, in what the list
/// searches (a figure key, a project id, a source's title and outlet). "students 2021" finds the keys with both;
/// "pham minh chinh" finds "Phạm Minh Chính": Vietnamese names are written both ways in the sources.
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
            .Select(w => "%" + Fold(w).Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%")
            .DefaultIfEmpty("%").ToArray();

    /// <summary>A text as searches compare it: lower case, its letters without their diacritics (ệ → e, đ → d, ё → е).</summary>
    public static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) folded.Append(c == 'đ' ? 'd' : c);
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
