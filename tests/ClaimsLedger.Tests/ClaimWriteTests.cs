using System.Text.Json.Nodes;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>Recording, correcting and retracting claims through HTTP, and the audit trail they leave.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ClaimWriteTests(LedgerApp app) : IAsyncLifetime
{
    private Guid _source;
    private const string Quote = "bilateral trade turnover in 2020 reached nearly 4.85 billion USD";

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        var (status, body) = await app.PostAsync("/sources", Sources.Phuc2021());
        Assert.Equal(201, status);
        _source = body!["id"]!.GetValue<Guid>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private object Trade2020(decimal value = 4.85m) => new
    {
        sourceId = _source, kind = "figure", quote = Quote,
        figure = new { metric = "trade-turnover", parties = new[] { "VN", "RU" }, period = "2020", unit = "usd", scale = "billion", qualifier = "nearly", value },
    };

    [Fact]
    public async Task A_recorded_claim_is_served_with_its_span_version_and_figure_key()
    {
        var (status, written) = await app.PostAsync("/claims", Trade2020(), key: "analyst-1");
        Assert.Equal(201, status);
        Assert.Equal(1, written!["version"]!.GetValue<long>());

        var (_, claim) = await app.GetAsync($"/claims/{written["id"]}");
        var text = Seed.Text(Seed.Phuc2021);
        var start = claim!["spanStart"]!.GetValue<int>();
        Assert.Equal(Quote, text[start..claim["spanEnd"]!.GetValue<int>()]);
        Assert.Equal("trade-turnover:RU-VN:2020", claim["figureKey"]!.GetValue<string>());
        Assert.Equal("key:analyst-1", claim["recordedBy"]!.GetValue<string>());
        Assert.Equal(new[] { "RU", "VN" }, claim["figure"]!["parties"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public async Task A_correction_makes_a_new_version_and_the_history_shows_who_when_why_and_each_field_before_and_after()
    {
        var (_, written) = await app.PostAsync("/claims", Trade2020());
        var id = written!["id"]!.GetValue<Guid>();

        var (status, corrected) = await app.PostAsync($"/claims/{id}/corrections",
            new { expectedVersion = 1, reason = "The article says 4.86 in its second printing", changes = new { figure = new { value = 4.86m } } }, key: "reviewer-2");
        Assert.Equal(200, status);
        Assert.Equal(2, corrected!["version"]!.GetValue<long>());

        var (_, history) = await app.GetAsync($"/claims/{id}/history");
        var versions = history!["versions"]!.AsArray();
        Assert.Equal(["recorded", "corrected"], versions.Select(v => v!["eventType"]!.GetValue<string>()));
        var correction = versions[1]!;
        Assert.Equal("key:reviewer-2", correction["actor"]!.GetValue<string>());
        Assert.Equal("key:reviewer", versions[0]!["actor"]!.GetValue<string>());
        Assert.Equal("The article says 4.86 in its second printing", correction["reason"]!.GetValue<string>());
        var change = Assert.Single(correction["changes"]!.AsArray());
        Assert.Equal(("figure.value", 4.85m, 4.86m),
            (change!["field"]!.GetValue<string>(), change["before"]!.GetValue<decimal>(), change["after"]!.GetValue<decimal>()));

        var (_, figure) = await app.GetAsync("/figures/trade-turnover:RU-VN:2020");
        Assert.Equal(4.86m, figure!["figure"]!["headline"]!["value"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_correction_of_other_fields_keeps_the_quote_where_it_stands_and_a_new_quote_is_found_in_the_text_again()
    {
        var (_, written) = await app.PostAsync("/claims", Trade2020());
        var id = written!["id"]!.GetValue<Guid>();
        var text = Seed.Text(Seed.Phuc2021);
        var (_, recorded) = await app.GetAsync($"/claims/{id}");

        Assert.Equal(200, (await app.PostAsync($"/claims/{id}/corrections", new { expectedVersion = 1, reason = "checked", changes = new { note = "checked" } })).Status);
        var (_, noted) = await app.GetAsync($"/claims/{id}");
        Assert.Equal((Quote, recorded!["spanStart"]!.GetValue<int>()), (noted!["quote"]!.GetValue<string>(), noted["spanStart"]!.GetValue<int>()));

        const string shorter = "trade turnover in 2020 reached nearly 4.85 billion USD";
        Assert.Equal(200, (await app.PostAsync($"/claims/{id}/corrections", new { expectedVersion = 2, reason = "tighter quote", changes = new { quote = shorter } })).Status);
        var (_, requoted) = await app.GetAsync($"/claims/{id}");
        var start = requoted!["spanStart"]!.GetValue<int>();
        Assert.Equal(text.IndexOf(shorter, StringComparison.Ordinal), start);
        Assert.Equal(shorter, text[start..requoted["spanEnd"]!.GetValue<int>()]);
    }

    [Fact]
    public async Task A_correction_that_moves_a_claim_to_another_period_moves_it_between_figures()
    {
        var (_, written) = await app.PostAsync("/claims", Trade2020());
        var id = written!["id"]!.GetValue<Guid>();
        await app.PostAsync($"/claims/{id}/corrections", new { expectedVersion = 1, reason = "wrong year", changes = new { figure = new { period = "2019" } } });

        var (_, old) = await app.GetAsync("/figures/trade-turnover:RU-VN:2020");
        Assert.Empty(old!["figure"]!["claims"]!.AsArray());
        var (_, moved) = await app.GetAsync("/figures/trade-turnover:RU-VN:2019");
        Assert.Equal(id, moved!["figure"]!["headline"]!["claimId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_stale_correction_is_refused_with_the_current_version_and_appends_nothing()
    {
        var (_, written) = await app.PostAsync("/claims", Trade2020());
        var id = written!["id"]!.GetValue<Guid>();
        await app.PostAsync($"/claims/{id}/corrections", new { expectedVersion = 1, reason = "first", changes = new { note = "checked" } });
        var before = await app.EventCountAsync();

        var (status, problem) = await app.PostAsync($"/claims/{id}/corrections", new { expectedVersion = 1, reason = "second", changes = new { note = "again" } });

        Assert.Equal(409, status);
        Assert.Equal(2, problem!["currentVersion"]!.GetValue<long>());
        Assert.Equal("expectedVersion", problem["field"]!.GetValue<string>());
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_retracted_claim_leaves_the_figure_view_keeps_its_history_and_takes_no_more_changes()
    {
        var (_, written) = await app.PostAsync("/claims", Trade2020());
        var id = written!["id"]!.GetValue<Guid>();

        var (status, retracted) = await app.PostAsync($"/claims/{id}/retraction", new { expectedVersion = 1, reason = "Duplicate of another claim" });
        Assert.Equal(200, status);
        Assert.Equal(2, retracted!["version"]!.GetValue<long>());

        var (_, figure) = await app.GetAsync("/figures/trade-turnover:RU-VN:2020");
        Assert.Null(figure!["figure"]!["headline"]);
        var (_, claim) = await app.GetAsync($"/claims/{id}");
        Assert.True(claim!["retracted"]!.GetValue<bool>());
        var (_, history) = await app.GetAsync($"/claims/{id}/history");
        Assert.Equal("retracted", history!["versions"]![1]!["eventType"]!.GetValue<string>());

        var before = await app.EventCountAsync();
        var (again, _) = await app.PostAsync($"/claims/{id}/corrections", new { expectedVersion = 2, reason = "x", changes = new { note = "y" } });
        Assert.Equal(409, again);
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Fact]
    public async Task Recording_the_same_claim_under_the_same_id_again_appends_nothing_and_a_different_one_is_a_conflict()
    {
        var id = Guid.NewGuid();
        var claim = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Trade2020()))!.AsObject();
        claim["id"] = id;
        Assert.Equal(201, (await app.PostAsync("/claims", claim)).Status);
        Assert.Equal(200, (await app.PostAsync($"/claims/{id}/corrections", new { expectedVersion = 1, reason = "checked", changes = new { note = "checked" } })).Status);
        var before = await app.EventCountAsync();

        // A retry is recognised by what was first recorded, and answered with the claim's version now.
        var (retried, retry) = await app.PostAsync("/claims", claim);
        Assert.Equal(200, retried);
        Assert.Equal((id, 2L), (retry!["id"]!.GetValue<Guid>(), retry["version"]!.GetValue<long>()));
        claim["note"] = "different";
        var (status, problem) = await app.PostAsync("/claims", claim);
        Assert.Equal(409, status);
        Assert.Equal(("id", 2L), (problem!["field"]!.GetValue<string>(), problem["currentVersion"]!.GetValue<long>()));
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Fact]
    public async Task The_same_claim_sent_under_one_id_by_concurrent_requests_is_recorded_once_and_every_request_is_told_so()
    {
        var claim = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Trade2020()))!.AsObject();
        claim["id"] = Guid.NewGuid();
        var before = await app.EventCountAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.PostAsync("/claims", claim)));

        Assert.Single(answers, a => a.Status == 201);
        Assert.All(answers.Where(a => a.Status != 201), a => Assert.Equal(200, a.Status));
        Assert.All(answers, a => Assert.Equal(claim["id"]!.GetValue<Guid>(), a.Body!["id"]!.GetValue<Guid>()));
        Assert.Equal(before + 1, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_claim_under_the_id_of_a_source_is_a_conflict_naming_the_id_and_appends_nothing()
    {
        var claim = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Trade2020()))!.AsObject();
        claim["id"] = _source;
        var before = await app.EventCountAsync();

        var (status, problem) = await app.PostAsync("/claims", claim);

        Assert.Equal(409, status);
        Assert.Equal("id", problem!["field"]!.GetValue<string>());
        Assert.Equal(before, await app.EventCountAsync());
        Assert.Equal(404, (await app.GetAsync($"/claims/{_source}")).Status);
    }

    /// <summary>Claims about one figure with ids of their own, each with a slightly different value, for an import.</summary>
    private List<JsonObject> ImportClaims(string key, int count) => Enumerable.Range(0, count).Select(i =>
    {
        var claim = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Trade2020(4.80m + i / 1000m)))!.AsObject();
        claim["id"] = Claims.Claim.IdFor(_source, $"{key}-{i}");
        return claim;
    }).ToList();

    [Fact]
    public async Task An_import_records_many_claims_in_one_request_and_sending_it_again_appends_nothing()
    {
        var claims = ImportClaims("import", 25);
        var before = await app.EventCountAsync();

        var (status, answer) = await app.PostAsync("/imports/claims", new { claims });
        Assert.Equal(200, status);
        Assert.Equal(25, answer!["created"]!.GetValue<int>());
        Assert.Equal(before + 25, await app.EventCountAsync());

        var (again, second) = await app.PostAsync("/imports/claims", new { claims });
        Assert.Equal(200, again);
        Assert.Equal((0, 25), (second!["created"]!.GetValue<int>(), second["alreadyRecorded"]!.GetValue<int>()));
        Assert.Equal(before + 25, await app.EventCountAsync());

        var (_, figure) = await app.GetAsync("/figures/trade-turnover:RU-VN:2020");
        Assert.Equal(25, figure!["figure"]!["claims"]!.AsArray().Count);
    }

    [Fact]
    public async Task Concurrent_imports_of_the_same_claims_record_each_claim_once_and_refuse_the_losers_with_409()
    {
        var claims = ImportClaims("race", 300);
        var before = await app.EventCountAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.PostAsync("/imports/claims", new { claims })));

        Assert.All(answers, a => Assert.Contains(a.Status, new[] { 200, 409 }));
        Assert.Contains(answers, a => a.Status == 200);
        Assert.All(answers.Where(a => a.Status == 409), a => Assert.Equal("id", a.Body!["field"]!.GetValue<string>()));
        Assert.Equal(before + 300, await app.EventCountAsync());
        var (_, figure) = await app.GetAsync("/figures/trade-turnover:RU-VN:2020");
        Assert.Equal(300, figure!["figure"]!["claims"]!.AsArray().Count);
    }

    [Fact]
    public async Task Registering_the_same_source_text_again_answers_with_the_existing_source()
    {
        var before = await app.EventCountAsync();
        var (status, body) = await app.PostAsync("/sources", Sources.Phuc2021());
        Assert.Equal(200, status);
        Assert.Equal(_source, body!["id"]!.GetValue<Guid>());
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Fact]
    public async Task Claims_are_listed_by_source_kind_and_figure_key_in_pages()
    {
        for (var i = 0; i < 3; i++) await app.PostAsync("/claims", Trade2020(4.85m + i / 100m));
        var (_, page) = await app.GetAsync($"/claims?sourceId={_source}&kind=figure&figureKey=trade-turnover:RU-VN:2020&pageSize=2&page=2");
        Assert.Equal(3, page!["total"]!.GetValue<long>());
        Assert.Single(page["claims"]!.AsArray());
        var (_, none) = await app.GetAsync("/claims?kind=project");
        Assert.Equal(0, none!["total"]!.GetValue<long>());
    }
}

/// <summary>Source registrations the tests use, from the seed articles.</summary>
public static class Sources
{
    public static object Phuc2021(string publishedOn = "2021-11") => new
    {
        title = "Phuc's visit to Russia", outlet = (string?)null, publishedOn, dateBasis = "inferred",
        dateNote = "The visit it previews began on November 29, 2021", retrievedOn = "2026-11-01", text = Seed.Text(Seed.Phuc2021),
    };
}
