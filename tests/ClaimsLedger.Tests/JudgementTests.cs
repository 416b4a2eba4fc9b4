using System.Text.Json.Nodes;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>Analysts' judgement on the seed corpus: ranks and verdicts, vintages, derived-value checks, stale statuses, syndicated copies.</summary>
[Collection(LedgerCollection.Name)]
public sealed class JudgementTests(LedgerApp app) : SeededTests(app)
{
    private const string Change2022 = "trade-turnover-change:RU-VN:2022";
    private static Guid ThirtyPercent => Seed.ClaimId(Seed.Republished, "trade-change-2022");
    private static Guid ThirtyFivePointNine => Seed.ClaimId(Seed.Medvedev, "trade-change-2022");

    private async Task<long> VersionOf(Guid claim) => (await App.GetAsync($"/claims/{claim}")).Body!["version"]!.GetValue<long>();

    private static decimal HeadlineValue(JsonNode answer) => answer["figure"]!["headline"]!["value"]!.GetValue<decimal>();

    [Fact]
    public async Task Only_a_reviewer_ranks_a_claim_or_gives_a_verdict()
    {
        var count = await App.EventCountAsync();
        var version = await VersionOf(ThirtyPercent);
        var (rank, _) = await App.PostAsync($"/claims/{ThirtyPercent}/rank",
            new { expectedVersion = version, rank = "deprecated", reason = "a contributor's opinion" }, "contributor");
        var (verdict, _) = await App.PostAsync($"/claims/{ThirtyPercent}/verdict",
            new { expectedVersion = version, verdict = "false", note = "a contributor's opinion" }, "analyst-1");
        Assert.Equal((403, 403), (rank, verdict));
        Assert.Equal(count, await App.EventCountAsync());
    }

    [Fact]
    public async Task Ranking_the_30_percent_decline_deprecated_changes_the_2022_headline_and_shows_in_history()
    {
        var (_, before) = await App.GetAsync($"/figures/{Change2022}");
        Assert.Equal(-30m, HeadlineValue(before!));
        Assert.True(before!["figure"]!["conflict"]!["flagged"]!.GetValue<bool>());
        await Task.Delay(20);
        var beforeRank = DateTimeOffset.UtcNow.ToString("O");

        var (status, written) = await App.PostAsync($"/claims/{ThirtyPercent}/rank",
            new { expectedVersion = await VersionOf(ThirtyPercent), rank = "deprecated", reason = "from more than $7 bn, a 30% fall cannot reach $4.5 bn" }, "reviewer-1");
        Assert.Equal(200, status);
        Assert.Equal(2, written!["version"]!.GetValue<long>());

        var (_, after) = await App.GetAsync($"/figures/{Change2022}");
        Assert.Equal(-35.9m, HeadlineValue(after!));
        Assert.Single(after!["figure"]!["claims"]!.AsArray());
        Assert.False(after["figure"]!["conflict"]!["flagged"]!.GetValue<bool>());

        var (_, all) = await App.GetAsync($"/figures/{Change2022}?rank=all");
        Assert.Equal(-35.9m, HeadlineValue(all!));
        var deprecated = all!["figure"]!["claims"]!.AsArray().Single(c => c!["claimId"]!.GetValue<Guid>() == ThirtyPercent)!;
        Assert.Equal("deprecated", deprecated["rank"]!.GetValue<string>());
        Assert.True(all["figure"]!["conflict"]!["flagged"]!.GetValue<bool>());

        // The ledger as it stood before the rank still heads with the 30%.
        var (_, then) = await App.GetAsync($"/figures/{Change2022}?recordedAsOf={Uri.EscapeDataString(beforeRank)}");
        Assert.Equal(-30m, HeadlineValue(then!));

        var (_, history) = await App.GetAsync($"/claims/{ThirtyPercent}/history");
        var ranked = history!["versions"]!.AsArray()[^1]!;
        Assert.Equal(("ranked", "key:reviewer-1", "from more than $7 bn, a 30% fall cannot reach $4.5 bn"),
            (ranked["eventType"]!.GetValue<string>(), ranked["actor"]!.GetValue<string>(), ranked["reason"]!.GetValue<string>()));
        var change = ranked["changes"]!.AsArray().Single()!;
        Assert.Equal(("rank", "normal", "deprecated"),
            (change["field"]!.GetValue<string>(), change["before"]!.GetValue<string>(), change["after"]!.GetValue<string>()));

        var (_, claim) = await App.GetAsync($"/claims/{ThirtyPercent}");
        Assert.Equal("deprecated", claim!["rank"]!.GetValue<string>());
    }

    [Fact]
    public async Task Loading_the_corpus_again_after_ranks_verdicts_and_links_appends_nothing()
    {
        var corrected = Seed.ClaimId(Seed.Republished, "putin-visit-upcoming");   // the corpus corrects this claim once
        var version = await VersionOf(corrected);
        Assert.Equal(200, (await App.PostAsync($"/claims/{corrected}/rank", new { expectedVersion = version, rank = "preferred", reason = "r" })).Status);
        Assert.Equal(200, (await App.PostAsync($"/claims/{corrected}/verdict", new { expectedVersion = version + 1, verdict = "supported", note = "n" })).Status);
        Assert.Equal(200, (await App.PostAsync($"/sources/{Seed.SourceId(Seed.Phuc2021)}/links",
            new { otherSourceId = Seed.SourceId(Seed.Republished), reason = "r" })).Status);
        var count = await App.EventCountAsync();
        var reports = await App.LoadSeedAsync();
        Assert.Equal(count, await App.EventCountAsync());
        Assert.All(reports, r => Assert.Equal(0, r.NewCorrections));
    }

    [Fact]
    public async Task A_correction_added_to_the_corpus_after_a_rank_is_still_loaded()
    {
        var folder = Directory.CreateTempSubdirectory("claimsledger-judgement-").FullName;
        try
        {
            File.Copy(Path.Combine(LedgerApp.SeedDirectory, Seed.Phuc2021 + ".txt"), Path.Combine(folder, Seed.Phuc2021 + ".txt"));
            var file = Path.Combine(folder, Seed.Phuc2021 + ".claims.json");
            var corpus = JsonNode.Parse(File.ReadAllText(Path.Combine(LedgerApp.SeedDirectory, Seed.Phuc2021 + ".claims.json")))!;
            var claimId = Seed.ClaimId(Seed.Phuc2021, "trade-2020");
            Assert.Equal(200, (await App.PostAsync($"/claims/{claimId}/rank", new { expectedVersion = 1, rank = "preferred", reason = "r" })).Status);

            var claim = corpus["claims"]!.AsArray().Single(c => c!["key"]!.GetValue<string>() == "trade-2020")!;
            claim["corrections"] = new JsonArray(new JsonObject { ["reason"] = "a later reading", ["changes"] = new JsonObject { ["note"] = "checked again" } });
            File.WriteAllText(file, corpus.ToJsonString());
            var report = Assert.Single(await new ClaimsLedger.Seeding.CorpusLoader(App.Client).LoadDirectoryAsync(folder));
            Assert.Equal(1, report.NewCorrections);
            var (_, after) = await App.GetAsync($"/claims/{claimId}");
            Assert.Equal(("checked again", "preferred", 3L), (after!["note"]!.GetValue<string>(), after["rank"]!.GetValue<string>(), after["version"]!.GetValue<long>()));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task A_preferred_claim_heads_even_when_a_newer_source_says_otherwise()
    {
        var (status, _) = await App.PostAsync($"/claims/{ThirtyFivePointNine}/rank",
            new { expectedVersion = await VersionOf(ThirtyFivePointNine), rank = "preferred", reason = "printed with one decimal; agrees with the 2022 level" });
        Assert.Equal(200, status);
        var (_, view) = await App.GetAsync($"/figures/{Change2022}");
        Assert.Equal(-35.9m, HeadlineValue(view!));
        Assert.Equal(2, view!["figure"]!["claims"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("deprecated", null, "reason")]
    [InlineData("deprecated", "  ", "reason")]
    [InlineData("obsolete", "a reason", "rank")]
    [InlineData(null, "a reason", "rank")]
    [InlineData("normal", "already normal", "rank")]
    public async Task A_rank_without_a_reason_or_with_an_unknown_rank_is_refused_and_appends_nothing(string? rank, string? reason, string field)
    {
        var count = await App.EventCountAsync();
        var (status, problem) = await App.PostAsync($"/claims/{ThirtyPercent}/rank", new { expectedVersion = 1, rank, reason });
        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]![field]);
        Assert.Equal(count, await App.EventCountAsync());
    }

    [Fact]
    public async Task A_stale_rank_is_a_conflict_and_appends_nothing()
    {
        var count = await App.EventCountAsync();
        var (status, problem) = await App.PostAsync($"/claims/{ThirtyPercent}/rank", new { expectedVersion = 7, rank = "deprecated", reason = "r" });
        Assert.Equal(409, status);
        Assert.Equal(1, problem!["currentVersion"]!.GetValue<long>());
        Assert.Equal(count, await App.EventCountAsync());
    }

    [Fact]
    public async Task A_verdict_shows_in_the_claim_and_its_history_and_exports_as_ClaimReview()
    {
        var (none, missing) = await App.GetAsync($"/claims/{ThirtyPercent}/claim-review");
        Assert.Equal(404, none);
        Assert.Equal(("No verdict yet", "verdict"), (missing!["title"]!.GetValue<string>(), missing["field"]!.GetValue<string>()));

        var (status, _) = await App.PostAsync($"/claims/{ThirtyPercent}/verdict",
            new { expectedVersion = 1, verdict = "disputed", note = "000 prints -35.9%, which fits the 2021 and 2022 levels" }, "reviewer-2");
        Assert.Equal(200, status);

        var (_, claim) = await App.GetAsync($"/claims/{ThirtyPercent}");
        Assert.Equal(("disputed", 2L), (claim!["verdict"]!.GetValue<string>(), claim["version"]!.GetValue<long>()));
        var (_, history) = await App.GetAsync($"/claims/{ThirtyPercent}/history");
        Assert.Equal("verdict", history!["versions"]!.AsArray()[^1]!["eventType"]!.GetValue<string>());

        using var response = await App.Client.GetAsync($"/claims/{ThirtyPercent}/claim-review");
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType!.MediaType);
        var review = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("https://schema.org", "ClaimReview"), (review["@context"]!.GetValue<string>(), review["@type"]!.GetValue<string>()));
        Assert.Contains("fell by 30%", review["claimReviewed"]!.GetValue<string>());
        Assert.Equal(("disputed", 2), (review["reviewRating"]!["alternateName"]!.GetValue<string>(), review["reviewRating"]!["ratingValue"]!.GetValue<int>()));
        Assert.Equal("key:reviewer-2", review["author"]!["name"]!.GetValue<string>());
        Assert.Equal("2023-05", review["itemReviewed"]!["appearance"]!["datePublished"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("wrong", "a note", "verdict")]
    [InlineData("false", "", "note")]
    public async Task A_verdict_must_be_known_and_have_a_note(string verdict, string note, string field)
    {
        var count = await App.EventCountAsync();
        var (status, problem) = await App.PostAsync($"/claims/{ThirtyPercent}/verdict", new { expectedVersion = 1, verdict, note });
        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]![field]);
        Assert.Equal(count, await App.EventCountAsync());
    }

    [Fact]
    public async Task The_vintages_of_the_2022_figure_list_both_articles_values_with_their_publication_intervals()
    {
        var (status, answer) = await App.GetAsync($"/figures/{Change2022}?view=vintages");
        Assert.Equal(200, status);
        Assert.Equal("vintages", answer!["view"]!.GetValue<string>());
        var vintages = answer["vintages"]!.AsArray();
        Assert.Equal([-35.9m, -30m], vintages.Select(v => v!["claim"]!["value"]!.GetValue<decimal>()));
        Assert.All(vintages, v => Assert.Equal(("2023-05-01", "2023-05-31"),
            (v!["publishedFrom"]!.GetValue<string>(), v["publishedTo"]!.GetValue<string>())));
        Assert.Equal([Seed.SourceId(Seed.Medvedev), Seed.SourceId(Seed.Republished)], vintages.Select(v => v!["claim"]!["sourceId"]!.GetValue<Guid>()));
        // Both became known on the same day; the later recording heads, and still does.
        var thirty = vintages[1]!;
        Assert.Equal("2023-05-31", thirty["headlineFrom"]!.GetValue<string>());
        Assert.Null(thirty["headlineUntil"]);
        Assert.Null(vintages[0]!["headlineFrom"]);

        // Deprecating the 30% gives the headline to -35.9% for the same interval.
        await App.PostAsync($"/claims/{ThirtyPercent}/rank", new { expectedVersion = 1, rank = "deprecated", reason = "inconsistent with the levels" });
        var (_, ranked) = await App.GetAsync($"/figures/{Change2022}?view=vintages&rank=all");
        var first = ranked!["vintages"]!.AsArray()[0]!;
        Assert.Equal((-35.9m, "2023-05-31"), (first["claim"]!["value"]!.GetValue<decimal>(), first["headlineFrom"]!.GetValue<string>()));
        Assert.Null(ranked["vintages"]!.AsArray()[1]!["headlineFrom"]);
    }

    [Fact]
    public async Task The_changes_view_lists_the_days_the_headline_moved_and_first_the_first_value_published()
    {
        // trade-turnover:RU-VN:2021-01..2021-09 has one source; the 2020 level too. A series of two sources for one key is the 2022 change.
        var (_, changes) = await App.GetAsync($"/figures/{Change2022}?view=changes");
        var list = changes!["changes"]!.AsArray();
        Assert.Equal(("2023-05-31", -30m), (list.Single()!["on"]!.GetValue<string>(), list.Single()!["headline"]!["value"]!.GetValue<decimal>()));
        var (_, first) = await App.GetAsync("/figures/trade-turnover:RU-VN:2020?view=first");
        Assert.Equal(4.85m, first!["first"]!["value"]!.GetValue<decimal>());
        var (_, latest) = await App.GetAsync($"/figures/{Change2022}");
        Assert.Null(latest!["vintages"]);
        var (bad, problem) = await App.GetAsync($"/figures/{Change2022}?view=best");
        Assert.Equal(400, bad);
        Assert.NotNull(problem!["errors"]!["view"]);
    }

    [Fact]
    public async Task The_2021_to_2022_trade_chain_is_checked_and_reported()
    {
        var (_, answer) = await App.GetAsync("/figures/trade-turnover:RU-VN:2022");
        var checks = answer!["checks"]!.AsArray();
        Assert.Equal(2, checks.Count);
        Assert.All(checks, c => Assert.Equal(("trade-turnover:RU-VN:2021", "trade-turnover-change:RU-VN:2022", "trade-turnover:RU-VN:2022"),
            (c!["baseFigureKey"]!.GetValue<string>(), c["changeFigureKey"]!.GetValue<string>(), c["nextFigureKey"]!.GetValue<string>())));

        var byThird = checks.Single(c => c!["change"]!["claimId"]!.GetValue<Guid>() == ThirtyFivePointNine)!;
        Assert.Equal("consistent", byThird["outcome"]!.GetValue<string>());
        Assert.Equal(4.487m, byThird["implied"]!["value"]!.GetValue<decimal>());
        Assert.Null(byThird["implied"]!["high"]);                          // "exceeded $7 billion" has no upper bound
        Assert.InRange(byThird["implied"]!["low"]!.GetValue<decimal>(), 4.44m, 4.46m);
        Assert.Equal(4.5m, decimal.Parse(byThird["next"]!["said"]!.GetValue<string>().Split(' ')[0]));

        var byThirty = checks.Single(c => c!["change"]!["claimId"]!.GetValue<Guid>() == ThirtyPercent)!;
        Assert.Equal("inconsistent", byThirty["outcome"]!.GetValue<string>());
        Assert.True(byThirty["implied"]!["low"]!.GetValue<decimal>() > byThirty["next"]!["high"]!.GetValue<decimal>());
        Assert.Contains("rounding", byThirty["tolerance"]!.GetValue<string>());
        Assert.Contains("does not fit", byThirty["explanation"]!.GetValue<string>());

        // The change figure and the series report the same checks, and so does the list of figures.
        var (_, change) = await App.GetAsync($"/figures/{Change2022}");
        Assert.Equal(2, change!["checks"]!.AsArray().Count);
        var (_, list) = await App.GetAsync("/figures");
        Assert.Equal(2, list!["checks"]!.AsArray().Count(c => c!["nextFigureKey"]!.GetValue<string>() == "trade-turnover:RU-VN:2022"));
    }

    [Fact]
    public async Task The_2024_January_to_November_figure_is_not_compared_with_full_years()
    {
        var (_, series) = await App.GetAsync("/figures/trade-turnover:RU-VN");
        var checks = series!["checks"]!.AsArray();
        var partYear = checks.Single(c => c!["changeFigureKey"]!.GetValue<string>() == "trade-turnover-change:RU-VN:2024-01..2024-11")!;
        Assert.Equal("not-checkable", partYear["outcome"]!.GetValue<string>());
        Assert.Equal("trade-turnover:RU-VN:2023-01..2023-11", partYear["baseFigureKey"]!.GetValue<string>());
        Assert.Contains("part of a year", partYear["explanation"]!.GetValue<string>());
        Assert.Null(partYear["base"]);

        // No check anywhere puts a part-year figure next to a full-year one.
        static bool WholeYear(string key) => key.Split(':')[2].Length == 4;
        foreach (var check in checks)
        {
            var keys = new[] { "baseFigureKey", "changeFigureKey", "nextFigureKey" }.Select(k => check![k]!.GetValue<string>()).ToList();
            var used = new[] { "base", "next" }.Where(k => check![k] is not null).Select(k => check![k]!["figureKey"]!.GetValue<string>()).Append(keys[1]);
            Assert.True(used.All(WholeYear) || !used.Any(WholeYear), $"{string.Join(", ", used)} mixes part-year and full-year periods");
        }

        var (_, figure) = await App.GetAsync("/figures/trade-turnover:RU-VN:2024-01..2024-11");
        Assert.All(figure!["checks"]!.AsArray(), c => Assert.Equal("not-checkable", c!["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_part_year_change_is_checked_against_the_same_months_of_the_year_before_never_the_full_year()
    {
        const string text = "Trade between Russia and Vietnam reached 3.32 billion USD in January-November 2023. " +
                            "For the whole of 2023, trade came to 3.6 billion USD.";
        var (_, source) = await App.PostAsync("/sources", new { title = "Trade in 2023", publishedOn = "2024-01", dateBasis = "inferred", dateNote = "reports 2023 totals", text });
        var sourceId = source!["id"]!.GetValue<Guid>();
        async Task Level(string quote, string period, decimal value) => Assert.Equal(201, (await App.PostAsync("/claims", new
        {
            sourceId, kind = "figure", quote,
            figure = new { metric = "trade-turnover", parties = new[] { "RU", "VN" }, period, unit = "usd", scale = "billion", qualifier = "exact", value },
        })).Status);
        await Level("reached 3.32 billion USD in January-November 2023", "2023-01..2023-11", 3.32m);
        await Level("For the whole of 2023, trade came to 3.6 billion USD", "2023", 3.6m);

        // The Jan–Nov 2023 level's own page finds the Jan–Nov 2024 change (the same months a year later).
        var (_, partYear) = await App.GetAsync("/figures/trade-turnover:RU-VN:2023-01..2023-11");
        var check = partYear!["checks"]!.AsArray().Single()!;
        Assert.Equal(("consistent", "trade-turnover:RU-VN:2024-01..2024-11"), (check["outcome"]!.GetValue<string>(), check["nextFigureKey"]!.GetValue<string>()));
        Assert.Equal(4.15m, check["implied"]!["value"]!.GetValue<decimal>());

        // The full-year 2023 level takes part in no check: no change relates 2023 to 2022 or 2024 in the corpus.
        var (_, fullYear) = await App.GetAsync("/figures/trade-turnover:RU-VN:2023");
        Assert.Empty(fullYear!["checks"]!.AsArray());
        var (_, series) = await App.GetAsync("/figures/trade-turnover:RU-VN");
        Assert.DoesNotContain(series!["checks"]!.AsArray(), c => c!["base"]?["figureKey"]?.GetValue<string>() == "trade-turnover:RU-VN:2023");
    }

    [Fact]
    public async Task A_status_older_than_the_staleness_age_with_no_newer_report_is_flagged_with_its_age()
    {
        var (_, late) = await App.GetAsync("/projects/ninh-thuan-1-nuclear-power-plant?asOf=2026-11-23");
        Assert.Equal((365, "2026-11-23"), (late!["staleness"]!["staleAfterDays"]!.GetValue<int>(), late["staleness"]!["agesOn"]!.GetValue<string>()));
        var project = late["project"]!;
        Assert.True(project["needsRecheck"]!.GetValue<bool>());
        var reports = project["reports"]!.AsArray();
        var latest = reports[^1]!;
        Assert.Equal(("proposed", "2025-01"), (latest["status"]!.GetValue<string>(), latest["reportedFor"]!.GetValue<string>()));
        Assert.Equal(new DateOnly(2026, 11, 23).DayNumber - new DateOnly(2025, 1, 31).DayNumber, latest["ageDays"]!.GetValue<int>());
        Assert.True(latest["stale"]!.GetValue<bool>());
        Assert.All(reports.Take(reports.Count - 1), r => Assert.False(r!["stale"]!.GetValue<bool>()));   // each has a newer report

        var (_, fresh) = await App.GetAsync("/projects/ninh-thuan-1-nuclear-power-plant?asOf=2025-06-01");
        Assert.False(fresh!["project"]!["needsRecheck"]!.GetValue<bool>());
        Assert.Equal(121, fresh["project"]!["latest"]!["ageDays"]!.GetValue<int>());

        var (_, all) = await App.GetAsync("/projects?asOf=2026-11-23");
        Assert.Contains(all!["projects"]!.AsArray(), p => p!["needsRecheck"]!.GetValue<bool>());
        Assert.All(all["projects"]!.AsArray(), p => Assert.Equal(
            p!["latest"]!["ageDays"]!.GetValue<int>() > 365 && p["latest"]!["status"]!.GetValue<string>() is not ("completed" or "cancelled"),
            p["needsRecheck"]!.GetValue<bool>()));
        Assert.Contains(all["projects"]!.AsArray(), p => p!["latest"]!["status"]!.GetValue<string>() == "completed" && !p["needsRecheck"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_staleness_age_comes_from_configuration()
    {
        await using var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", App.ConnectionString);
            b.UseSetting("Ledger:SeedOnStart", "false");
            b.UseSetting("Ledger:StaleAfterDays", "30");
        });
        using var client = factory.CreateClient();
        var answer = JsonNode.Parse(await client.GetStringAsync("/projects/ninh-thuan-1-nuclear-power-plant?asOf=2025-06-01"))!;
        Assert.Equal(30, answer["staleness"]!["staleAfterDays"]!.GetValue<int>());
        Assert.True(answer["project"]!["needsRecheck"]!.GetValue<bool>());        // 121 days old: stale at 30, fresh at 365
    }

    [Fact]
    public async Task No_two_seed_articles_are_copies_of_each_other()
    {
        foreach (var article in Seed.Articles)
        {
            var (_, similar) = await App.GetAsync($"/sources/{Seed.SourceId(article)}/similar");
            Assert.All(similar!["sources"]!.AsArray(), s => Assert.False(s!["copies"]!.GetValue<bool>()));
        }
    }

    [Fact]
    public async Task A_similarity_is_the_Jaccard_and_containment_of_the_two_texts_five_word_shingles()
    {
        // Worked out here from the texts, word strings and all, as the rule states it: the service keeps hashes.
        static HashSet<string> Shingles(string text)
        {
            var words = System.Text.RegularExpressions.Regex.Matches(text.ToLowerInvariant(), @"[\p{L}\p{N}]+").Select(m => m.Value).ToArray();
            return Enumerable.Range(0, Math.Max(0, words.Length - 4)).Select(i => string.Join(' ', words[i..(i + 5)])).ToHashSet();
        }
        var medvedev = Seed.Text(Seed.Medvedev);
        // A source quoting one seed article at length, and one sharing a sentence with another: a high and a low overlap.
        var quoting = "An analyst's digest. " + medvedev[..(medvedev.Length * 2 / 3)];
        var sharing = "A short note. " + Seed.Text(Seed.Phuc2021)[..400] + " Nothing more.";
        // Words in other scripts, and characters at the edges of a word: precomposed and combining diacritics (a
        // combining mark ends a word), superscripts, fractions and Roman numerals (numbers), an emoji (a surrogate pair),
        // letters whose lower case is another letter, and punctuation inside words.
        var scripts = "Thủ tướng Phạm Minh Chính, cafe\u0301 naïve ﬁnance; 2²³ ½ Ⅻ ⅻ x² 😀word 𝐀𝐁 Москва ΣΊΣΥΦΟΣ İstanbul 東京 ٣٤ " +
            "e-mail o'clock U.S.A. " + Seed.Text(Seed.Medvedev)[..600] + " ǅ ǈ ß ẞ ﬀ ÆØÅ the end.";
        var texts = Seed.Articles.ToDictionary(Seed.SourceId, Seed.Text);
        foreach (var (title, text) in new[] { ("Digest quoting Medvedev's visit", quoting), ("Note sharing a passage", sharing), ("A note in many scripts", scripts) })
        {
            var (status, body) = await App.PostAsync("/sources", new { title, publishedOn = "2024-01", dateBasis = "stated", text });
            Assert.Equal(201, status);
            texts[body!["id"]!.GetValue<Guid>()] = text;
        }

        foreach (var (id, text) in texts)
        {
            var (_, similar) = await App.GetAsync($"/sources/{id}/similar");
            var listed = similar!["sources"]!.AsArray().Select(s => s!).ToList();
            Assert.Equal(texts.Keys.Where(k => k != id).Order(), listed.Select(s => s["sourceId"]!.GetValue<Guid>()).Order());
            var mine = Shingles(text);
            foreach (var other in listed)
            {
                var theirs = Shingles(texts[other["sourceId"]!.GetValue<Guid>()]);
                var shared = mine.Count(theirs.Contains);
                Assert.Equal(Math.Round((decimal)shared / (mine.Count + theirs.Count - shared), 4), other["jaccard"]!.GetValue<decimal>());
                Assert.Equal(Math.Round((decimal)shared / Math.Min(mine.Count, theirs.Count), 4), other["containment"]!.GetValue<decimal>());
            }
            Assert.Equal(listed.OrderByDescending(s => s["jaccard"]!.GetValue<decimal>()).ThenByDescending(s => s["containment"]!.GetValue<decimal>()), listed);
        }
    }

    [Fact]
    public async Task A_limit_lists_only_the_most_similar_sources_and_a_bad_one_is_refused_naming_it()
    {
        var path = $"/sources/{Seed.SourceId(Seed.Medvedev)}/similar";
        var every = (await App.GetAsync(path)).Body!["sources"]!.AsArray();
        Assert.Equal(Seed.Articles.Length - 1, every.Count);

        var (status, two) = await App.GetAsync(path + "?limit=2");

        Assert.Equal(200, status);
        Assert.Equal(every.Take(2).Select(s => s!.ToJsonString()), two!["sources"]!.AsArray().Select(s => s!.ToJsonString()));
        Assert.Equal(every.Count, (await App.GetAsync(path + "?limit=1000")).Body!["sources"]!.AsArray().Count);
        foreach (var bad in new[] { "0", "1001", "all" })
        {
            var (refused, problem) = await App.GetAsync($"{path}?limit={bad}");
            Assert.Equal(400, refused);
            Assert.NotNull(problem!["errors"]!["limit"]);
        }
    }

    [Fact]
    public async Task A_republished_copy_is_detected_linked_as_one_origin_and_its_agreement_is_not_independent()
    {
        var original = Seed.Text(Seed.Medvedev);
        var copy = "Republished with permission from a wire service.\n\n" + original.Replace("Vietnam", "Viet Nam").Replace("Medvedev", "D. Medvedev");
        var (registered, source) = await App.PostAsync("/sources", new
        {
            title = "Medvedev in Viet Nam (wire copy)", outlet = "Example Wire", publishedOn = "2023-06", dateBasis = "inferred",
            dateNote = "re-publication of the May 2023 report", text = copy,
        });
        Assert.Equal(201, registered);
        var copyId = source!["id"]!.GetValue<Guid>();

        var (_, similar) = await App.GetAsync($"/sources/{copyId}/similar");
        var best = similar!["sources"]!.AsArray()[0]!;
        Assert.Equal(Seed.SourceId(Seed.Medvedev), best["sourceId"]!.GetValue<Guid>());
        Assert.True(best["copies"]!.GetValue<bool>());
        Assert.True(best["jaccard"]!.GetValue<decimal>() >= 0.5m);
        Assert.Single(similar["sources"]!.AsArray(), s => s!["copies"]!.GetValue<bool>());

        var fall = (await App.GetAsync($"/claims/{ThirtyFivePointNine}")).Body!["quote"]!.GetValue<string>();
        Assert.Contains(fall, copy);
        var (recorded, _) = await App.PostAsync("/claims", new
        {
            sourceId = copyId, kind = "figure", quote = fall,
            figure = new { metric = "trade-turnover-change", parties = new[] { "RU", "VN" }, period = "2022", unit = "percent", scale = "one", qualifier = "exact", value = -35.9m, basePeriod = "2021" },
        });
        Assert.Equal(201, recorded);
        var (_, unlinked) = await App.GetAsync($"/figures/{Change2022}");
        Assert.Equal((3, 3), (unlinked!["figure"]!["sourceCount"]!.GetValue<int>(), unlinked["figure"]!["independentSourceCount"]!.GetValue<int>()));

        var (detected, links) = await App.PostAsync($"/sources/{copyId}/syndication/detect", new { });
        Assert.Equal(200, detected);
        Assert.Equal([Seed.SourceId(Seed.Medvedev)], links!["linked"]!.AsArray().Select(l => l!.GetValue<Guid>()));
        var (_, linked) = await App.GetAsync($"/figures/{Change2022}");
        Assert.Equal((3, 2), (linked!["figure"]!["sourceCount"]!.GetValue<int>(), linked["figure"]!["independentSourceCount"]!.GetValue<int>()));
        // The list and the figures' CSV count origins as the figure's own read does.
        var (_, list) = await App.GetAsync("/figures?metric=trade-turnover-change&pageSize=500");
        var listed = list!["figures"]!.AsArray().Single(f => f!["figureKey"]!.GetValue<string>() == Change2022)!;
        Assert.Equal((3, 2), (listed["sourceCount"]!.GetValue<int>(), listed["independentSourceCount"]!.GetValue<int>()));
        var row = (await CsvAnswer.GetAsync(App, "/figures.csv?metric=trade-turnover-change")).Rows.Single(r => r["FigureKey"] == Change2022);
        Assert.Equal(("3", "2"), (row["SourceCount"], row["IndependentSourceCount"]));
        var (_, detail) = await App.GetAsync($"/sources/{Seed.SourceId(Seed.Medvedev)}");
        Assert.Equal(("detected", copyId), (detail!["links"]!.AsArray().Single()!["basis"]!.GetValue<string>(), detail["links"]!.AsArray().Single()!["sourceId"]!.GetValue<Guid>()));

        // Detecting again appends nothing; unlinking by hand makes them independent again.
        var count = await App.EventCountAsync();
        await App.PostAsync($"/sources/{copyId}/syndication/detect", new { });
        Assert.Equal(count, await App.EventCountAsync());
        var (unlink, _) = await App.PostAsync($"/sources/{copyId}/unlink", new { otherSourceId = Seed.SourceId(Seed.Medvedev), reason = "independent reporting after all" });
        Assert.Equal(200, unlink);
        var (_, again) = await App.GetAsync($"/figures/{Change2022}");
        Assert.Equal(3, again!["figure"]!["independentSourceCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sources_linked_by_hand_count_once_and_a_link_needs_a_reason_and_another_source()
    {
        var (a, b) = (Seed.SourceId(Seed.Medvedev), Seed.SourceId(Seed.Republished));
        var count = await App.EventCountAsync();
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { otherSourceId = b, reason = "" }, "reason"),
                     (new { otherSourceId = a, reason = "same" }, "otherSourceId"),
                     (new { otherSourceId = Guid.NewGuid(), reason = "x" }, "otherSourceId"),
                     (new { reason = "x" }, "otherSourceId"),
                 })
        {
            var (status, problem) = await App.PostAsync($"/sources/{a}/links", body);
            Assert.Equal(400, status);
            Assert.NotNull(problem!["errors"]![field]);
        }
        var (notLinked, _) = await App.PostAsync($"/sources/{a}/unlink", new { otherSourceId = b, reason = "x" });
        Assert.Equal(400, notLinked);
        Assert.Equal(count, await App.EventCountAsync());

        var (linked, _) = await App.PostAsync($"/sources/{a}/links", new { otherSourceId = b, reason = "001 relays 000's trade paragraph" }, "analyst-1");
        Assert.Equal(200, linked);
        var (_, view) = await App.GetAsync($"/figures/{Change2022}");
        Assert.Equal((2, 1), (view!["figure"]!["sourceCount"]!.GetValue<int>(), view["figure"]!["independentSourceCount"]!.GetValue<int>()));
        var (_, history) = await App.GetAsync($"/sources/{b}");
        Assert.Equal("linked", history!["history"]!.AsArray()[^1]!["eventType"]!.GetValue<string>());
    }
}
