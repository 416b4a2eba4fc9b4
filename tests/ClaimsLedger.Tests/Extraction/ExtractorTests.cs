using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using ClaimsLedger.Extraction;

namespace ClaimsLedger.Tests.Extraction;

/// <summary>Each framing rule on the hand-written test articles (<see cref="TestArticles"/>): the claims a reviewer would record.</summary>
public sealed class ExtractorTests
{
    private static IReadOnlyList<Candidate> Extract(string text, string published)
    {
        Assert.True(PartialDate.TryParse(published, out var date));
        var result = Extractor.Extract(text, date);
        Assert.Empty(result.Discarded);
        return result.Candidates;
    }

    private static FigureFacts Figure(IReadOnlyList<Candidate> found, string key) =>
        Assert.Single(found, c => c.Content.Figure?.Key == key).Content.Figure!;

    private static ProjectFacts Project(IReadOnlyList<Candidate> found, string quoteStart) =>
        Assert.Single(found, c => c.Content.Kind == ClaimKinds.Project && c.Content.Quote.StartsWith(quoteStart, StringComparison.Ordinal)).Content.Project!;

    [Fact]
    public void Trade_figures_take_their_period_from_relative_dates_read_against_the_publication_date()
    {
        var found = Extract(TestArticles.Trade, "2024-03");

        var lastYear = Figure(found, "trade-turnover:RU-VN:2023");                        // "Last year" in March 2024
        Assert.Equal((5.2m, "billion", "usd", "more-than"), (lastYear.Value!.Value, lastYear.Scale, lastYear.Unit, lastYear.Qualifier)); // "surpassed"
        var twoMonths = Figure(found, "trade-turnover:RU-VN:2024-01..2024-02");         // "the first two months of this year"
        Assert.Equal((870m, "million", "about"), (twoMonths.Value!.Value, twoMonths.Scale, twoMonths.Qualifier));
        var janOct = Figure(found, "trade-turnover:RU-VN:2023-01..2023-10");            // "January–October": the last one over by March 2024
        Assert.Equal((3.1m, "nearly"), (janOct.Value!.Value, janOct.Qualifier));         // "almost"
        var target = Figure(found, "trade-turnover-target:RU-VN:by-2030");               // "hope to lift ... by 2030"
        Assert.Equal(10m, target.Value);
    }

    /// <summary>Each sentence's figures, in text order: key, qualifier, value and the base of a change.</summary>
    [Theory]
    [InlineData("Trade between Russia and Vietnam fell from $7 billion in 2021 to $4.5 billion in 2022.", "2023-03",   // the date right after an amount is its own
        "trade-turnover:RU-VN:2021 exact 7; trade-turnover:RU-VN:2022 exact 4.5")]
    [InlineData("Russia's exports to Vietnam reached $3 billion in 2021, and imports from Vietnam $2 billion.", "2022-03", // imports from a country are its exports
        "exports-ru-to-vn:RU-VN:2021 exact 3; exports-vn-to-ru:RU-VN:2021 exact 2")]
    [InlineData("Trade between Russia and Vietnam reached $5 billion in 2021, of which Vietnamese exports accounted for $3 billion.", "2022-03",
        "trade-turnover:RU-VN:2021 exact 5")]                                                                        // a country's part is not a second turnover
    [InlineData("Trade between Russia and Vietnam, driven by Vietnamese exports of seafood, reached $5 billion in 2021.", "2022-03",
        "trade-turnover:RU-VN:2021 exact 5")]                                                                        // a flow named in passing
    [InlineData("In 2020 trade between Russia and Vietnam, which had been $3 billion in 2015, reached $5 billion.", "2022-03", // an aside's date is its own
        "trade-turnover:RU-VN:2020 exact 5; trade-turnover:RU-VN:2015 exact 3")]
    [InlineData("In 2019, when trade between Russia and Vietnam reached $4.8 billion, the two sides met.", "2022-03",   // an aside's amount, the sentence's date
        "trade-turnover:RU-VN:2019 exact 4.8")]
    [InlineData("Trade between Russia and Vietnam reached $5 billion, the highest since 2015.", "2022-03",             // a comparison is no period
        "trade-turnover:RU-VN:2021 exact 5")]
    [InlineData("Trade between Russia and China reached $190 billion in 2022, while trade with Vietnam was $4 billion.", "2023-03",
        "trade-turnover:CN-RU:2022 exact 190; trade-turnover:RU-VN:2022 exact 4")]                                  // a clause of another country's trade
    [InlineData("Trade between Russia and Vietnam did not reach $5 billion in 2020.", "2023-03", "trade-turnover:RU-VN:2020 at-most 5")]
    [InlineData("In the first 10 months of 2023 trade between Russia and Vietnam was $3.05 billion, down 4.5% over the same period last year.", "2024-08",
        "trade-turnover:RU-VN:2023-01..2023-10 exact 3.05; trade-turnover-change:RU-VN:2023-01..2023-10 exact -4.5 against 2022-01..2022-10")] // year on year
    [InlineData("Two-way trade with Vietnam hit US$7.14 billion in 2021, up 26.2%.", "2024-08",                  // "US$" is no party
        "trade-turnover:RU-VN:2021 exact 7.14; trade-turnover-change:RU-VN:2021 exact 26.2 against 2020")]
    [InlineData("In 11 months of 2023, the trade turnover between Russia and Vietnam reached 3.3 billion USD.", "2024-08",
        "trade-turnover:RU-VN:2023-01..2023-11 exact 3.3")]                                                          // part of a year, not the year
    [InlineData("Trade between Russia and Vietnam in the 2018-2020 period averaged 4.5 billion USD a year.", "2024-08", "")] // a yearly mean
    [InlineData("Trade between Russia and Vietnam over the past five years reached 20 billion USD.", "2024-08", "")]        // a total over undated years
    [InlineData("Trade between Russia and Vietnam between 2015 and 2020 grew from 3.8 to 4.8 billion USD.", "2024-08", "")] // levels at a span's ends
    [InlineData("Russian-Vietnamese trade grew by 8% in 2023 to almost $4 billion.", "2024-03",                           // trade grew: no GDP growth
        "trade-turnover:RU-VN:2023 nearly 4; trade-turnover-change:RU-VN:2023 exact 8 against 2022")]
    [InlineData("In 2023 about 1,000 Russian tourists visited Vietnam every day.", "2024-03", "")]                       // a rate, not the year's arrivals
    [InlineData("In 2021, trade between Russia and Vietnam reached $5 billion. It fell to $4 billion the following year.", "2024-03",
        "trade-turnover:RU-VN:2021 exact 5; trade-turnover:RU-VN:2022 exact 4")]                                     // the year after the one named before
    [InlineData("Vietnam and Russia aim to raise bilateral trade to US$10 billion by 2030, up from US$3.6 billion last year.", "2024-06",
        "trade-turnover-target:RU-VN:by-2030 exact 10; trade-turnover:RU-VN:2023 exact 3.6")]                       // the level it rises from is no target
    [InlineData("Vietnam and Russia aim to increase to $10 billion the trade between them by 2030.", "2024-06",
        "trade-turnover-target:RU-VN:by-2030 exact 10")]
    [InlineData("Vietnam, Russia eye $10 billion trade target", "2024-06", "")]                                     // an aim without its year
    [InlineData("Trade between Russia and Vietnam reached $5 billion in 2021, compared with $4 billion a year earlier.", "2022-08",
        "trade-turnover:RU-VN:2021 exact 5; trade-turnover:RU-VN:2020 exact 4")]                                     // the level compared with, a year before
    [InlineData("Trade between Russia and Vietnam reached $5 billion in 2021, compared with $4 billion.", "2022-08",
        "trade-turnover:RU-VN:2021 exact 5")]                                                                        // compared with a level of no date said
    [InlineData("Vietnam's trade with the world reached $668 billion in 2021, while trade with Russia was $7 billion.", "2022-08",
        "trade-turnover:RU-VN:2021 exact 7")]                                                                        // a country's whole trade is not the pair's
    [InlineData("Trade between Russia and Vietnam could reach $10 billion in 2025.", "2023-06", "")]                  // a forecast: a period not begun
    [InlineData("Trade between Russia and Vietnam is expected to reach $6 billion in 2023.", "2023-06", "")]          // a forecast for a year not over
    [InlineData("In May 2023 trade between Russia and Vietnam reached $0.4 billion.", "2023-05-30",                        // May, the month, foretells nothing
        "trade-turnover:RU-VN:2023-05 exact 0.4")]
    public void A_sentence_s_amounts_are_framed_with_their_own_metric_parties_period_and_qualifier(string text, string published, string expected) =>
        Assert.Equal(expected, string.Join("; ", Extract(text, published).Where(c => c.Content.Figure is not null)
            .Select(c => $"{c.Content.Figure!.Key} {c.Content.Figure.Qualifier} {c.Content.Figure.Value}"
                         + (c.Content.Figure.BasePeriod is { } against ? $" against {against}" : ""))));

    [Fact]
    public void Halves_quarters_and_abbreviated_scales_are_read_as_periods_and_amounts()
    {
        var found = Extract(TestArticles.Wordings, "2024-06");

        var half = Figure(found, "trade-turnover:RU-VN:2023-01..2023-06");               // "the first half of 2023"
        Assert.Equal((2.1m, "billion", "usd"), (half.Value!.Value, half.Scale, half.Unit)); // "US$ 2.1 bn"
        var rise = Figure(found, "trade-turnover-change:RU-VN:2023-01..2023-06");        // "up 5.5 per cent over the same period in 2022"
        Assert.Equal((5.5m, "percent", "2022-01..2022-06"), (rise.Value!.Value, rise.Unit, rise.BasePeriod));
        var quarter = Figure(found, "trade-turnover:RU-VN:2024-01..2024-03");            // "the first quarter of 2024"
        Assert.Equal((1.2m, "billion"), (quarter.Value!.Value, quarter.Scale));
    }

    [Fact]
    public void Exports_and_their_changes_are_figures_for_each_direction_apart_from_the_turnover()
    {
        var found = Extract(TestArticles.Flows, "2024-05");

        var toRussia = Figure(found, "exports-vn-to-ru:RU-VN:2023");                     // "Vietnam's exports to Russia … reaching"
        Assert.Equal((2.1m, "billion", "usd", "exact"), (toRussia.Value!.Value, toRussia.Scale, toRussia.Unit, toRussia.Qualifier));
        var rise = Figure(found, "exports-vn-to-ru-change:RU-VN:2023");                  // "… to Russia rose 20 percent in 2023"
        Assert.Equal((20m, "percent", "2022"), (rise.Value!.Value, rise.Unit, rise.BasePeriod));
        var toVietnam = Figure(found, "exports-ru-to-vn:RU-VN:2023");                    // "Russian exports to Vietnam were about"
        Assert.Equal((1.5m, "about"), (toVietnam.Value!.Value, toVietnam.Qualifier));
        var quarter = Figure(found, "exports-ru-to-vn:RU-VN:2024-01..2024-03");          // "exports from Russia to Vietnam exceeded"
        Assert.Equal((400m, "million", "more-than"), (quarter.Value!.Value, quarter.Scale, quarter.Qualifier));
        var turnover = Figure(found, "trade-turnover:RU-VN:2024-01..2024-03");           // the same sentence's turnover stays the turnover
        Assert.Equal(1.1m, turnover.Value);
        Assert.DoesNotContain(found, c => c.Content.Figure?.Metric == "trade-turnover" && c.Content.Figure.Period == "2023");
    }

    [Fact]
    public void A_text_without_sentence_breaks_is_read_in_pieces_cut_at_clause_breaks()
    {
        var text = string.Concat(Enumerable.Repeat("trade between Russia and Vietnam grew again, ", 200));   // 9,000 characters, no full stop
        var pieces = Article.SplitSentences(text).ToList();

        Assert.True(pieces.Count > text.Length / Article.MaxSentenceLength, $"{pieces.Count} pieces");
        Assert.All(pieces, p => Assert.InRange(p.End - p.Start, 1, Article.MaxSentenceLength));
        Assert.All(pieces.SkipLast(1), p => Assert.Equal(',', text[p.End - 1]));
        Assert.Equal(text.TrimEnd(' ', ','), string.Join(" ", pieces.Select(p => text[p.Start..p.End])).TrimEnd(','));
    }

    [Fact]
    public void A_change_is_signed_by_its_verb_and_measured_against_the_printed_or_the_previous_period()
    {
        var found = Extract(TestArticles.Trade, "2024-03");

        var fall = Figure(found, "trade-turnover-change:RU-VN:2022");                    // "it declined by 12% compared with 2021"
        Assert.Equal((-12m, "percent", "2021"), (fall.Value!.Value, fall.Unit, fall.BasePeriod));
        var rise = Figure(found, "trade-turnover-change:RU-VN:2024-01..2024-02");        // "up 14% over the same period last year"
        Assert.Equal((14m, "2023-01..2023-02"), (rise.Value!.Value, rise.BasePeriod));
    }

    [Fact]
    public void Counts_take_their_metric_from_their_noun_and_their_qualifier_from_the_words_before()
    {
        var found = Extract(TestArticles.People, "2024-09");

        var students = Figure(found, "students:RU-VN:2024-09");                          // "At present" = the publication month
        Assert.Equal((6500m, "about", "count"), (students.Value!.Value, students.Qualifier, students.Unit));
        Assert.Equal("at-most", Figure(found, "scholarships-per-year:RU-VN:2024-09").Qualifier);     // "up to ... a year"
        var trained = Figure(found, "trained-specialists:RU-VN:2018..2024");             // "Since 2018" runs to the publication year
        Assert.Equal((2000m, "more-than"), (trained.Value!.Value, trained.Qualifier));
        var diaspora = Figure(found, "diaspora-population:RU-VN:2024-09");               // "some 40,000 - 50,000 people"
        Assert.Equal(("range", 40000m, 50000m), (diaspora.Qualifier, diaspora.Low!.Value, diaspora.High!.Value));
        var population = Figure(found, "population:VN:2024-09");                        // one party: the nation's own figure
        Assert.Equal((100m, "million"), (population.Value!.Value, population.Scale));
    }

    [Fact]
    public void Shares_and_ranks_name_their_parties_and_a_followed_by_list_inherits_the_share_before_it()
    {
        var found = Extract(TestArticles.People, "2024-09");

        Assert.Equal(1m, Figure(found, "arms-supplier-rank:RU-VN:2019..2023").Value);   // "the largest supplier of arms to Vietnam"
        Assert.Equal(60m, Figure(found, "arms-import-share:RU-VN:2019..2023").Value);
        Assert.Equal(14m, Figure(found, "arms-import-share:IL-VN:2019..2023").Value);   // "followed by Israel (14%)"
        Assert.Equal(5m, Figure(found, "arms-import-share:BY-VN:2019..2023").Value);
    }

    [Fact]
    public void Partnership_steps_need_a_level_a_step_verb_and_a_date_and_an_anniversary_counts_back()
    {
        var found = Extract(TestArticles.Partnership, "2025-06").Select(c => c.Content.Partnership!).ToList();

        Assert.Contains(found, p => p is { Pair: "LA-RU", Level: "diplomatic-relations", EffectiveOn: "1960-10-07" });        // "on 7 October 1960"
        Assert.Contains(found, p => p is { Pair: "LA-RU", Level: "comprehensive-strategic-partnership", EffectiveOn: "2019" }); // "upgraded ... in 2019"
        Assert.Contains(found, p => p is { Pair: "KH-RU", Level: "strategic-partnership", EffectiveOn: "1995" });               // 30th anniversary this year
        Assert.Equal(3, found.Count); // "continues to develop" is not a step
    }

    [Fact]
    public void Project_statuses_follow_the_status_verb()
    {
        var found = Extract(TestArticles.Projects, "2024-05");

        Assert.Equal("proposed", Project(found, "Russia is ready to build a new oil refinery").Status);
        Assert.Equal("under-negotiation", Project(found, "The two governments are negotiating about").Status);
        Assert.Equal(("stalled", null), (Project(found, "The project for a metro line").Status, Project(found, "The project for a metro line").StatusOn));
        var terminal = Project(found, "The joint gas terminal in Quang Tri was suspended in 2016");       // dated by its clause, not by the article
        Assert.Equal(("suspended", "2016"), (terminal.Status, terminal.StatusOn));
        Assert.Equal("under-negotiation", Project(found, "Rosatom has already resumed talks").Status);   // resumed talks are talks
        Assert.Equal("in-progress", Project(found, "and expanded fuel supplies").Status);
        var visa = Project(found, "The agreement on visa exemption entered into force");
        Assert.Equal(("operating", "2024-01"), (visa.Status, visa.StatusOn));
    }

    [Fact]
    public void A_visit_is_completed_when_its_date_had_passed_at_publication_and_planned_otherwise()
    {
        var found = Extract(TestArticles.Projects, "2024-05");

        var lavrov = Project(found, "Russian Foreign Minister Sergey Lavrov's visit");   // March 3, before May 2024
        Assert.Equal(("completed", "2024-03-03", "lavrov-visit-2024"), (lavrov.Status, lavrov.StatusOn, lavrov.ProjectId));
        Assert.Equal("planned", Project(found, "Vietnamese Prime Minister Pham Minh Chinh's official visit").Status); // June 12, after
    }

    [Theory]
    [InlineData("Russia and Vietnam did not establish a strategic partnership in 2001.")]                      // denied
    [InlineData("Russia and Vietnam will upgrade their ties to a comprehensive strategic partnership in 2026.")] // foretold, and after publication
    [InlineData("Russia and Vietnam plan to sign a friendship treaty in March 2025.")]                            // planned
    public void A_step_denied_foretold_or_planned_is_not_proposed(string text) =>
        Assert.DoesNotContain(Extract(text, "2025-06"), c => c.Content.Partnership is not null);

    [Fact]
    public void A_step_in_May_is_a_step_taken() =>
        Assert.Contains(Extract("In May 2001 Russia and Vietnam signed a joint statement on strategic partnership.", "2025-06"),
            c => c.Content.Partnership is { Level: "strategic-partnership", EffectiveOn: "2001-05" });

    [Fact]
    public void An_anniversary_counts_back_only_for_the_level_it_is_the_anniversary_of()
    {
        var found = Extract("Both sides celebrated the 30th anniversary of the Treaty on Friendly Relations in 2024, and reaffirmed the " +
                            "comprehensive strategic partnership established in 2012.", "2024-06").Select(c => c.Content.Partnership!).ToList();

        Assert.Equal(["friendship-treaty 1994", "comprehensive-strategic-partnership 2012"], found.Select(p => $"{p.Level} {p.EffectiveOn}"));
    }

    [Fact]
    public void Talks_denied_are_not_proposed_as_under_negotiation()
    {
        Assert.DoesNotContain(Extract("The talks on the Ninh Thuan 1 nuclear power plant did not take place in 2024.", "2025-06"),
            c => c.Content.Project is not null);
        Assert.Contains(Extract("The two governments are negotiating about the supply of Russian wheat to Vietnam.", "2025-06"),
            c => c.Content.Project is { Status: "under-negotiation" });
    }

    [Fact]
    public void A_known_project_with_what_became_of_it_stated_is_not_given_its_settled_status()
    {
        Assert.DoesNotContain(Extract("Vietsovpetro was dissolved in 2020.", "2025-06"), c => c.Content.Project is { Status: "operating" });
        Assert.Contains(Extract("Vietsovpetro remains the flagship of oil cooperation.", "2025-06"), c => c.Content.Project is { ProjectId: "vietsovpetro", Status: "operating" });
    }

    [Fact]
    public void A_known_project_is_named_by_its_ledger_id()
    {
        var found = Extract("Rosatom is ready to build the Ninh Thuan-1 nuclear power plant. Vietsovpetro remains the flagship of oil cooperation.", "2025-02");

        Assert.Contains(found, c => c.Content.Project is { ProjectId: "ninh-thuan-1-nuclear-power-plant", Status: "proposed" });
        Assert.Contains(found, c => c.Content.Project is { ProjectId: "vietsovpetro", Status: "operating" } && c.Rule == "project/known-mention");
    }

    [Fact]
    public void Every_candidate_carries_a_verbatim_quote_its_span_a_confidence_a_rule_and_a_reason()
    {
        foreach (var (text, date) in new[] { (TestArticles.Trade, "2024-03"), (TestArticles.People, "2024-09"), (TestArticles.Partnership, "2025-06"), (TestArticles.Projects, "2024-05") })
            foreach (var c in Extract(text, date))
            {
                Assert.Equal(c.Content.Quote, text[c.Content.SpanStart..c.Content.SpanEnd]);
                Assert.InRange(c.Confidence, 0.05m, 0.99m);
                Assert.StartsWith(c.Content.Kind + "/", c.Rule);
                Assert.False(string.IsNullOrWhiteSpace(c.Reason));
            }
    }

    [Fact]
    public void The_same_text_gives_the_same_candidates()
    {
        PartialDate.TryParse("2024-03", out var date);
        var text = TestArticles.Trade + "\n" + TestArticles.People + "\n" + TestArticles.Projects;
        static string Fingerprint(ExtractionResult r) =>
            string.Join("\n", r.Candidates.Select(c => $"{c.Rule}|{c.Content.SpanStart}|{c.Content.SpanEnd}|{c.Subject}|{c.Confidence}|{System.Text.Json.JsonSerializer.Serialize(c.Content)}"));
        Assert.Equal(Fingerprint(Extractor.Extract(text, date)), Fingerprint(Extractor.Extract(text, date)));
    }

    [Fact]
    public void Empty_oversized_and_claimless_texts_get_a_reason_not_an_error()
    {
        PartialDate.TryParse("2024-05", out var date);

        var empty = Extractor.Extract("  \n ", date);
        Assert.True(empty.Refused);
        Assert.Contains("empty", empty.Reason);
        var huge = Extractor.Extract(new string('a', Extractor.MaxTextLength + 1), date);
        Assert.True(huge.Refused);
        Assert.Contains(Extractor.MaxTextLength.ToString(), huge.Reason);
        var none = Extractor.Extract(TestArticles.NoClaims, date);
        Assert.False(none.Refused);
        Assert.Empty(none.Candidates);
        Assert.Equal(Extractor.NothingFound, none.Reason);
    }

    [Fact]
    public void Arbitrary_text_never_throws()
    {
        var random = new Random(7);
        var pieces = new[] { "Russia", "Vietnam", "trade", " ", ". ", ", and ", "$", "%", "–", "-", "1", "2021", "billion", "nearly", "visit", "ready to",
            "(", ")", "«", "»", "’s", "January", "May 22", "since", "by 2030", "strategic partnership", "established", "\n", "Also, the", "took part in", "about 5", "tens of thousands of",
            // rules-2's cues
            "5 and ", "a half billion dollars", "of which ", ", which ", "exports", "imports from Vietnam", "US$", "$5.5bn", "FY2020", "Q1/2024",
            "11 months of 2023", "the following year", "averaged", "did not reach", "could reach", "the highest since 2015", "every day",
            "January 30, 0001", "\u0664\u066b\u0665", "between Russia and China", "rubles", "€", "was suspended in 2016", "Vietsovpetro", "anniversary" };
        PartialDate.TryParse("2023-05", out var date);
        for (var n = 0; n < 300; n++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 80)).Select(_ => pieces[random.Next(pieces.Length)]));
            var result = Extractor.Extract(text, date);
            foreach (var c in result.Candidates) Assert.Equal(c.Content.Quote, text[c.Content.SpanStart..c.Content.SpanEnd]);
        }
    }
}
