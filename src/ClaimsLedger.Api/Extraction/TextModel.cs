using System.Text.RegularExpressions;
using ClaimsLedger.Claims;
using ClaimsLedger.Common;

namespace ClaimsLedger.Extraction;

/// <summary>A country named in the text ("Russia", "Vietnamese", "Hanoi", "the Soviet Union"), as its ISO 3166 code.</summary>
public sealed record CountryMention(int Start, int End, string Code, string Text, bool IsAdjective);

/// <summary>One sentence of the article with what the recognizers found in it. Positions are absolute.</summary>
public sealed class Sentence
{
    public required int Index { get; init; }
    public required int Start { get; init; }
    public required int End { get; init; }
    public required string Text { get; init; }
    public required IReadOnlyList<Quantity> Quantities { get; init; }
    public required IReadOnlyList<TimeMention> Times { get; init; }
    public required IReadOnlyList<CountryMention> Countries { get; init; }
    public Sentence? Previous { get; set; }
    public Sentence? Next { get; set; }

    /// <summary>The sentence's text between two absolute positions.</summary>
    public string Slice(int from, int to) => Text[(from - Start)..(to - Start)];

    public int Rel(int absolute) => absolute - Start;
}

/// <summary>The article as the rules see it: its text, sentences, publication date and the pair it is mostly about.</summary>
public sealed partial class Article
{
    public string Text { get; }
    public PartialDate Published { get; }
    public IReadOnlyList<Sentence> Sentences { get; }
    /// <summary>The two countries the article names most (RU, VN for a Russia–Vietnam article), sorted.</summary>
    public IReadOnlyList<string> Pair { get; }

    public Article(string text, PartialDate published)
    {
        Text = text;
        Published = published;
        var sentences = new List<Sentence>();
        foreach (var (start, end) in SplitSentences(text))
        {
            sentences.Add(new Sentence
            {
                Index = sentences.Count, Start = start, End = end, Text = text[start..end],
                Quantities = Recognizers.Quantities(text, start, end),
                Times = Recognizers.Times(text, start, end, published),
                Countries = Countries(text, start, end),
            });
        }
        for (var i = 0; i < sentences.Count; i++)
        {
            sentences[i].Previous = i > 0 ? sentences[i - 1] : null;
            sentences[i].Next = i + 1 < sentences.Count ? sentences[i + 1] : null;
        }
        Sentences = sentences;

        var counts = sentences.SelectMany(s => s.Countries).GroupBy(c => c.Code)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).Take(2).ToList();
        if (counts.Count < 2) counts = counts.Concat(new[] { "RU", "VN" }.Except(counts)).Take(2).ToList();
        Pair = Subjects.InKeyOrder(counts).ToList();
    }

    /// <summary>The other country of the article's pair, or null when <paramref name="code"/> is not in it.</summary>
    public string? PartnerOf(string code) => Pair.Contains(code) ? Pair.First(p => p != code) : null;

    // ------------------------------------------------------------ sentences

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sen", "rep", "gov", "no", "vs", "etc", "inc", "ltd", "co", "corp",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e", "approx",
    };

    /// <summary>
    /// The longest stretch read as one sentence. The framing rules compare each number of a sentence with each date in it,
    /// so a text with no sentence break would cost time growing with the square of its length (99,000 characters without
    /// a full stop took 13 s to extract); the seed articles' longest sentence has 380 characters.
    /// </summary>
    public const int MaxSentenceLength = 1_000;

    /// <summary>Sentences by their end punctuation and line breaks; initials ("V. Putin") and abbreviations do not end one.</summary>
    public static IEnumerable<(int Start, int End)> SplitSentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var end = -1;
            if (i + 1 - start >= MaxSentenceLength)
            {
                // No sentence break for too long: cut at the last clause break, else the last space.
                var cut = text.LastIndexOfAny([';', ','], i, i + 1 - start);
                if (cut <= start) cut = text.LastIndexOf(' ', i, i + 1 - start);
                end = cut > start ? cut + 1 : i + 1;
            }
            if (c == '\n' || c == '\r') end = i;
            else if (c is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]) || text[i + 1] is '"' or '”' or '’'))
            {
                var word = WordBefore(text, i);
                var isInitial = word.Length == 1 && char.IsUpper(word[0]);
                var next = NextNonSpace(text, i + 1);
                var closesSentence = next < 0 || char.IsUpper(text[next]) || char.IsDigit(text[next]) || text[next] is '"' or '“' or '«' or '\n' or '(' or '*' or '.';
                if (c != '.' || (!isInitial && !Abbreviations.Contains(word) && closesSentence)) end = i + 1;
            }
            if (end < 0) continue;
            var (s, e) = Trim(text, start, end);
            if (e > s) yield return (s, e);
            start = end;
        }
        var (ls, le) = Trim(text, start, text.Length);
        if (le > ls) yield return (ls, le);
    }

    private static string WordBefore(string text, int i)
    {
        var j = i;
        while (j > 0 && (char.IsLetter(text[j - 1]) || text[j - 1] == '.')) j--;
        return text[j..i];
    }

    private static int NextNonSpace(string text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        return i < text.Length ? i : -1;
    }

    private static (int, int) Trim(string text, int start, int end)
    {
        while (start < end && (char.IsWhiteSpace(text[start]) || text[start] == '.')) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        return (start, end);
    }

    // ------------------------------------------------------------ countries

    private static readonly (string Pattern, string Code, bool Adjective)[] CountryNames =
    [
        ("Russian Federation", "RU", false), ("Soviet Union", "RU", false), ("USSR", "RU", false), ("Russia", "RU", false),
        ("Russian", "RU", true), ("Russians", "RU", true), ("Soviet", "RU", true), ("Moscow", "RU", false), ("Kremlin", "RU", false),
        ("Viet Nam", "VN", false), ("Vietnam", "VN", false), ("Vietnamese", "VN", true), ("Hanoi", "VN", false), ("Hanoy", "VN", false),
        ("United States", "US", false), ("USA", "US", false), ("U.S.", "US", false), ("US", "US", false), ("the States", "US", false),
        ("American", "US", true), ("Americans", "US", true), ("Washington", "US", false),
        ("Israel", "IL", false), ("Israeli", "IL", true), ("South Korea", "KR", false), ("South Korean", "KR", true),
        ("Republic of Korea", "KR", false), ("China", "CN", false), ("Chinese", "CN", true), ("Beijing", "CN", false),
        ("India", "IN", false), ("Indian", "IN", true), ("Japan", "JP", false), ("Japanese", "JP", true), ("Tokyo", "JP", false),
        ("Ukraine", "UA", false), ("Ukrainian", "UA", true), ("Kyiv", "UA", false), ("kyiv", "UA", false),
        ("Armenia", "AM", false), ("Belarus", "BY", false), ("Kazakhstan", "KZ", false), ("Kyrgyzstan", "KG", false),
        ("France", "FR", false), ("French", "FR", true), ("Germany", "DE", false), ("German", "DE", true),
        ("Laos", "LA", false), ("Lao", "LA", true), ("Cambodia", "KH", false), ("Thailand", "TH", false), ("Indonesia", "ID", false),
        ("Malaysia", "MY", false), ("Singapore", "SG", false), ("Philippines", "PH", false), ("Australia", "AU", false),
        ("United Kingdom", "GB", false), ("Britain", "GB", false), ("British", "GB", true), ("Turkey", "TR", false), ("Iran", "IR", false),
    ];

    /// <summary>A country's name or adjective as a word of its own: "US$ 7 billion" and "US dollars" name a currency, not a party.</summary>
    private static readonly Regex CountryPattern = new(
        @"(?<![\w-])(?:" + string.Join("|", CountryNames.OrderByDescending(c => c.Pattern.Length).Select(c => Regex.Escape(c.Pattern))) + @")(?![\w$-]|\s+dollars?\b)(?:’s|'s)?",
        RegexOptions.CultureInvariant);

    public static List<CountryMention> Countries(string text, int start, int end)
    {
        var found = new List<CountryMention>();
        foreach (Match m in CountryPattern.Matches(text[start..end]))
        {
            var name = m.Value.EndsWith("’s", StringComparison.Ordinal) || m.Value.EndsWith("'s", StringComparison.Ordinal) ? m.Value[..^2] : m.Value;
            var entry = CountryNames.First(c => c.Pattern == name);
            found.Add(new CountryMention(start + m.Index, start + m.Index + m.Length, entry.Code, m.Value, entry.Adjective || name != m.Value));
        }
        return found;
    }

    /// <summary>The code of a country name or adjective as printed, or null.</summary>
    public static string? CodeOf(string name)
    {
        name = name.Trim();
        if (name.EndsWith("’s", StringComparison.Ordinal) || name.EndsWith("'s", StringComparison.Ordinal)) name = name[..^2];
        if (name.StartsWith("the ", StringComparison.OrdinalIgnoreCase) && name != "the States") name = name[4..];
        return CountryNames.FirstOrDefault(c => c.Pattern == name).Code;
    }

    public static string CountryPatternText => CountryPattern.ToString();
}

/// <summary>Small text helpers the rules share.</summary>
public static partial class Words
{
    /// <summary>A slug of the content words of a phrase: "the Free Trade Agreement" → "free-trade-agreement".</summary>
    public static string Slug(string phrase, int maxWords = 7)
    {
        var words = WordPattern().Matches(phrase.ToLowerInvariant().Replace("’s", "").Replace("'s", ""))
            .Select(m => m.Value)
            .Where(w => !StopWords.Contains(w))
            .Take(maxWords)
            .ToList();
        var slug = string.Join('-', words);
        return slug.Length > 80 ? slug[..80].TrimEnd('-') : slug;
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "of", "for", "its", "their", "his", "her", "our", "this", "that", "these", "those", "in", "on", "at", "and",
        "with", "by", "as", "such", "to", "from", "into", "some", "various", "several", "also", "both", "two", "sides", "countries",
    };

    [GeneratedRegex(@"[a-z][a-z0-9]*")]
    private static partial Regex WordPattern();

    /// <summary>
    /// Words that foretell or plan ("expected to", "will", "could", "plans to"): what follows has not happened. "may" only
    /// in lower case, since "May" is a month.
    /// </summary>
    [GeneratedRegex(@"\b(?:(?i:(?:expected|projected|forecast|forecasted|predicted|set|likely|poised|plans?|planned|intends?|intended|aims?|ready)\s+to|will|would|could|might|shall|considering|consider)|may)\b", RegexOptions.CultureInvariant)]
    public static partial Regex Foretold();

    /// <summary>A denial: "did not establish", "never signed", "the talks did not take place", "failed to".</summary>
    [GeneratedRegex(@"(?i:\b(?:not|never|failed\s+to)\b|n[’']t\b)", RegexOptions.CultureInvariant)]
    public static partial Regex Denied();

    /// <summary>Whether a phrase carries a name: a capitalised word past its first, or a word from the known-project list.</summary>
    public static bool IsNamed(string phrase) => NamedPattern().IsMatch(phrase);

    [GeneratedRegex(@"(?:^|\s|[«“""(-])[A-Z][\w-]*[a-z][\w-]*")]
    private static partial Regex NamedPattern();
}
