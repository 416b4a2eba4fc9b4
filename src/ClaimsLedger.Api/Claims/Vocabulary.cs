namespace ClaimsLedger.Claims;

/// <summary>The closed word lists of the ledger. Metrics and project ids are open (slugs); these are not.</summary>
public static class Vocabulary
{
    public static readonly string[] Units = ["usd", "percent", "count", "rank"];

    public static readonly Dictionary<string, decimal> Scales = new()
    {
        ["one"] = 1m, ["thousand"] = 1_000m, ["million"] = 1_000_000m, ["billion"] = 1_000_000_000m,
    };

    /// <summary>exact: as stated; about: "about", "around"; nearly: "nearly", "almost" (just under);
    /// more-than: "exceeded", "more than", "over"; at-most: "up to"; range: low–high.</summary>
    public static readonly string[] Qualifiers = ["exact", "about", "nearly", "more-than", "at-most", "range"];

    /// <summary>In the order a relationship climbs them.</summary>
    public static readonly string[] PartnershipLevels =
        ["diplomatic-relations", "friendship-treaty", "strategic-partnership", "comprehensive-strategic-partnership"];

    public static readonly string[] ProjectStatuses =
    [
        "proposed", "planned", "under-negotiation", "agreed", "in-progress", "stalled", "resumed",
        "under-construction", "operating", "suspended", "completed", "cancelled",
    ];

    public static string OneOf(IEnumerable<string> words) => "must be one of " + string.Join(", ", words);
}

/// <summary>The analysts' judgement of a claim: its rank against other claims about the same subject, and its verdict.</summary>
public static class Judgement
{
    public const string Preferred = "preferred";
    public const string Normal = "normal";
    public const string Deprecated = "deprecated";

    /// <summary>Best first: the figure headline takes the best rank, then the newest source (<see cref="Figures.FigureRules"/>).</summary>
    public static readonly string[] Ranks = [Preferred, Normal, Deprecated];

    public static readonly string[] Verdicts = ["supported", "disputed", "false", "unverifiable"];

    /// <summary>0 for the best rank; ranks written before ranks existed (null) are normal.</summary>
    public static int Order(string? rank) => Array.IndexOf(Ranks, rank ?? Normal) is var i and >= 0 ? i : 1;
}
