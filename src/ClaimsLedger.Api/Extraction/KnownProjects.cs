using System.Text.RegularExpressions;

namespace ClaimsLedger.Extraction;

/// <summary>
/// A project the extractor knows by name: its ledger id, the names it goes by in print, what kind of thing it is (which
/// decides what "took part in" means: a running programme, or an event that is over), and, for the few whose status does
/// not change from article to article, the status a bare mention stands for and since when.
/// </summary>
public sealed record KnownProject(string Id, string Name, string Kind, string[] Aliases, string? SettledStatus = null, string? Since = null);

public static class KnownProjects
{
    public const string Facility = "facility";
    public const string Agreement = "agreement";
    public const string Programme = "programme";
    public const string Mechanism = "mechanism";
    public const string Venture = "venture";
    public const string Topic = "topic";

    /// <summary>
    /// Russia–Vietnam cooperation projects that recur in the press. Written from general knowledge of the relationship
    /// (and so overlapping the seed corpus's projects: see docs/extraction.md on what that means for the measures).
    /// </summary>
    public static readonly KnownProject[] All =
    [
        new("ninh-thuan-1-nuclear-power-plant", "Ninh Thuan 1 nuclear power plant (Rosatom)", Facility,
            ["Ninh Thuan-1 nuclear power plant", "Ninh Thuan 1 nuclear power plant", "Ninh Thuan 1", "Ninh Thuan-1", "Ninhthuan", "Ninh Thuan nuclear power plant", "Ninh Thuan", "nuclear power plant"]),
        new("vietsovpetro", "Vietsovpetro oil and gas joint venture", Venture, ["Vietsovpetro"], "operating", "1981"),
        new("rusvietpetro", "Rusvietpetro oil joint venture", Venture, ["Rusvietpetro"], "operating", "2008"),
        new("vn-eaeu-free-trade-agreement", "Vietnam–Eurasian Economic Union Free Trade Agreement", Agreement,
            ["Free Trade Agreement between Vietnam and the Eurasian Economic Union", "free trade agreement between Vietnam and the EAEU",
             "Vietnam-EAEU FTA", "Vietnam–EAEU FTA", "Vietnam - EAEU FTA", "Vietnam-Eurasian Economic Union Free Trade Agreement",
             "Vietnam–Eurasian Economic Union Free Trade Agreement", "FTA with the Eurasian Economic Union", "FTA with the EAEU"], "operating", "2016-10"),
        new("nuclear-science-technology-centre", "Vietnam–Russia Centre for Nuclear Science and Technology", Facility,
            ["Center for Nuclear Science and Technology", "Centre for Nuclear Science and Technology"]),
        new("international-army-games", "Russian–Vietnamese participation in the International Army Games", Programme, ["International Army Games", "Army Games"]),
        new("intergovernmental-committee-military-technical-cooperation", "Vietnam–Russia Intergovernmental Committee on Military Technical Cooperation", Mechanism,
            ["Intergovernmental Committee on Military Technical Cooperation", "Intergovernmental Committee on Military-Technical Cooperation"]),
        new("intergovernmental-commission-economic-cooperation", "Vietnam–Russia Intergovernmental Commission on Economic, Trade and Scientific-Technical Cooperation", Mechanism,
            ["Intergovernmental Commission on Economic, Trade and Scientific-Technical Cooperation", "Intergovernmental Commission on Economic-Trade and Scientific-Technical Cooperation"]),
        new("diplomatic-defence-security-strategic-dialogue", "Vietnam–Russia Diplomatic-Defence-Security Strategic Dialogue", Mechanism,
            ["Diplomatic-Defense-Security Strategic Dialogue", "Diplomatic-Defence-Security Strategic Dialogue"]),
        new("ru-vn-defence-strategic-dialogue", "Vietnam–Russia Defence Strategic Dialogue", Mechanism,
            ["Defense Strategic Dialogue", "Defence Strategic Dialogue", "defense strategic dialogues", "defence strategic dialogues", "defense strategic dialogue", "defence strategic dialogue"]),
        new("vietnam-russia-tropical-centre", "Vietnam–Russia Tropical Centre", Mechanism, ["Vietnam-Russia Tropical Centre", "Vietnam-Russia Tropical Center", "Tropical Centre", "Tropical Center"], "operating", "1988"),
        new("trade-in-national-currencies", "Russia–Vietnam trade settled in national currencies", Topic, ["national currencies"]),
        new("mir-payment-system-access-vietnam", "Access of the Russian Mir payment system to the Vietnamese market", Topic, ["Mir payment system", "Mir system", "Mir cards"]),
        new("sputnik-v-vaccine-supply-to-vietnam", "Supply of Russia's Sputnik V vaccine to Vietnam", Topic, ["Sputnik V"]),
        new("ru-vn-direct-air-links", "Direct air links between Russia and Vietnam", Topic, ["direct air links", "direct flights"]),
    ];

    private static readonly (Regex Pattern, KnownProject Project)[] Patterns = All
        .SelectMany(p => p.Aliases.Select(a => (Alias: a, Project: p)))
        .OrderByDescending(x => x.Alias.Length)
        .Select(x => (new Regex(@"(?<![\w-])" + Regex.Escape(x.Alias).Replace(@"\ ", @"\s+").Replace("-", "[-–]") + @"(?![\w])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), x.Project))
        .ToArray();

    /// <summary>Every known project named in a text, longest name first where two overlap, with absolute positions.</summary>
    public static List<(int Start, int End, KnownProject Project)> In(string text, int start, int end)
    {
        var found = new List<(int Start, int End, KnownProject Project)>();
        var segment = text[start..end];
        foreach (var (pattern, project) in Patterns)
            foreach (Match m in pattern.Matches(segment))
            {
                var s = start + m.Index;
                var e = s + m.Length;
                if (!found.Any(f => f.Start < e && s < f.End)) found.Add((s, e, project));
            }
        return found.OrderBy(f => f.Start).ToList();
    }
}
