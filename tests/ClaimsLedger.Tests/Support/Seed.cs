using System.Text.Json;
using ClaimsLedger.Common;
using ClaimsLedger.Seeding;
using ClaimsLedger.Sources;

namespace ClaimsLedger.Tests.Support;

/// <summary>Reads the corpus files themselves, so tests find claims by the corpus's own keys.</summary>
public static class Seed
{
    public static CorpusFile File(string article) =>
        JsonSerializer.Deserialize<CorpusFile>(System.IO.File.ReadAllText(Path.Combine(LedgerApp.SeedDirectory, article + ".claims.json")), LedgerJson.Options)!;

    public static string Text(string article) => System.IO.File.ReadAllText(Path.Combine(LedgerApp.SeedDirectory, article + ".txt"));

    public static Guid SourceId(string article) => Source.IdentityOf(Text(article)).Id;

    public static Guid ClaimId(string article, string key) => Claims.Claim.IdFor(SourceId(article), key);

    public const string Medvedev = "000_dec8bc856e57aa02";
    public const string Republished = "001_63fad04540299379";
    public const string Bezdetko2023 = "002_7f92b5c8280a6034";
    public const string Phuc2021 = "003_e4e91b381095fb8d";
    public const string Vna2025 = "004_8a27e3145563f967";
    public static readonly string[] Articles = [Medvedev, Republished, Bezdetko2023, Phuc2021, Vna2025];
}
