using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>validAt (in effect then), asOf (published by then) and recordedAsOf (the ledger as it stood then), on the seed corpus.</summary>
[Collection(LedgerCollection.Name)]
public sealed class TimeAxesTests(LedgerApp app) : SeededTests(app)
{
    [Theory]
    [InlineData("1949-12-31", null)]
    [InlineData("1990-01-01", "diplomatic-relations")]
    [InlineData("1995-01-01", "friendship-treaty")]
    [InlineData("2005-01-01", "strategic-partnership")]
    [InlineData("2013-01-01", "comprehensive-strategic-partnership")]
    public async Task The_partnership_status_in_effect_on_a_date(string validAt, string? level)
    {
        var (status, view) = await App.GetAsync($"/partnerships/RU-VN?validAt={validAt}");
        Assert.Equal(200, status);
        Assert.Equal(level, view!["inEffect"]?["level"]?.GetValue<string>());
    }

    [Fact]
    public async Task The_partnership_timeline_lists_each_step_with_every_source_that_gives_it()
    {
        var (_, view) = await App.GetAsync("/partnerships/VN-RU");
        var steps = view!["timeline"]!.AsArray();
        Assert.Equal(["diplomatic-relations", "friendship-treaty", "strategic-partnership", "comprehensive-strategic-partnership"],
            steps.Select(s => s!["level"]!.GetValue<string>()));
        var comprehensive = steps[3]!;
        Assert.Equal("2012-07-27", comprehensive["effectiveOn"]!.GetValue<string>());
        Assert.True(comprehensive["sources"]!.AsArray().Select(s => s!["sourceId"]!.GetValue<Guid>()).Distinct().Count() >= 3,
            "three articles give the comprehensive strategic partnership, each in its own words");
    }

    /// <summary>
    /// Without validAt a view's present is the day it is asked as of: a step announced in 2011 for 2012 is not in
    /// effect "as of" 2011, and a view of the ledger as it stood in 2020 is taken on that day, not today.
    /// </summary>
    [Fact]
    public async Task Without_validAt_the_step_in_effect_and_a_report_s_age_are_taken_on_the_day_asOf_or_recordedAsOf_names()
    {
        const string text = "Australia and Vietnam, strategic partners since 2001, will raise their ties to a comprehensive strategic partnership in 2012.";
        var (registered, source) = await App.PostAsync("/sources",
            new { title = "Ties to be raised", outlet = "Example News", publishedOn = "2011-06-15", dateBasis = "stated", text });
        Assert.Equal(201, registered);
        foreach (var (level, effectiveOn, quote) in new[]
                 {
                     ("strategic-partnership", "2001", "strategic partners since 2001"),
                     ("comprehensive-strategic-partnership", "2012", "will raise their ties to a comprehensive strategic partnership in 2012"),
                 })
        {
            var (recorded, _) = await App.PostAsync("/claims", new
            {
                sourceId = source!["id"]!.GetValue<Guid>(), kind = "partnership", quote,
                partnership = new { parties = new[] { "VN", "AU" }, level, effectiveOn },
            });
            Assert.Equal(201, recorded);
        }

        var (_, now) = await App.GetAsync("/partnerships/AU-VN");
        Assert.Equal("comprehensive-strategic-partnership", now!["inEffect"]!["level"]!.GetValue<string>());
        var (_, then) = await App.GetAsync("/partnerships/AU-VN?asOf=2011-12-31");
        Assert.Equal(("2011-12-31", "strategic-partnership"), (then!["statusOn"]!.GetValue<string>(), then["inEffect"]!["level"]!.GetValue<string>()));
        var (_, recorded2020) = await App.GetAsync("/partnerships/AU-VN?recordedAsOf=2020-01-01T12:00:00Z&asOf=2030-01-01");
        Assert.Equal("2020-01-01", recorded2020!["statusOn"]!.GetValue<string>());
        Assert.Null(recorded2020["inEffect"]);

        var (_, project) = await App.GetAsync("/projects/ninh-thuan-1-nuclear-power-plant?recordedAsOf=2020-01-01");
        Assert.Equal("2020-01-01", project!["staleness"]!["agesOn"]!.GetValue<string>());
    }

    /// <summary>
    /// System time reproduces a read: each view read after each kind of write is read again after all of them, as of the
    /// instant it was first read, and is the same answer, ledger position included (only the axes it echoes differ).
    /// </summary>
    [Fact]
    public async Task Every_view_read_again_as_of_the_instant_it_was_read_gives_the_same_answer()
    {
        var trade2020 = Seed.ClaimId(Seed.Phuc2021, "trade-2020");
        var csp2012 = Seed.ClaimId(Seed.Phuc2021, "csp-2012");
        var npp = Seed.ClaimId(Seed.Vna2025, "ninh-thuan-1-npp");
        var source = Seed.SourceId(Seed.Phuc2021);
        string[] views =
        [
            "/figures/trade-turnover:RU-VN:2020", "/figures/trade-turnover:RU-VN:2020?view=vintages", "/figures/trade-turnover:RU-VN",
            "/figures?metric=trade-turnover", "/figures/trade-turnover:RU-VN?asOf=2022-01-01", "/partnerships/RU-VN",
            "/projects/ninh-thuan-1-nuclear-power-plant", "/projects?search=ninh", $"/claims/{trade2020}", $"/claims/{csp2012}",
        ];
        var writes = new (string Read, string Write, Func<long, object> Body)[]
        {
            ($"/claims/{trade2020}", $"/claims/{trade2020}/corrections", v => new { expectedVersion = v, reason = "misread", changes = new { figure = new { value = 4.9m } } }),
            ($"/claims/{trade2020}", $"/claims/{trade2020}/rank", v => new { expectedVersion = v, rank = "preferred", reason = "the customs figure" }),
            ($"/claims/{csp2012}", $"/claims/{csp2012}/retraction", v => new { expectedVersion = v, reason = "a duplicate" }),
            ($"/claims/{npp}", $"/claims/{npp}/verdict", v => new { expectedVersion = v, verdict = "disputed", note = "not yet confirmed" }),
            ($"/sources/{source}", $"/sources/{source}/corrections",
                v => new { expectedVersion = v, reason = "dated by its text", changes = new { publishedOn = "2022-02", dateBasis = "inferred", dateNote = "a later page" } }),
        };

        var read = new List<(string Instant, string View, string Answer)>();
        foreach (var (current, write, body) in writes)
        {
            var (_, before) = await App.GetAsync(current);
            var version = (before!["version"] ?? before["source"]!["version"])!.GetValue<long>();
            var (status, _) = await App.PostAsync(write, body(version));
            Assert.Equal(200, status);
            var instant = DateTimeOffset.UtcNow.ToString("O");
            foreach (var view in views) read.Add((instant, view, Comparable((await App.GetAsync(view)).Body)));
            await Task.Delay(5);    // the next write is recorded after the instant
        }

        foreach (var (instant, view, answer) in read)
        {
            var (status, then) = await App.GetAsync($"{view}{(view.Contains('?') ? '&' : '?')}recordedAsOf={Uri.EscapeDataString(instant)}");
            Assert.True(status == 200, $"{view} as of {instant}: {status}");
            Assert.True(answer == Comparable(then), $"{view} as of {instant}:\n{answer}\n{Comparable(then)}");
        }
    }

    /// <summary>An answer without the axes it echoes (the recordedAsOf asked differs by design).</summary>
    private static string Comparable(System.Text.Json.Nodes.JsonNode? answer)
    {
        var copy = answer!.DeepClone().AsObject();
        copy.Remove("axes");
        return copy.ToJsonString();
    }

    [Fact]
    public async Task A_figure_asOf_a_date_counts_only_sources_published_by_then()
    {
        var (_, before) = await App.GetAsync("/figures/trade-turnover:RU-VN:2020?asOf=2021-01-01");
        Assert.Null(before!["figure"]!["headline"]);

        var (_, after) = await App.GetAsync("/figures/trade-turnover:RU-VN:2020?asOf=2022-01-01");
        var headline = after!["figure"]!["headline"]!;
        Assert.Equal(4.85m, headline["value"]!.GetValue<decimal>());
        Assert.Equal(Seed.SourceId(Seed.Phuc2021), headline["sourceId"]!.GetValue<Guid>());
    }

    /// <summary>The parties of a key are kept sorted: a reader who names them the other way round means the same figure.</summary>
    [Theory]
    [InlineData("trade-turnover:VN-RU:2020", "trade-turnover:RU-VN:2020")]
    [InlineData("trade-turnover:VN-RU", "trade-turnover:RU-VN")]
    public async Task A_figure_is_found_whichever_order_its_parties_are_named_in(string asked, string kept)
    {
        var (status, reversed) = await App.GetAsync($"/figures/{asked}?asOf=2022-01-01");
        var (_, sorted) = await App.GetAsync($"/figures/{kept}?asOf=2022-01-01");
        Assert.Equal(200, status);
        Assert.Equal(sorted!.ToJsonString(), reversed!.ToJsonString());
    }

    [Fact]
    public async Task A_source_dated_to_the_month_counts_only_once_that_month_is_over()
    {
        var (_, mid) = await App.GetAsync("/figures/trade-turnover:RU-VN:2020?asOf=2021-11-15");
        Assert.Null(mid!["figure"]!["headline"]);
        var (_, end) = await App.GetAsync("/figures/trade-turnover:RU-VN:2020?asOf=2021-11-30");
        Assert.NotNull(end!["figure"]!["headline"]);
    }

    [Fact]
    public async Task A_metric_without_a_period_answers_with_the_series_known_then_headed_by_the_latest_period()
    {
        var (_, series) = await App.GetAsync("/figures/trade-turnover:RU-VN?asOf=2022-01-01");
        Assert.Equal(["trade-turnover:RU-VN:2020", "trade-turnover:RU-VN:2021-01..2021-09"],
            series!["figures"]!.AsArray().Select(f => f!["figureKey"]!.GetValue<string>()));
        Assert.Equal("trade-turnover:RU-VN:2021-01..2021-09", series["headlineFigureKey"]!.GetValue<string>());
        Assert.Equal(3.6m, series["headline"]!["value"]!.GetValue<decimal>());

        var (_, now) = await App.GetAsync("/figures/trade-turnover:RU-VN");
        Assert.Equal("trade-turnover:RU-VN:2024-01..2024-11", now!["headlineFigureKey"]!.GetValue<string>());
    }

    [Fact]
    public async Task validAt_picks_the_figures_whose_period_covers_the_date()
    {
        var (_, all) = await App.GetAsync("/figures?validAt=2021-06-15");
        var keys = all!["figures"]!.AsArray().Select(f => f!["figureKey"]!.GetValue<string>()).ToList();
        Assert.Contains("trade-turnover:RU-VN:2021", keys);
        Assert.Contains("trade-turnover:RU-VN:2021-01..2021-09", keys);
        Assert.DoesNotContain("trade-turnover:RU-VN:2020", keys);
    }

    [Fact]
    public async Task recordedAsOf_before_a_correction_shows_the_old_value_and_each_read_cites_its_ledger_position()
    {
        var id = Seed.ClaimId(Seed.Phuc2021, "trade-2020");
        var (_, original) = await App.GetAsync($"/claims/{id}");
        var recordedAt = original!["recordedAt"]!.GetValue<string>();
        var (_, figureBefore) = await App.GetAsync("/figures/trade-turnover:RU-VN:2020");

        var (status, _) = await App.PostAsync($"/claims/{id}/corrections",
            new { expectedVersion = 1, reason = "test correction", changes = new { figure = new { value = 4.9m } } });
        Assert.Equal(200, status);

        var (_, then) = await App.GetAsync($"/claims/{id}?recordedAsOf={Uri.EscapeDataString(recordedAt)}");
        Assert.Equal((1L, 4.85m), (then!["version"]!.GetValue<long>(), then["figure"]!["value"]!.GetValue<decimal>()));
        var (_, now) = await App.GetAsync($"/claims/{id}");
        Assert.Equal((2L, 4.9m), (now!["version"]!.GetValue<long>(), now["figure"]!["value"]!.GetValue<decimal>()));

        var (_, figureThen) = await App.GetAsync($"/figures/trade-turnover:RU-VN:2020?recordedAsOf={Uri.EscapeDataString(recordedAt)}");
        var (_, figureNow) = await App.GetAsync("/figures/trade-turnover:RU-VN:2020");
        Assert.Equal(4.85m, figureThen!["figure"]!["headline"]!["value"]!.GetValue<decimal>());
        Assert.Equal(4.9m, figureNow!["figure"]!["headline"]!["value"]!.GetValue<decimal>());
        Assert.Equal(figureBefore!["ledgerPosition"]!.GetValue<long>(), figureThen["ledgerPosition"]!.GetValue<long>());
        Assert.True(figureNow["ledgerPosition"]!.GetValue<long>() > figureThen["ledgerPosition"]!.GetValue<long>());
    }

    /// <summary>
    /// One instant in any ISO 8601 form is read the same; a form that leaves the instant to a guess (day and month order,
    /// a time without a day, a day without a year) is refused rather than answered as of an instant nobody meant.
    /// </summary>
    [Fact]
    public async Task recordedAsOf_is_read_as_ISO_8601_in_any_offset_and_a_form_left_to_a_guess_or_a_day_the_calendar_lacks_is_refused_saying_so()
    {
        var id = Seed.ClaimId(Seed.Phuc2021, "trade-2020");
        var (_, original) = await App.GetAsync($"/claims/{id}");
        var recordedAt = DateTimeOffset.Parse(original!["recordedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(200, (await App.PostAsync($"/claims/{id}/corrections",
            new { expectedVersion = 1, reason = "test correction", changes = new { figure = new { value = 4.9m } } })).Status);

        foreach (var form in new[]
        {
            recordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"),
            recordedAt.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz"),
            recordedAt.ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-dd HH:mm:ss.fffffffzzz"),
            recordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff"),
        })
        {
            var (status, then) = await App.GetAsync($"/claims/{id}?recordedAsOf={Uri.EscapeDataString(form)}");
            Assert.True((200, 1L) == (status, then?["version"]?.GetValue<long>()), $"{form}: {status} {then?.ToJsonString()}");
        }

        var plusAsSpace = recordedAt.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
        foreach (var (sent, says) in new[]
        {
            ("07%2F12%2F2026", "must be an instant"), ("10:00", "must be an instant"), ("Dec%207", "must be an instant"),
            ("7%20Dec%202026%2010:00", "must be an instant"), (plusAsSpace, "a + in an address reads as a space"),
        })
        {
            var (status, problem) = await App.GetAsync($"/claims/{id}?recordedAsOf={sent}");
            Assert.True(status == 400, $"{sent}: {status} {problem?.ToJsonString()}");
            Assert.Contains(says, problem!["errors"]!["recordedAsOf"]![0]!.GetValue<string>());
        }
        foreach (var axis in new[] { "validAt", "asOf" })
        {
            var (status, problem) = await App.GetAsync($"/figures/trade-turnover:RU-VN:2020?{axis}=2021-02-30");
            Assert.True(status == 400, $"{axis}: {status}");
            Assert.EndsWith("2021-02-30 is not a day of the calendar", problem!["errors"]![axis]![0]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_three_axes_combine_the_republished_article_counts_from_its_original_date_only_since_the_date_was_corrected()
    {
        var (_, source) = await App.GetAsync($"/sources/{Seed.SourceId(Seed.Republished)}");
        var registeredAt = source!["history"]![0]!["recordedAt"]!.GetValue<string>();
        const string decline = "/figures/trade-turnover-change:RU-VN:2022?asOf=2023-06-30";

        var (_, now) = await App.GetAsync(decline);
        Assert.Equal(2, now!["figure"]!["sourceCount"]!.GetValue<int>());

        var (_, beforeCorrection) = await App.GetAsync($"{decline}&recordedAsOf={Uri.EscapeDataString(registeredAt)}");
        Assert.Equal(1, beforeCorrection!["figure"]!["sourceCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_project_shows_its_reports_in_date_order_and_its_status_as_of_validAt()
    {
        var (_, project) = await App.GetAsync("/projects/ninh-thuan-1-nuclear-power-plant");
        var reports = project!["project"]!["reports"]!.AsArray();
        Assert.True(reports.Count >= 3);
        Assert.Equal(Seed.SourceId(Seed.Vna2025), project["project"]!["latest"]!["sourceId"]!.GetValue<Guid>());

        var (_, earlier) = await App.GetAsync("/projects/ninh-thuan-1-nuclear-power-plant?validAt=2024-01-01");
        Assert.NotEqual(Seed.SourceId(Seed.Vna2025), earlier!["project"]!["latest"]!["sourceId"]!.GetValue<Guid>());

        var (_, list) = await App.GetAsync("/projects");
        Assert.Contains("ninh-thuan-1-nuclear-power-plant", list!["projects"]!.AsArray().Select(p => p!["projectId"]!.GetValue<string>()));
    }
}
