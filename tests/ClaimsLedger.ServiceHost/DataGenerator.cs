using System.Globalization;
using System.Text;

namespace ClaimsLedger.ServiceHost;

public sealed record GeneratedSource(string Title, string PublishedOn, string Text, IReadOnlyList<GeneratedClaim> Claims);

/// <summary>One claim as the API takes it (the body of POST /claims without the source id).</summary>
public sealed record GeneratedClaim(Guid Id, object Fields, bool Corrected, bool Retracted, string FigureKey)
{
    /// <summary>The body of POST /claims (or one entry of an import): the fields with the claim's id and its source.</summary>
    public System.Text.Json.Nodes.JsonObject Json(Guid sourceId)
    {
        var fields = System.Text.Json.JsonSerializer.SerializeToNode(Fields, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!.AsObject();
        fields["id"] = Id;
        fields["sourceId"] = sourceId;
        return fields;
    }
}

/// <summary>
/// Claims that look like the real corpus: many sources, figure keys spread over metrics, parties and periods
/// (so several sources meet on most keys), about 15% corrected and 2% retracted. Deterministic for a given size.
/// </summary>
public static class DataGenerator
{
    private static readonly string[] Metrics =
    [
        "trade-turnover", "trade-turnover-change", "trade-turnover-target", "arms-import-share", "students", "scholarships-per-year",
        "investment-projects", "investment-registered-capital", "diaspora-population", "leader-visits", "exports", "imports",
    ];

    private static readonly string[] Parties = ["RU", "VN", "CN", "IN", "KR", "US", "JP", "TH", "LA", "KH", "ID", "MY", "PH", "SG", "BY", "KZ"];

    public const int ClaimsPerSource = 40;

    public static IReadOnlyList<GeneratedSource> Generate(int claims, int seed = 42)
    {
        var random = new Random(seed);
        var sources = new List<GeneratedSource>();
        var made = 0;
        for (var s = 0; made < claims; s++)
        {
            var count = Math.Min(ClaimsPerSource, claims - made);
            var published = new DateOnly(2000, 1, 1).AddDays(random.Next(0, 9000));
            var text = new StringBuilder($"Generated article {s} for the benchmarks, published {published:yyyy-MM-dd}.\n");
            var list = new List<GeneratedClaim>(count);
            for (var i = 0; i < count; i++)
            {
                var metric = Metrics[random.Next(Metrics.Length)];
                var a = Parties[random.Next(4)];
                var b = Parties[random.Next(4, Parties.Length)];
                var year = Math.Min(published.Year, 1995 + random.Next(0, 30));
                var period = random.Next(5) == 0 ? $"{year}-01..{year}-09" : year.ToString(CultureInfo.InvariantCulture);
                var (unit, scale, value) = metric switch
                {
                    "trade-turnover-change" or "arms-import-share" => ("percent", "one", Math.Round((decimal)random.NextDouble() * 80 - 20, 1)),
                    "students" or "investment-projects" or "diaspora-population" or "leader-visits" or "scholarships-per-year" => ("count", "one", (decimal)random.Next(1, 90_000)),
                    _ => ("usd", "billion", Math.Round((decimal)random.NextDouble() * 20, 2)),
                };
                var qualifier = random.Next(6) switch { 0 => "about", 1 => "nearly", 2 => "more-than", _ => "exact" };
                var quote = $"Item {s}-{i}: {metric} between {a} and {b} was {value.ToString(CultureInfo.InvariantCulture)} {unit} ({qualifier}) in {period}.";
                text.Append(quote).Append(' ');
                var fields = new
                {
                    kind = "figure", quote,
                    figure = new { metric, parties = new[] { a, b }, period, unit, scale, qualifier, value },
                };
                var sorted = string.CompareOrdinal(a, b) < 0 ? $"{a}-{b}" : $"{b}-{a}";
                list.Add(new GeneratedClaim(Guid.CreateVersion7(), fields, random.Next(100) < 15, random.Next(100) < 2, $"{metric}:{sorted}:{period}"));
            }
            sources.Add(new GeneratedSource($"Generated article {s}", published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), text.ToString(), list));
            made += count;
        }
        return sources;
    }
}
