using System.Globalization;
using System.Text;

namespace ClaimsLedger.ServiceHost;

public sealed record GeneratedSource(string Title, string PublishedOn, string Text, IReadOnlyList<GeneratedClaim> Claims);

/// <summary>One claim as the API takes it (the body of POST /claims without the source id).</summary>
/// <param name="Subject">Where the claim is read back: <c>/figures/{key}</c>, <c>/projects/{id}</c> or <c>/partnerships/{pair}</c>.</param>
/// <param name="FigureKey">The figure key of a figure claim; null for the other kinds.</param>
public sealed record GeneratedClaim(Guid Id, object Fields, bool Corrected, bool Retracted, string Kind, string Subject, string? FigureKey)
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
/// Claims that look like the real corpus: many sources, the three kinds in the seed corpus's mix (of its 78 claims, 33
/// are figures, 36 project reports and 9 partnership steps), figure keys spread over metrics, parties and periods and
/// projects over a pool that grows with the ledger (so several sources meet on most figures and projects), about 15%
/// corrected and 2% retracted. Deterministic for a given size and seed.
/// </summary>
public static class DataGenerator
{
    private static readonly string[] Metrics =
    [
        "trade-turnover", "trade-turnover-change", "trade-turnover-target", "arms-import-share", "students", "scholarships-per-year",
        "investment-projects", "investment-registered-capital", "diaspora-population", "leader-visits", "exports", "imports",
    ];

    private static readonly string[] Parties = ["RU", "VN", "CN", "IN", "KR", "US", "JP", "TH", "LA", "KH", "ID", "MY", "PH", "SG", "BY", "KZ"];

    private static readonly string[] Levels = ["diplomatic-relations", "friendship-treaty", "strategic-partnership", "comprehensive-strategic-partnership"];

    private static readonly string[] Statuses =
        ["proposed", "planned", "under-negotiation", "agreed", "in-progress", "stalled", "resumed", "under-construction", "operating", "completed"];

    private static readonly string[] Sectors = ["oil-and-gas", "nuclear-power", "hydropower", "rail", "port", "assembly-plant", "university", "bank"];

    public const int ClaimsPerSource = 40;

    /// <summary>About eight project reports a project, as many sources follow one project over the years.</summary>
    private const int ClaimsPerProject = 8;

    /// <summary>The seed corpus's claims by kind: the generator draws kinds in the same proportions.</summary>
    private const int SeedFigures = 33, SeedProjects = 36, SeedPartnerships = 9;

    public static IReadOnlyList<GeneratedSource> Generate(int claims, int seed = 42)
    {
        var random = new Random(seed);
        var projects = Math.Max(10, claims * SeedProjects / (SeedFigures + SeedProjects + SeedPartnerships) / ClaimsPerProject);
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
                var a = Parties[random.Next(4)];
                var b = Parties[random.Next(4, Parties.Length)];
                var pair = string.CompareOrdinal(a, b) < 0 ? $"{a}-{b}" : $"{b}-{a}";
                var year = Math.Min(published.Year, 1995 + random.Next(0, 30));
                var kind = random.Next(SeedFigures + SeedProjects + SeedPartnerships) switch
                {
                    < SeedFigures => "figure",
                    < SeedFigures + SeedProjects => "project",
                    _ => "partnership",
                };
                var (quote, fields, subject, figureKey) = kind switch
                {
                    "figure" => Figure(random, $"{s}-{i}", a, b, pair, year),
                    "project" => Project(random, $"{s}-{i}", random.Next(projects), year),
                    _ => Partnership(random, $"{s}-{i}", pair),
                };
                text.Append(quote).Append(' ');
                list.Add(new GeneratedClaim(Guid.CreateVersion7(), fields, random.Next(100) < 15, random.Next(100) < 2, kind, subject, figureKey));
            }
            sources.Add(new GeneratedSource($"Generated article {s}", published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), text.ToString(), list));
            made += count;
        }
        return sources;
    }

    private static (string Quote, object Fields, string Subject, string? FigureKey) Figure(Random random, string item, string a, string b, string pair, int year)
    {
        var metric = Metrics[random.Next(Metrics.Length)];
        var period = random.Next(5) == 0 ? $"{year}-01..{year}-09" : year.ToString(CultureInfo.InvariantCulture);
        var (unit, scale, value) = metric switch
        {
            "trade-turnover-change" or "arms-import-share" => ("percent", "one", Math.Round((decimal)random.NextDouble() * 80 - 20, 1)),
            "students" or "investment-projects" or "diaspora-population" or "leader-visits" or "scholarships-per-year" => ("count", "one", (decimal)random.Next(1, 90_000)),
            _ => ("usd", "billion", Math.Round((decimal)random.NextDouble() * 20, 2)),
        };
        var qualifier = random.Next(6) switch { 0 => "about", 1 => "nearly", 2 => "more-than", _ => "exact" };
        var quote = $"Item {item}: {metric} between {a} and {b} was {value.ToString(CultureInfo.InvariantCulture)} {unit} ({qualifier}) in {period}.";
        var key = $"{metric}:{pair}:{period}";
        return (quote, new { kind = "figure", quote, figure = new { metric, parties = new[] { a, b }, period, unit, scale, qualifier, value } }, "/figures/" + key, key);
    }

    /// <summary>A report on a project: its status as of a year (or a month of it) up to the article's.</summary>
    private static (string Quote, object Fields, string Subject, string? FigureKey) Project(Random random, string item, int project, int year)
    {
        var projectId = $"generated-{Sectors[project % Sectors.Length]}-project-{project}";
        var name = $"Generated {Sectors[project % Sectors.Length].Replace('-', ' ')} project {project}";
        var status = Statuses[random.Next(Statuses.Length)];
        var statusOn = random.Next(3) == 0 ? $"{year}-{random.Next(1, 13):00}" : year.ToString(CultureInfo.InvariantCulture);
        var statement = $"the {name} was {status.Replace('-', ' ')} in {statusOn}";
        var quote = $"Item {item}: officials said {statement}.";
        return (quote, new { kind = "project", quote, project = new { projectId, name, status, statement, statusOn } }, "/projects/" + projectId, null);
    }

    /// <summary>A step of a relationship. Sources mostly agree on when a pair took a step; some give only its year.</summary>
    private static (string Quote, object Fields, string Subject, string? FigureKey) Partnership(Random random, string item, string pair)
    {
        var step = random.Next(Levels.Length);
        var level = Levels[step];
        // The same date for a pair's step in every run (string.GetHashCode differs from process to process).
        var stable = pair.Aggregate(step, (h, c) => h * 31 + c) & 0x7fffffff;
        var taken = 1950 + step * 16 + stable % 8;
        var month = 1 + stable % 12;
        var effectiveOn = random.Next(3) == 0 ? taken.ToString(CultureInfo.InvariantCulture) : $"{taken}-{month:00}";
        var quote = $"Item {item}: the two countries ({pair}) established their {level.Replace('-', ' ')} in {effectiveOn}.";
        return (quote, new { kind = "partnership", quote, partnership = new { parties = pair.Split('-'), level, effectiveOn } }, "/partnerships/" + pair, null);
    }
}
