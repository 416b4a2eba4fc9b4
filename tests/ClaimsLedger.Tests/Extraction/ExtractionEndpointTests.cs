using System.Text.Json.Nodes;
using ClaimsLedger.Extraction;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests.Extraction;

/// <summary>Extraction and review through HTTP: proposals, the review queue, accept, edit then accept, reject, and refusals.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ExtractionEndpointTests(LedgerApp app) : IAsyncLifetime
{
    private Guid _source;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        _source = await RegisterAsync(TestArticles.Trade, "2024-03");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Guid> RegisterAsync(string text, string publishedOn)
    {
        var (status, body) = await app.PostAsync("/sources", new
        {
            title = "Test article", outlet = "Tests", publishedOn, dateBasis = "stated", retrievedOn = "2026-11-01", text,
        });
        Assert.True(status is 200 or 201, body?.ToJsonString());
        return body!["id"]!.GetValue<Guid>();
    }

    private async Task<JsonArray> ProposalsAsync(string query = "")
    {
        var (status, page) = await app.GetAsync($"/proposals?sourceId={_source}{query}");
        Assert.Equal(200, status);
        return page!["proposals"]!.AsArray();
    }

    private async Task<JsonNode> ProposalForAsync(string figureKey) =>
        (await ProposalsAsync()).Single(p => p!["figureKey"]?.GetValue<string>() == figureKey)!;

    [Fact]
    public async Task Extraction_proposes_each_candidate_once_and_a_second_run_appends_nothing()
    {
        var (status, run) = await app.PostAsync($"/sources/{_source}/extraction", new { }, key: "extractor-bot");
        Assert.Equal(200, status);
        var proposed = run!["proposed"]!.GetValue<int>();
        Assert.True(proposed >= 6, run.ToJsonString());
        var first = run["proposals"]!.AsArray()[0]!;
        foreach (var field in new[] { "proposalId", "kind", "quote", "spanStart", "spanEnd", "figureKey", "confidence", "rule", "reason" }) Assert.NotNull(first[field]);
        var events = await app.EventCountAsync();

        var (again, second) = await app.PostAsync($"/sources/{_source}/extraction", new { });

        Assert.Equal(200, again);
        Assert.Equal((0, proposed), (second!["proposed"]!.GetValue<int>(), second["alreadyProposed"]!.GetValue<int>()));
        Assert.Equal(events, await app.EventCountAsync());
        var queue = await ProposalsAsync("&status=pending");
        Assert.Equal(proposed, queue.Count);
        Assert.All(queue, p => Assert.Equal("key:extractor-bot", p!["proposedBy"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Pending_and_rejected_proposals_never_reach_the_views_and_an_accepted_one_does()
    {
        await app.PostAsync($"/sources/{_source}/extraction", new { });
        var (_, figures) = await app.GetAsync("/figures");
        Assert.Empty(figures!["figures"]!.AsArray());

        var rejected = await ProposalForAsync("trade-turnover-target:RU-VN:by-2030");
        var (rejectStatus, rejection) = await app.PostAsync($"/proposals/{rejected["id"]}/reject",
            new { expectedVersion = 1, reason = "A hope, not a target the governments set" }, key: "reviewer");
        Assert.Equal(200, rejectStatus);
        Assert.Equal("rejected", rejection!["status"]!.GetValue<string>());

        var accepted = await ProposalForAsync("trade-turnover:RU-VN:2023");
        var (acceptStatus, acceptance) = await app.PostAsync($"/proposals/{accepted["id"]}/accept", new { expectedVersion = 1 }, key: "reviewer");
        Assert.Equal(200, acceptStatus);
        var claimId = acceptance!["claimId"]!.GetValue<Guid>();

        (_, figures) = await app.GetAsync("/figures");
        var keys = figures!["figures"]!.AsArray().Select(f => f!["figureKey"]!.GetValue<string>()).ToList();
        Assert.Equal(["trade-turnover:RU-VN:2023"], keys);
        var (_, figure) = await app.GetAsync("/figures/trade-turnover:RU-VN:2023");
        Assert.Equal(claimId, figure!["figure"]!["headline"]!["claimId"]!.GetValue<Guid>());
        var (_, claim) = await app.GetAsync($"/claims/{claimId}");
        Assert.Equal(("key:reviewer", 1), (claim!["recordedBy"]!.GetValue<string>(), claim["version"]!.GetValue<int>()));
        Assert.Equal(accepted["quote"]!.GetValue<string>(), claim["quote"]!.GetValue<string>());
        Assert.Single(await ProposalsAsync("&status=accepted"));
        Assert.Single(await ProposalsAsync("&status=rejected"));
    }

    [Fact]
    public async Task An_edit_is_its_own_event_so_the_audit_shows_the_extractors_reading_and_the_reviewers_change()
    {
        await app.PostAsync($"/sources/{_source}/extraction", new { });
        var proposal = await ProposalForAsync("trade-turnover:RU-VN:2023-01..2023-10");
        var id = proposal["id"]!.GetValue<Guid>();

        var (editStatus, edited) = await app.PostAsync($"/proposals/{id}/edit", new
        {
            expectedVersion = 1, reason = "The article reports 2024's January–October, published before November",
            changes = new { figure = new { period = "2024-01..2024-10" } },
        }, key: "reviewer-1");
        Assert.Equal(200, editStatus);
        Assert.Equal(2, edited!["version"]!.GetValue<int>());
        var (acceptStatus, accepted) = await app.PostAsync($"/proposals/{id}/accept", new { expectedVersion = 2 }, key: "reviewer-2");
        Assert.Equal(200, acceptStatus);

        var (_, detail) = await app.GetAsync($"/proposals/{id}");
        Assert.Equal("2023-01..2023-10", detail!["asProposed"]!["figure"]!["period"]!.GetValue<string>());
        Assert.Equal("2024-01..2024-10", detail["proposal"]!["figure"]!["period"]!.GetValue<string>());
        Assert.True(detail["proposal"]!["edited"]!.GetValue<bool>());
        var history = detail["history"]!.AsArray();
        Assert.Equal(["proposed", "edited", "accepted"], history.Select(h => h!["eventType"]!.GetValue<string>()));
        var change = Assert.Single(history[1]!["changes"]!.AsArray());
        Assert.Equal(("figure.period", "2023-01..2023-10", "2024-01..2024-10"),
            (change!["field"]!.GetValue<string>(), change["before"]!.GetValue<string>(), change["after"]!.GetValue<string>()));
        Assert.Equal(("key:reviewer-1", "key:reviewer-2"), (history[1]!["actor"]!.GetValue<string>(), history[2]!["actor"]!.GetValue<string>()));

        var (_, figure) = await app.GetAsync("/figures/trade-turnover:RU-VN:2024-01..2024-10");
        Assert.Equal(accepted!["claimId"]!.GetValue<Guid>(), figure!["figure"]!["headline"]!["claimId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Review_refusals_answer_400_404_or_409_and_append_nothing()
    {
        await app.PostAsync($"/sources/{_source}/extraction", new { });
        var id = (await ProposalForAsync("trade-turnover:RU-VN:2023"))["id"]!.GetValue<Guid>();
        var before = await app.EventCountAsync();

        Assert.Equal(400, (await app.PostAsync($"/proposals/{id}/reject", new { expectedVersion = 1 })).Status);            // no reason
        Assert.Equal(400, (await app.PostAsync($"/proposals/{id}/accept", new { })).Status);                                 // no version
        var (badEdit, editProblem) = await app.PostAsync($"/proposals/{id}/edit", new { expectedVersion = 1, reason = "x", changes = new { quote = "not in the article" } });
        Assert.Equal(400, badEdit);
        Assert.NotNull(editProblem!["errors"]!["changes.quote"]);
        var (stale, staleProblem) = await app.PostAsync($"/proposals/{id}/accept", new { expectedVersion = 3 });
        Assert.Equal(409, stale);
        Assert.Equal(1, staleProblem!["currentVersion"]!.GetValue<int>());
        Assert.Equal(404, (await app.PostAsync($"/proposals/{Guid.NewGuid()}/accept", new { expectedVersion = 1 })).Status);
        Assert.Equal(404, (await app.GetAsync($"/proposals/{Guid.NewGuid()}")).Status);
        Assert.Equal(404, (await app.PostAsync($"/sources/{Guid.NewGuid()}/extraction", new { })).Status);
        Assert.Equal(400, (await app.GetAsync("/proposals?status=maybe")).Status);
        Assert.Equal(before, await app.EventCountAsync());

        await app.PostAsync($"/proposals/{id}/accept", new { expectedVersion = 1 });
        before = await app.EventCountAsync();
        var (twice, decided) = await app.PostAsync($"/proposals/{id}/accept", new { expectedVersion = 2 });
        Assert.Equal(409, twice);
        Assert.Equal("accepted", decided!["proposalStatus"]!.GetValue<string>());
        Assert.Equal(409, (await app.PostAsync($"/proposals/{id}/reject", new { expectedVersion = 2, reason = "changed my mind" })).Status);
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Fact]
    public async Task The_review_queue_counts_what_waits_by_source_the_longest_waiting_first()
    {
        // Published before the first source but proposed from after it: the queue follows how long proposals have waited.
        var later = await RegisterAsync(TestArticles.Projects, "2023-01");
        var (_, first) = await app.PostAsync($"/sources/{_source}/extraction", new { });
        var (_, second) = await app.PostAsync($"/sources/{later}/extraction", new { });
        var firstProposed = first!["proposed"]!.GetValue<int>();
        var secondProposed = second!["proposed"]!.GetValue<int>();
        var rejected = (await ProposalsAsync())[0]!;
        Assert.Equal(200, (await app.PostAsync($"/proposals/{rejected["id"]}/reject", new { expectedVersion = 1, reason = "not a claim" })).Status);

        var (status, queue) = await app.GetAsync("/proposals/queue");

        Assert.Equal(200, status);
        var rows = queue!["sources"]!.AsArray();
        Assert.Equal([_source, later], rows.Select(r => r!["sourceId"]!.GetValue<Guid>()));
        Assert.Equal([firstProposed - 1, secondProposed], rows.Select(r => r!["waiting"]!.GetValue<int>()));
        Assert.Equal("Test article", rows[0]!["title"]!.GetValue<string>());
        Assert.Equal("2024-03", rows[0]!["publishedOn"]!.GetValue<string>());
        Assert.True(rows[0]!["waitingSince"]!.GetValue<DateTimeOffset>() <= rows[1]!["waitingSince"]!.GetValue<DateTimeOffset>());
        Assert.Equal((2, firstProposed - 1 + secondProposed), (queue["total"]!.GetValue<int>(), queue["waiting"]!.GetValue<int>()));

        var (_, page2) = await app.GetAsync("/proposals/queue?page=2&pageSize=1");
        Assert.Equal(later, page2!["sources"]!.AsArray().Single()!["sourceId"]!.GetValue<Guid>());
        Assert.Equal(2, page2["total"]!.GetValue<int>());

        var (badStatus, problem) = await app.GetAsync("/proposals/queue?pageSize=0");
        Assert.Equal(400, badStatus);
        Assert.NotNull(problem!["errors"]!["pageSize"]);

        foreach (var p in await ProposalsAsync("&status=pending"))
            Assert.Equal(200, (await app.PostAsync($"/proposals/{p!["id"]}/reject", new { expectedVersion = 1, reason = "not a claim" })).Status);
        var (_, after) = await app.GetAsync("/proposals/queue");
        Assert.Equal(later, after!["sources"]!.AsArray().Single()!["sourceId"]!.GetValue<Guid>());
        Assert.Equal(secondProposed, after["waiting"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_text_with_nothing_to_extract_answers_an_empty_list_with_a_reason()
    {
        var quiet = await RegisterAsync(TestArticles.NoClaims, "2024-05");
        var before = await app.EventCountAsync();

        var (status, run) = await app.PostAsync($"/sources/{quiet}/extraction", new { });

        Assert.Equal(200, status);
        Assert.Empty(run!["proposals"]!.AsArray());
        Assert.Equal(Extractor.NothingFound, run["reason"]!.GetValue<string>());
        Assert.Equal(before, await app.EventCountAsync());
    }

    /// <summary>
    /// Numbers the rules cannot read, where they read years, shares, ranks and counts: digits of other scripts
    /// (Arabic-Indic, full-width), which a rule's pattern took as digits and the number parser refused, and numbers past
    /// what a count or a share can be, which threw when converted. Either failed the run with a 500.
    /// </summary>
    [Theory]
    [InlineData("digits of other scripts",
        "Bilateral trade reached 4.5 billion USD in 20٢١, up from the same period in 20٢٠. " +
        "Since the beginning of the 19٩0s, Vietnam has bought arms from Russia (٤٥%) and Israel (１５%). " +
        "Russia ranked ٣rd among countries investing in Vietnam and is its ２nd largest partner. " +
        "Vietnam has relations with ٥ countries. The partners marked the ٧٥th anniversary of ties at the Expo 20٢٥.")]
    [InlineData("numbers too large to be a count or a share",
        "Vietnam and Russia upgraded their ties to a comprehensive strategic partnership in 2012. " +
        "Vietnam has comprehensive strategic partnership relations with only 99999999999999999999 countries. " +
        "The Russian president has visited Vietnam 99999999999999 times. " +
        "Russia remained the largest supplier of arms to Vietnam from 2019 to 2023, accounting for 60% of Vietnam's total imports in this regard. " +
        "It was followed by Israel (999999999999999999999999999999999%) and Belarus (5%).")]
    public async Task Numbers_a_rule_cannot_read_never_fail_a_run(string why, string text)
    {
        var odd = await RegisterAsync(text, "2024-05");

        var (status, run) = await app.PostAsync($"/sources/{odd}/extraction", new { });

        Assert.True(status == 200, $"{why}: {status} {run?.ToJsonString()}");
        Assert.DoesNotContain(run!["proposals"]!.AsArray(), p => p!["quote"]!.GetValue<string>().Contains("99999"));
    }

    [Fact]
    public async Task A_text_over_the_extractors_limit_is_refused_whole()
    {
        var text = string.Concat(Enumerable.Repeat(TestArticles.Trade + "\n", Extractor.MaxTextLength / TestArticles.Trade.Length + 2));
        var huge = await RegisterAsync(text, "2024-03");
        var before = await app.EventCountAsync();

        var (status, problem) = await app.PostAsync($"/sources/{huge}/extraction", new { });

        Assert.Equal(400, status);
        Assert.Contains(Extractor.MaxTextLength.ToString(), problem!["errors"]!["text"]![0]!.GetValue<string>());
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Fact]
    public async Task Accepted_partnership_and_project_proposals_reach_their_views()
    {
        var steps = await RegisterAsync(TestArticles.Partnership, "2025-06");
        var statuses = await RegisterAsync(TestArticles.Projects, "2024-05");
        await app.PostAsync($"/sources/{steps}/extraction", new { });
        await app.PostAsync($"/sources/{statuses}/extraction", new { });
        var (_, page) = await app.GetAsync("/proposals?pageSize=500");
        var proposals = page!["proposals"]!.AsArray();
        var step = proposals.First(p => p!["partnership"]?["level"]?.GetValue<string>() == "comprehensive-strategic-partnership")!;
        var project = proposals.First(p => p!["project"]?["status"]?.GetValue<string>() == "stalled")!;
        Assert.Equal(404, (await app.GetAsync("/partnerships/LA-RU")).Status);

        Assert.Equal(200, (await app.PostAsync($"/proposals/{step["id"]}/accept", new { expectedVersion = 1 })).Status);
        Assert.Equal(200, (await app.PostAsync($"/proposals/{project["id"]}/accept", new { expectedVersion = 1 })).Status);

        var (_, partnership) = await app.GetAsync("/partnerships/LA-RU");
        Assert.Equal("comprehensive-strategic-partnership", partnership!["inEffect"]!["level"]!.GetValue<string>());
        var (projectStatus, view) = await app.GetAsync($"/projects/{project["project"]!["projectId"]}");
        Assert.Equal(200, projectStatus);
        Assert.Equal("stalled", view!["project"]!["latest"]!["status"]!.GetValue<string>());
    }
}
