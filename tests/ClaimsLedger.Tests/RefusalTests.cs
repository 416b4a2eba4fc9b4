using System.Text.Json.Nodes;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>
/// Every refusal answers with problem details naming the field at fault, and leaves the event store exactly as it was.
/// Bodies use {source} and {claim} for a registered source and a recorded claim.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class RefusalTests(LedgerApp app) : IAsyncLifetime
{
    private const string Quote = "bilateral trade turnover in 2020 reached nearly 4.85 billion USD";
    private const string Figure = """{"metric":"trade-turnover","parties":["RU","VN"],"period":"2020","unit":"usd","scale":"billion","qualifier":"nearly","value":4.85}""";
    private static readonly string GoodClaim = $$"""{"sourceId":"{source}","kind":"figure","quote":"{{Quote}}","figure":{{Figure}}}""";
    private Guid _source, _claim;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        _source = (await app.PostAsync("/sources", Sources.Phuc2021())).Body!["id"]!.GetValue<Guid>();
        _claim = (await app.PostRawAsync("/claims", Fill(GoodClaim))).Body!["id"]!.GetValue<Guid>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string Fill(string text) => text.Replace("{source}", _source.ToString()).Replace("{claim}", _claim.ToString());

    private static string ClaimWith(string figure, string quote = Quote) =>
        $$"""{"sourceId":"{source}","kind":"figure","quote":"{{quote}}","figure":{{figure}}}""";

    private static string Correction(string changes, int expectedVersion = 1) =>
        $$"""{"expectedVersion":{{expectedVersion}},"reason":"a reason","changes":{{changes}}}""";

    public static TheoryData<string, string, string, int, string> Refusals => new()
    {
        { "malformed JSON", "/claims", """{"sourceId": """, 400, "sourceId" },
        { "not an object", "/claims", "[1,2]", 400, "body" },
        { "unknown field", "/claims", GoodClaim.Replace("\"kind\"", "\"bogus\":1,\"kind\""), 400, "bogus" },
        { "field given twice", "/claims", GoodClaim.Replace("\"kind\"", "\"note\":\"a\",\"note\":\"b\",\"kind\""), 400, "note" },
        { "field given twice in a correction's changes", "/claims/{claim}/corrections", Correction("""{"note":"a","note":"b"}"""), 400, "changes.note" },
        { "field given twice deep in a correction's changes", "/claims/{claim}/corrections", Correction("""{"figure":{"value":1,"value":2}}"""), 400, "changes.figure.value" },
        { "expectedVersion given twice", "/claims/{claim}/corrections", """{"expectedVersion":1,"expectedVersion":2,"reason":"r","changes":{"note":"x"}}""", 400, "expectedVersion" },
        // Dropped, it would record the claim for real under the caller's belief that nothing was written.
        { "unknown query parameter", "/claims?dryRun=true", GoodClaim, 400, "dryRun" },
        { "missing quote", "/claims", GoodClaim.Replace($"\"quote\":\"{Quote}\",", ""), 400, "quote" },
        { "missing source", "/claims", GoodClaim.Replace("\"sourceId\":\"{source}\",", ""), 400, "sourceId" },
        { "unknown source", "/claims", GoodClaim.Replace("{source}", Guid.NewGuid().ToString()), 400, "sourceId" },
        { "source id not a uuid", "/claims", GoodClaim.Replace("{source}", "abc"), 400, "sourceId" },
        { "quote not in the source", "/claims", ClaimWith(Figure, "trade turnover reached 9 billion USD"), 400, "quote" },
        { "quote not at its span", "/claims", GoodClaim.Replace("\"kind\"", "\"spanStart\":3,\"kind\""), 400, "spanStart" },
        { "unknown kind", "/claims", GoodClaim.Replace("\"kind\":\"figure\"", "\"kind\":\"rumour\""), 400, "kind" },
        { "figure fields on a project claim", "/claims", GoodClaim.Replace("\"kind\":\"figure\"", "\"kind\":\"project\""), 400, "figure" },
        { "impossible period", "/claims", ClaimWith(Figure.Replace("\"2020\"", "\"2021-13\"")), 400, "figure.period" },
        { "metric with a line break after it", "/claims", ClaimWith(Figure.Replace("\"trade-turnover\"", "\"trade-turnover\\n\"")), 400, "figure.metric" },
        { "party with a line break after it", "/claims", ClaimWith(Figure.Replace("\"RU\"", "\"RU\\n\"")), 400, "figure.parties[0]" },
        { "period in digits other than 0-9", "/claims", ClaimWith(Figure.Replace("\"2020\"", "\"２０２０-０１\"")), 400, "figure.period" },
        { "target period in digits other than 0-9", "/claims", ClaimWith(Figure.Replace("\"2020\"", "\"by-٢٠٣٠\"")), 400, "figure.period" },
        { "a target past the years a claim may name", "/claims", ClaimWith(Figure.Replace("\"2020\"", "\"by-2200\"")), 400, "figure.period" },
        { "a base period before them", "/claims", ClaimWith(Figure.Replace("\"2020\"", "\"2020\",\"basePeriod\":\"1799\"")), 400, "figure.basePeriod" },
        { "backwards span", "/claims", ClaimWith(Figure.Replace("\"2020\"", "\"2021..2019\"")), 400, "figure.period" },
        { "unknown unit", "/claims", ClaimWith(Figure.Replace("\"usd\"", "\"roubles\"")), 400, "figure.unit" },
        { "negative money", "/claims", ClaimWith(Figure.Replace("4.85", "-4.85")), 400, "figure.value" },
        { "fractional count", "/claims", ClaimWith(Figure.Replace("\"usd\"", "\"count\"")), 400, "figure.value" },
        { "percent below -100", "/claims", ClaimWith(Figure.Replace("\"usd\",\"scale\":\"billion\"", "\"percent\",\"scale\":\"one\"").Replace("4.85", "-150")), 400, "figure.value" },
        { "value as text", "/claims", ClaimWith(Figure.Replace("4.85", "\"4.85\"")), 400, "figure.value" },
        { "range without high", "/claims", ClaimWith(Figure.Replace("\"nearly\",\"value\":4.85", "\"range\",\"low\":4")), 400, "figure.high" },
        { "bad party code", "/claims", ClaimWith(Figure.Replace("\"RU\"", "\"Russia\"")), 400, "figure.parties[0]" },
        { "impossible source date", "/sources", """{"title":"t","publishedOn":"2023-02-30","dateBasis":"stated","text":"some text"}""", 400, "publishedOn" },
        { "inferred date without a note", "/sources", """{"title":"t","publishedOn":"2023","dateBasis":"inferred","text":"some text"}""", 400, "dateNote" },
        { "source date with a line break after it", "/sources", """{"title":"t","publishedOn":"2023-01-02\n","dateBasis":"stated","text":"some text"}""", 400, "publishedOn" },
        { "source date in digits other than 0-9", "/sources", """{"title":"t","publishedOn":"٢٠٢٣-٠١-٠٢","dateBasis":"stated","text":"some text"}""", 400, "publishedOn" },
        { "source published in the future", "/sources", """{"title":"t","publishedOn":"2999-01","dateBasis":"stated","text":"some text"}""", 400, "publishedOn" },
        { "source retrieved in the future", "/sources", """{"title":"t","publishedOn":"2023","dateBasis":"stated","retrievedOn":"2999-01-01","text":"some text"}""", 400, "retrievedOn" },
        { "source retrieved before it was published", "/sources", """{"title":"t","publishedOn":"2023-05","dateBasis":"stated","retrievedOn":"2023-04-30","text":"some text"}""", 400, "retrievedOn" },
        { "source correction to a retrieval before the publication", "/sources/{source}/corrections", Correction("""{"retrievedOn":"2021-01-01"}"""), 400, "changes.retrievedOn" },
        { "source without text", "/sources", """{"title":"t","publishedOn":"2023","dateBasis":"stated"}""", 400, "text" },
        { "correction of an unknown claim", $"/claims/{Guid.NewGuid()}/corrections", Correction("""{"note":"x"}"""), 404, "" },
        { "correction without changes", "/claims/{claim}/corrections", Correction("{}"), 400, "changes" },
        { "correction without a reason", "/claims/{claim}/corrections", """{"expectedVersion":1,"changes":{"note":"x"}}""", 400, "reason" },
        { "correction without expectedVersion", "/claims/{claim}/corrections", """{"reason":"r","changes":{"note":"x"}}""", 400, "expectedVersion" },
        { "correction of an unknown field", "/claims/{claim}/corrections", Correction("""{"colour":"red"}"""), 400, "changes.colour" },
        { "correction to an impossible value", "/claims/{claim}/corrections", Correction("""{"figure":{"value":-1}}"""), 400, "changes.figure.value" },
        { "correction to a quote not in the source", "/claims/{claim}/corrections", Correction("""{"quote":"invented words"}"""), 400, "changes.quote" },
        // A correction that leaves the quote alone is not checked against the text again, so every way of touching it must be seen.
        { "correction moving the quote's place", "/claims/{claim}/corrections", Correction("""{"spanStart":3}"""), 400, "changes.spanStart" },
        { "correction removing the quote", "/claims/{claim}/corrections", Correction("""{"quote":null}"""), 400, "changes.quote" },
        { "correction of the quote under another casing", "/claims/{claim}/corrections", Correction("""{"Quote":"invented words"}"""), 400, "changes.Quote" },
        { "correction that changes nothing", "/claims/{claim}/corrections", Correction("""{"figure":{"value":4.85}}"""), 400, "changes" },
        { "stale correction", "/claims/{claim}/corrections", Correction("""{"note":"x"}""", expectedVersion: 7), 409, "expectedVersion" },
        { "retraction without a reason", "/claims/{claim}/retraction", """{"expectedVersion":1}""", 400, "reason" },
        { "stale retraction", "/claims/{claim}/retraction", """{"expectedVersion":3,"reason":"r"}""", 409, "expectedVersion" },
        { "retraction of an unknown claim", $"/claims/{Guid.NewGuid()}/retraction", """{"expectedVersion":1,"reason":"r"}""", 404, "" },
        { "rank of an unknown claim", $"/claims/{Guid.NewGuid()}/rank", """{"expectedVersion":1,"rank":"preferred","reason":"r"}""", 404, "" },
        { "correction of a claim id that is not a uuid", "/claims/abc/corrections", Correction("""{"note":"x"}"""), 400, "claimId" },
        { "retraction of a claim id that is not a uuid", "/claims/{claim}x/retraction", """{"expectedVersion":1,"reason":"r"}""", 400, "claimId" },
        { "source correction of an unknown source", $"/sources/{Guid.NewGuid()}/corrections", Correction("""{"outlet":"VNA"}"""), 404, "" },
        { "source correction of a source id that is not a uuid", "/sources/abc/corrections", Correction("""{"outlet":"VNA"}"""), 400, "sourceId" },
        { "rejection of an unknown proposal", $"/proposals/{Guid.NewGuid()}/reject", """{"expectedVersion":1,"reason":"r"}""", 404, "" },
        { "rejection of a proposal id that is not a uuid", "/proposals/abc/reject", """{"expectedVersion":1,"reason":"r"}""", 400, "proposalId" },
        { "source correction of the text", "/sources/{source}/corrections", Correction("""{"text":"other"}"""), 400, "changes.text" },
        { "import with one bad claim", "/imports/claims", $$"""{"claims":[{{GoodClaim}},{{ClaimWith(Figure, "invented words")}}]}""", 400, "claims[1].quote" },
        { "empty import", "/imports/claims", """{"claims":[]}""", 400, "claims" },
        { "import with a field given twice in its second claim", "/imports/claims", $$"""{"claims":[{{GoodClaim}},{{GoodClaim.Replace("\"kind\"", "\"figure\":{},\"kind\"")}}]}""", 400, "claims[1].figure" },
        { "import re-using a claim id for other content", "/imports/claims", $$"""{"claims":[{{GoodClaim.Replace("\"kind\"", "\"id\":\"{claim}\",\"note\":\"other\",\"kind\"")}}]}""", 409, "claims[0].id" },
        { "import of a new claim beside one re-using an id for other content", "/imports/claims", $$"""{"claims":[{{GoodClaim}},{{GoodClaim.Replace("\"kind\"", "\"id\":\"{claim}\",\"note\":\"other\",\"kind\"")}}]}""", 409, "claims[1].id" },
        { "a version no record has", "/claims/{claim}/corrections", Correction("""{"note":"x"}""", expectedVersion: 0), 400, "expectedVersion" },
        { "a negative version", "/sources/{source}/corrections", Correction("""{"outlet":"VNA"}""", expectedVersion: -1), 400, "expectedVersion" },
        { "stale source correction", "/sources/{source}/corrections", Correction("""{"outlet":"VNA"}""", expectedVersion: 2), 409, "expectedVersion" },
        // PostgreSQL stores no U+0000: sent on, each was a 500 (and the next request or two on the same connection failed).
        { "a reason holding U+0000", "/claims/{claim}/corrections", """{"expectedVersion":1,"reason":"a\u0000b","changes":{"note":"x"}}""", 400, "reason" },
        { "a corrected note holding U+0000", "/claims/{claim}/corrections", Correction("""{"note":"\u0000"}"""), 400, "changes.note" },
        { "an import whose second claim's note holds U+0000", "/imports/claims", $$"""{"claims":[{{GoodClaim}},{{GoodClaim.Replace("\"kind\"", "\"note\":\"x\\u0000\",\"kind\"")}}]}""", 400, "claims[1].note" },
        // Half a surrogate pair is no character: a text field said "must be text, in quotes", a corrected one was a 500.
        { "a reason holding half a surrogate pair", "/claims/{claim}/corrections", """{"expectedVersion":1,"reason":"a\ud800b","changes":{"note":"x"}}""", 400, "reason" },
        { "a corrected note holding half a surrogate pair", "/claims/{claim}/corrections", Correction("""{"note":"\udc00"}"""), 400, "changes.note" },
        { "a corrected field whose name holds half a surrogate pair", "/claims/{claim}/corrections", Correction("""{"no\uDBFFte":"x"}"""), 400, "changes.no\\uDBFFte" },
        { "an import whose second claim's quote ends in half a surrogate pair", "/imports/claims", $$"""{"claims":[{{GoodClaim}},{{GoodClaim.Replace("USD\"", "USD\\uD83D\"")}}]}""", 400, "claims[1].quote" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Is_refused_naming_the_field_and_appends_nothing(string why, string path, string body, int status, string field)
    {
        var before = await app.EventCountAsync();

        var (actual, problem) = await app.PostRawAsync(Fill(path), Fill(body));

        AssertAnswered(why, Fill(path), status, field, actual, problem);
        Assert.Equal(before, await app.EventCountAsync());
    }

    /// <summary>
    /// An action on what the address names reads no body: sent without one it runs; a body with fields is refused naming
    /// the first, not ignored.
    /// </summary>
    [Theory]
    [InlineData("/sources/{source}/extraction")]
    [InlineData("/sources/{source}/syndication/detect")]
    public async Task A_request_that_takes_no_body_runs_without_one_and_refuses_one_with_fields(string path)
    {
        var before = await app.EventCountAsync();
        foreach (var (body, field) in new[] { ("""{"extractor":"v2"}""", "extractor"), ("[]", "body"), ("{", "body") })
        {
            var (status, problem) = await app.PostRawAsync(Fill(path), body);
            AssertAnswered(body, Fill(path), 400, field, status, problem);
        }
        Assert.Equal(before, await app.EventCountAsync());

        // {} is no body: a retry sending it under the key of a request that sent none is the same request.
        var key = Guid.NewGuid().ToString();
        using var none = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, Fill(path)) { Headers = { { "Idempotency-Key", key } } });
        using var empty = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, Fill(path))
        {
            Headers = { { "Idempotency-Key", key } }, Content = new StringContent("{ }", System.Text.Encoding.UTF8, "application/json"),
        });

        Assert.Equal((200, 200), ((int)none.StatusCode, (int)empty.StatusCode));
        Assert.Equal(await none.Content.ReadAsStringAsync(), await empty.Content.ReadAsStringAsync());
    }

    /// <summary>JSON nested past the reader's depth is valid JSON: the refusal says what is wrong with it.</summary>
    [Fact]
    public async Task A_change_nested_past_the_depth_the_ledger_reads_is_refused_saying_so_and_appends_nothing()
    {
        var before = await app.EventCountAsync();
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);

        var (status, problem) = await app.PostRawAsync(Fill("/claims/{claim}/corrections"), Correction(deep));

        Assert.True(status == 400, $"{status} {problem?.ToJsonString()}");
        Assert.StartsWith("is nested deeper than 32 levels", problem!["errors"]!["body"]![0]!.GetValue<string>());
        Assert.Equal(before, await app.EventCountAsync());
    }

    /// <summary>A source's id comes from its text: the same text sent again is the same source, answered, not doubled.</summary>
    [Fact]
    public async Task A_text_registered_again_is_answered_as_the_source_it_is_and_with_other_metadata_refused_naming_the_text()
    {
        var before = await app.EventCountAsync();

        var (again, same) = await app.PostAsync("/sources", Sources.Phuc2021());
        var (status, problem) = await app.PostAsync("/sources", Sources.Phuc2021(publishedOn: "2021-10"));

        Assert.Equal((200, _source, false), (again, same!["id"]!.GetValue<Guid>(), same["created"]!.GetValue<bool>()));
        AssertAnswered("other metadata", "/sources", 409, "text", status, problem);
        Assert.Equal(_source, problem!["sourceId"]!.GetValue<Guid>());
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Fact]
    public async Task Two_claims_of_one_import_under_one_id_are_refused_naming_both_and_append_nothing()
    {
        var before = await app.EventCountAsync();
        var id = Guid.NewGuid();
        var (status, problem) = await app.PostRawAsync("/imports/claims", Fill($$"""{"claims":[{{GoodClaim.Replace("\"kind\"", $"\"id\":\"{id}\",\"kind\"")}},{{ClaimWith(Figure.Replace("4.85", "4.9")).Replace("\"kind\"", $"\"id\":\"{id}\",\"kind\"")}}]}"""));

        Assert.True(status == 400, $"{status} {problem?.ToJsonString()}");
        Assert.Equal("is claims[0].id too: each claim of an import has its own", problem!["errors"]!["claims[1].id"]![0]!.GetValue<string>());
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Fact]
    public async Task Text_that_only_spells_the_escape_of_U0000_is_stored_as_written()
    {
        // An escaped backslash before "u0000" is the six characters \u0000, not the character: nothing to refuse.
        var (status, created) = await app.PostRawAsync("/claims", Fill(GoodClaim.Replace("\"kind\"", "\"note\":\"C:\\\\u0000\",\"kind\"")));
        Assert.Equal(201, status);
        var (_, claim) = await app.GetAsync($"/claims/{created!["id"]}");
        Assert.Equal(@"C:\u0000", claim!["note"]!.GetValue<string>());
    }

    /// <summary>A field the API does not know is answered with the fields the object takes: the name the client meant is among them.</summary>
    [Theory]
    [InlineData("/claims/{claim}/verdict", """{"expectedVersion":1,"verdict":"true","reason":"r"}""", "reason", "expectedVersion, verdict, note")]
    [InlineData("/claims", """{"sourceId":"{source}","kind":"figure","quote":"q","figure":{"metric":"trade-turnover","valeu":4.85}}""", "figure.valeu", "value")]
    [InlineData("/claims/{claim}/corrections", """{"expectedVersion":1,"reason":"r","changes":{"figure":{"valeu":4.86}}}""", "changes.figure.valeu", "value")]
    // A name the claim takes at its top, given inside its figure: named where it stands, not where it would belong.
    [InlineData("/imports/claims", """{"claims":[{"sourceId":"{source}","kind":"figure","quote":"q","note":"n"},{"sourceId":"{source}","kind":"figure","quote":"q","note":"n","figure":{"metric":"trade-turnover","note":"n"}}]}""", "claims[1].figure.note", "basePeriod")]
    public async Task A_field_the_API_does_not_know_is_refused_listing_those_it_takes(string path, string body, string field, string listed)
    {
        var before = await app.EventCountAsync();

        var (status, problem) = await app.PostRawAsync(Fill(path), Fill(body));

        Assert.True(400 == status && problem?["errors"]?[field] is not null, problem?.ToJsonString());
        var said = problem!["errors"]![field]![0]!.GetValue<string>();
        Assert.StartsWith("is not a field this API knows; here it takes ", said);
        Assert.Contains(listed, said);
        Assert.Equal(before, await app.EventCountAsync());
    }

    /// <summary>A whole pair escaped (as clients that escape all but ASCII send an emoji) is the character, stored as such.</summary>
    [Fact]
    public async Task A_whole_surrogate_pair_escaped_is_stored_as_its_character_and_half_of_one_is_refused_saying_so()
    {
        var (status, created) = await app.PostRawAsync("/claims", Fill(GoodClaim.Replace("\"kind\"", "\"note\":\"crab \\ud83e\\udd80\",\"kind\"")));
        Assert.Equal(201, status);
        var (_, claim) = await app.GetAsync($"/claims/{created!["id"]}");
        Assert.Equal("crab 🦀", claim!["note"]!.GetValue<string>());

        var before = await app.EventCountAsync();
        var (refused, problem) = await app.PostRawAsync($"/claims/{created["id"]}/corrections", Correction("""{"note":"crab \ud83e"}"""));
        Assert.Equal(400, refused);
        Assert.Contains("surrogate pair", problem!["errors"]!["changes.note"]![0]!.GetValue<string>());
        Assert.Equal(before, await app.EventCountAsync());
    }

    // System.Text.Json names the .NET type a value did not fit; the answer says what to send instead.
    [Theory]
    [InlineData("/claims", "value as text", "figure.value", "must be a number, without quotes")]
    // A number a decimal cannot hold exactly was rounded without a word: 1e-30 stored as 0.
    [InlineData("/claims", "value too small to keep", "figure.value", "must be a number, without quotes, of at most 28 digits")]
    [InlineData("/claims", "value with too many digits", "figure.value", "must be a number, without quotes, of at most 28 digits")]
    [InlineData("/claims", "value past the range", "figure.value", "must be a number, without quotes, of at most 28 digits")]
    [InlineData("/claims/{claim}/corrections", "corrected value too small to keep", "changes.figure.value", "must be a number, without quotes, of at most 28 digits")]
    [InlineData("/claims", "span as text", "spanStart", "must be a whole number, without quotes")]
    [InlineData("/claims", "parties as one text", "figure.parties", "must be a list")]
    [InlineData("/claims", "figure as text", "figure", "must be an object")]
    [InlineData("/claims", "note as a number", "note", "must be text, in quotes")]
    [InlineData("/claims/{claim}/corrections", "corrected value as text", "changes.figure.value", "must be a number, without quotes")]
    [InlineData("/claims/{claim}/corrections", "expectedVersion as text", "expectedVersion", "must be a whole number, without quotes")]
    [InlineData("/claims/{claim}/corrections", "changes as text", "changes", "must be an object")]
    [InlineData("/imports/claims", "claims as an object", "claims", "must be a list")]
    public async Task A_value_of_the_wrong_type_is_refused_saying_what_the_field_takes(string path, string why, string field, string expected)
    {
        var body = why switch
        {
            "value as text" => ClaimWith(Figure.Replace("4.85", "\"4.85\"")),
            "value too small to keep" => ClaimWith(Figure.Replace("4.85", "1e-30")),
            "value with too many digits" => ClaimWith(Figure.Replace("4.85", "4.8500000000000000000000000000001")),
            "value past the range" => ClaimWith(Figure.Replace("4.85", "1e308")),
            "corrected value too small to keep" => Correction("""{"figure":{"value":1e-30}}"""),
            "span as text" => GoodClaim.Replace("\"kind\"", "\"spanStart\":\"0\",\"kind\""),
            "parties as one text" => ClaimWith(Figure.Replace("[\"RU\",\"VN\"]", "\"RU-VN\"")),
            "figure as text" => ClaimWith("\"trade-turnover:RU-VN:2020\""),
            "note as a number" => GoodClaim.Replace("\"kind\"", "\"note\":7,\"kind\""),
            "corrected value as text" => Correction("""{"figure":{"value":"4.9"}}"""),
            "changes as text" => Correction("\"figure.value = 4.9\""),
            "claims as an object" => $$"""{"claims":{{GoodClaim}}}""",
            _ => """{"expectedVersion":"1","reason":"r","changes":{"note":"x"}}""",
        };
        var before = await app.EventCountAsync();

        var (status, problem) = await app.PostRawAsync(Fill(path), Fill(body));

        Assert.Equal(400, status);
        Assert.Contains(expected, Assert.Single(problem!["errors"]![field]!.AsArray())!.GetValue<string>());
        Assert.Equal(before, await app.EventCountAsync());
    }

    /// <summary>
    /// A client whose Accept leaves JSON out gets the answer every client gets: a refusal is problem details naming the
    /// field, an unknown address says so, and a good write is written once. Not a bare 406, not plain text.
    /// </summary>
    [Theory]
    [InlineData("text/html")]
    [InlineData("text/csv")]
    [InlineData("application/xml, text/plain;q=0.5")]
    public async Task A_client_that_does_not_ask_for_JSON_is_answered_in_it_and_a_refusal_names_the_field(string accept)
    {
        async Task<(int Status, string? MediaType, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null) request.Content = new StringContent(Fill(body), System.Text.Encoding.UTF8, "application/json");
            request.Headers.TryAddWithoutValidation("Accept", accept);
            using var response = await app.Client.SendAsync(request);
            return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await LedgerApp.ReadAsync(response));
        }
        var before = await app.EventCountAsync();

        var refused = await SendAsync(HttpMethod.Post, "/claims", GoodClaim.Replace("\"kind\":\"figure\"", "\"kind\":\"rumour\""));
        var unknown = await SendAsync(HttpMethod.Get, "/claim");
        Assert.Equal((400, "application/problem+json"), (refused.Status, refused.MediaType));
        Assert.True(refused.Body!["errors"]!["kind"] is not null, refused.Body.ToJsonString());
        Assert.Equal((404, "application/problem+json"), (unknown.Status, unknown.MediaType));
        Assert.Contains("There is no address /claim in this API", unknown.Body!["detail"]!.GetValue<string>());
        Assert.Equal(before, await app.EventCountAsync());

        var written = await SendAsync(HttpMethod.Post, "/claims", ClaimWith(Figure.Replace("4.85", "4.86")));
        Assert.True(written.Status is 200 or 201, $"{written.Status} {written.Body?.ToJsonString()}");
        Assert.Equal("application/json", written.MediaType);
        Assert.Equal(before + 1, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_method_an_address_does_not_take_is_refused_saying_which_it_takes_and_appends_nothing()
    {
        var before = await app.EventCountAsync();

        using var response = await app.Client.DeleteAsync($"/claims/{_claim}");

        var problem = await LedgerApp.ReadAsync(response);
        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal("GET,HEAD", string.Join(",", response.Content.Headers.Allow));
        Assert.Contains("DELETE is not taken at this address, which takes GET, HEAD.", problem!["detail"]!.GetValue<string>());
        AssertTypedAsTheOthers(problem);
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Theory]
    [InlineData("POST", "/claim", 404, "There is no address /claim in this API")]
    [InlineData("GET", "/figure/trade-turnover:RU-VN:2020", 404, "There is no address /figure/trade-turnover:RU-VN:2020 in this API")]
    [InlineData("PUT", "/claims", 405, "PUT is not taken at this address, which takes GET, HEAD, POST")]
    public async Task A_write_without_a_body_to_an_address_or_method_the_API_lacks_is_answered_as_such_not_for_its_body(
        string method, string path, int status, string detail)
    {
        var before = await app.EventCountAsync();

        using var response = await app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var problem = await LedgerApp.ReadAsync(response);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(detail, problem!["detail"]!.GetValue<string>());
        AssertTypedAsTheOthers(problem);
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_body_not_sent_as_JSON_is_refused_naming_the_header_and_appends_nothing()
    {
        var before = await app.EventCountAsync();

        using var response = await app.Client.PostAsync("/claims", new StringContent(Fill(GoodClaim), System.Text.Encoding.UTF8, "text/plain"));

        var problem = await LedgerApp.ReadAsync(response);
        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal("Content-Type", problem!["field"]!.GetValue<string>());
        Assert.Contains("application/json", problem["detail"]!.GetValue<string>());
        AssertTypedAsTheOthers(problem);
        Assert.Equal(before, await app.EventCountAsync());
    }

    /// <summary>Text in another encoding (a Windows code page's é) is refused as not UTF-8, naming the field it stands in.</summary>
    [Fact]
    public async Task Text_that_is_not_UTF_8_is_refused_as_such_naming_the_field_and_appends_nothing()
    {
        var before = await app.EventCountAsync();
        var body = System.Text.Encoding.UTF8.GetBytes(Fill(GoodClaim).Replace("\"kind\"", "\"note\":\"caf\u00e9\",\"kind\""));
        var at = Array.IndexOf(body, (byte)0xC3);
        byte[] latin1 = [.. body[..at], 0xE9, .. body[(at + 2)..]];   // é as windows-1252 and Latin-1 write it

        using var response = await app.Client.PostAsync("/claims", new ByteArrayContent(latin1) { Headers = { { "Content-Type", "application/json" } } });

        var problem = await LedgerApp.ReadAsync(response);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.StartsWith("is not UTF-8", problem!["errors"]!["note"]![0]!.GetValue<string>());
        Assert.Equal(before, await app.EventCountAsync());
    }

    [Theory]
    [InlineData("windows-1258", 415)]
    [InlineData("\"utf-16\"", 415)]
    [InlineData("iso-8859-1", 415)]
    [InlineData("UTF-8", 201)]
    [InlineData("us-ascii", 201)]
    public async Task A_body_declared_in_another_charset_than_UTF_8_is_refused_naming_the_header(string charset, int status)
    {
        var before = await app.EventCountAsync();
        var content = new StringContent(Fill(ClaimWith(Figure.Replace("4.85", "4.87"))));
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");

        using var response = await app.Client.PostAsync("/claims", content);

        var answer = await LedgerApp.ReadAsync(response);
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode} {answer?.ToJsonString()}");
        Assert.Equal(status == 201 ? before + 1 : before, await app.EventCountAsync());
        if (status == 415)
        {
            Assert.Equal("Content-Type", answer!["field"]!.GetValue<string>());
            Assert.Contains("UTF-8", answer["detail"]!.GetValue<string>());
        }
    }

    /// <summary>A number in any JSON form a decimal holds exactly is recorded as that number.</summary>
    [Theory]
    [InlineData("1E2", "100")]
    [InlineData("48.5e-1", "4.85")]
    [InlineData("4.8500", "4.85")]
    [InlineData("0e99999999999", "0")]
    [InlineData("0.000000000000000000000000001", "0.000000000000000000000000001")]
    public async Task A_value_in_any_exact_form_is_recorded_as_that_number(string sent, string kept)
    {
        var (status, written) = await app.PostRawAsync("/claims", Fill(ClaimWith(Figure.Replace("4.85", sent))));
        Assert.True(status == 201, $"{status} {written?.ToJsonString()}");

        var (_, claim) = await app.GetAsync($"/claims/{written!["id"]}");
        Assert.Equal(decimal.Parse(kept, System.Globalization.CultureInfo.InvariantCulture), claim!["figure"]!["value"]!.GetValue<decimal>());
    }

    /// <summary>JSON under any case of its media type (RFC 9110, 8.3.1), or a +json type, is read as JSON.</summary>
    [Theory]
    [InlineData("APPLICATION/JSON", "4.71")]
    [InlineData("Application/Json; charset=UTF-8", "4.72")]
    [InlineData("application/merge-patch+json", "4.73")]
    public async Task A_body_sent_as_JSON_under_another_spelling_of_its_media_type_is_recorded(string contentType, string value)
    {
        var before = await app.EventCountAsync();
        var content = new StringContent(Fill(ClaimWith(Figure.Replace("4.85", value))));
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await app.Client.PostAsync("/claims", content);

        var answer = await LedgerApp.ReadAsync(response);
        Assert.True(201 == (int)response.StatusCode, $"{(int)response.StatusCode} {answer?.ToJsonString()}");
        Assert.Equal(before + 1, await app.EventCountAsync());
    }

    /// <summary>A body compressed as HTTP allows (an archive's import gzipped to a tenth) is unpacked and recorded.</summary>
    [Theory]
    [InlineData("gzip", "4.81")]
    [InlineData("deflate", "4.82")]
    [InlineData("br", "4.83")]
    [InlineData("identity", "4.84")]
    public async Task A_body_compressed_with_a_coding_HTTP_names_is_unpacked_and_recorded(string coding, string value)
    {
        var before = await app.EventCountAsync();

        using var response = await app.Client.PostAsync("/claims", Compressed.Content(coding, Fill(ClaimWith(Figure.Replace("4.85", value)))));

        var answer = await LedgerApp.ReadAsync(response);
        Assert.True(201 == (int)response.StatusCode, $"{(int)response.StatusCode} {answer?.ToJsonString()}");
        Assert.Equal(before + 1, await app.EventCountAsync());
    }

    [Theory]
    [InlineData("compress")]
    [InlineData("zstd")]
    [InlineData("gzip, br")]
    public async Task A_body_in_a_coding_the_ledger_cannot_unpack_is_refused_naming_the_header_and_appends_nothing(string coding)
    {
        var before = await app.EventCountAsync();
        var content = new StringContent(Fill(ClaimWith(Figure.Replace("4.85", "4.79"))), System.Text.Encoding.UTF8, "application/json");
        content.Headers.TryAddWithoutValidation("Content-Encoding", coding);

        using var response = await app.Client.PostAsync("/claims", content);

        var problem = await LedgerApp.ReadAsync(response);
        Assert.True(415 == (int)response.StatusCode, $"{(int)response.StatusCode} {problem?.ToJsonString()}");
        Assert.Equal("Content-Encoding", problem!["field"]!.GetValue<string>());
        Assert.Contains("gzip", string.Join(",", response.Headers.GetValues("Accept-Encoding")));
        Assert.Equal(before, await app.EventCountAsync());
    }

    /// <summary>Plain JSON sent under a coding's name, as a client that sets the header for every request does.</summary>
    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task A_body_that_is_not_in_the_coding_it_declares_is_refused_naming_the_body_and_appends_nothing(string coding)
    {
        var before = await app.EventCountAsync();
        var content = new StringContent(Fill(ClaimWith(Figure.Replace("4.85", "4.78"))), System.Text.Encoding.UTF8, "application/json");
        content.Headers.ContentEncoding.Add(coding);

        using var response = await app.Client.PostAsync("/claims", content);

        var problem = await LedgerApp.ReadAsync(response);
        Assert.True(400 == (int)response.StatusCode, $"{(int)response.StatusCode} {problem?.ToJsonString()}");
        Assert.StartsWith("cannot be decompressed", problem!["errors"]!["body"]![0]!.GetValue<string>());
        Assert.Equal(before, await app.EventCountAsync());
    }

    /// <summary>The body limit holds for the unpacked bytes: 17 MB of a note gzips to a few kilobytes.</summary>
    [Fact]
    public async Task A_compressed_body_larger_than_the_limit_once_unpacked_is_refused_and_appends_nothing()
    {
        var before = await app.EventCountAsync();
        var claim = Fill(ClaimWith(Figure.Replace("4.85", "4.77"))).Replace("\"kind\"", $"\"note\":\"{new string('a', 17 * 1024 * 1024)}\",\"kind\"");
        var content = Compressed.Content("gzip", claim);
        Assert.True(content.Headers.ContentLength < 1024 * 1024);

        using var response = await app.Client.PostAsync("/claims", content);

        var problem = await LedgerApp.ReadAsync(response);
        Assert.True(413 == (int)response.StatusCode, $"{(int)response.StatusCode} {problem?.ToJsonString()}");
        Assert.Equal(before, await app.EventCountAsync());
    }

    /// <summary>Past 8 KiB of address or 32 KiB of headers (the real server's part: RunCommandTests), naming the part to shorten.</summary>
    [Theory]
    [InlineData("query", 414, "note")]
    [InlineData("path", 414, "path")]
    [InlineData("headers", 431, "X-Trace")]
    [InlineData("many headers", 431, "headers")]
    public async Task An_address_or_headers_too_long_are_refused_naming_the_longest_part_and_append_nothing(string where, int status, string field)
    {
        var before = await app.EventCountAsync();
        var filler = new string('a', where == "headers" ? 33 * 1024 : 9 * 1024);
        var request = new HttpRequestMessage(HttpMethod.Post, where switch
        {
            "query" => $"/claims?asOf=2021&note={filler}",
            "path" => $"/claims/{filler}/corrections",
            _ => "/claims",
        }) { Content = new StringContent(Fill(ClaimWith(Figure.Replace("4.85", "4.78"))), System.Text.Encoding.UTF8, "application/json") };
        if (where == "headers") request.Headers.Add("X-Trace", filler);
        for (var i = 0; where == "many headers" && i < 101; i++) request.Headers.Add($"X-Tag-{i}", "a");

        using var response = await app.Client.SendAsync(request);

        var problem = await LedgerApp.ReadAsync(response);
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode} {problem?.ToJsonString()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, problem!["field"]!.GetValue<string>());
        Assert.Contains(field switch { "path" => "the path", "headers" => "headers; this ledger reads at most 100", _ => field }, problem["detail"]!.GetValue<string>());
        Assert.Equal(before, await app.EventCountAsync());
    }

    /// <summary>
    /// The answer is problem details with the status expected, naming the field at fault; an unknown thing is named with
    /// the id the path gave (the segment after the collection's name), never a bare "Not Found".
    /// </summary>
    /// <summary>One type per kind of answer, whoever wrote it: the ledger or ASP.NET Core's defaults (405, 415, 404 address).</summary>
    private static void AssertTypedAsTheOthers(JsonNode? problem) =>
        Assert.StartsWith("https://datatracker.ietf.org/doc/html/rfc", problem?["type"]?.GetValue<string>());

    private static void AssertAnswered(string why, string path, int status, string field, int actual, JsonNode? problem)
    {
        Assert.True(status == actual, $"{why}: expected {status}, got {actual}: {problem?.ToJsonString()}");
        Assert.NotNull(problem);
        Assert.Equal(status, problem!["status"]!.GetValue<int>());
        AssertTypedAsTheOthers(problem);
        if (field.Length > 0)
        {
            var named = problem["errors"]?.AsObject().Select(e => e.Key).ToList() ?? [];
            if (problem["field"] is { } single) named.Add(single.GetValue<string>());
            Assert.True(named.Contains(field), $"{why}: expected the field {field} to be named, got {problem.ToJsonString()}");
        }
        // Only a 400 is about fields that are wrong in themselves; any other answer's title says what it is about.
        if (status != 400) Assert.NotEqual("The request has invalid fields", problem["title"]!.GetValue<string>());
        // A stale write names what changed meanwhile: the claim, the source, the proposal.
        if (status == 409 && field == "expectedVersion")
            Assert.Equal($"The {path.Split('/')[1].TrimEnd('s')} has changed since you read it", problem["title"]!.GetValue<string>());
        if (status == 404)
        {
            Assert.StartsWith("Unknown ", problem["title"]!.GetValue<string>());
            Assert.Contains($"'{path.Split('?')[0].Split('/')[2]}'", problem["detail"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("/claims/{claim}?recordedAsOf=yesterday", 400, "recordedAsOf")]
    // A claim is one source's statement: the views' validAt and asOf do not apply to it, and are refused, not ignored.
    [InlineData("/claims/{claim}?asOf=2020-01-01", 400, "asOf")]
    [InlineData("/claims/{claim}?validAt=2020-01-01", 400, "validAt")]
    [InlineData("/claims/{claim}?recordedAsOf=2000-01-01", 404, "recordedAsOf")]
    [InlineData("/figures/trade-turnover:RU-VN:2020?asOf=2021-02-30", 400, "asOf")]
    [InlineData("/figures/trade-turnover:RU-VN:2020?validAt=soon", 400, "validAt")]
    // A key whose period no claim can have (January is 2020-01) is refused, not answered "unknown figure".
    [InlineData("/figures/trade-turnover:RU-VN:2020-1", 400, "figureKey")]
    [InlineData("/figures/trade-turnover:RU-VN:2021-02-30/claims.csv", 400, "figureKey")]
    [InlineData("/claims?figureKey=trade-turnover:RU-VN:2020..2019", 400, "figureKey")]
    [InlineData("/figures?after=trade-turnover:RU-VN:20x", 400, "after")]
    [InlineData("/figures/trade-turnover:RU-VN:2020?as_of=2021-01-01", 400, "as_of")]
    [InlineData("/figures/trade-turnover:RU-VN:2020?asOf=2021-01-01&asof=2022-01-01", 400, "asOf")]
    [InlineData("/figures?search=2020&search=2021", 400, "search")]
    [InlineData("/figures/not a key", 400, "figureKey")]
    [InlineData("/figures/trade-turnover:RU-VN:1999", 404, "")]
    [InlineData("/partnerships/RUVN", 400, "pair")]
    [InlineData("/partnerships/RU-US", 404, "")]
    [InlineData("/partnerships/RU-VN?sourcesPerStep=0", 400, "sourcesPerStep")]
    [InlineData("/partnerships/RU-VN?sourcesPerStep=1001", 400, "sourcesPerStep")]
    [InlineData("/partnerships/RU-VN?sourcesPerStep=all", 400, "sourcesPerStep")]
    // Keys and pairs take parties as a claim may name them: distinct, so a repeated party cannot be an empty answer.
    [InlineData("/partnerships/RU-RU", 400, "pair")]
    [InlineData("/figures/trade-turnover:RU-RU:2020", 400, "figureKey")]
    [InlineData("/claims?figureKey=trade-turnover:VN-VN:2020", 400, "figureKey")]
    [InlineData("/partnerships?party=vn", 400, "party")]
    [InlineData("/partnerships?party=RU-VN", 400, "party")]
    [InlineData("/partnerships?after=RU", 400, "after")]
    [InlineData("/partnerships?after=VN-VN", 400, "after")]
    [InlineData("/partnerships?pageSize=501", 400, "pageSize")]
    [InlineData("/projects/no-such-project", 404, "")]
    [InlineData("/claims/00000000-0000-0000-0000-000000000001", 404, "")]
    [InlineData("/claims/00000000-0000-0000-0000-000000000001/history", 404, "")]
    [InlineData("/sources/00000000-0000-0000-0000-000000000001", 404, "")]
    [InlineData("/proposals/00000000-0000-0000-0000-000000000001", 404, "")]
    [InlineData("/claims/abc", 400, "claimId")]
    [InlineData("/claims/{claim}x/history", 400, "claimId")]
    [InlineData("/sources/abc", 400, "sourceId")]
    [InlineData("/sources/abc/similar", 400, "sourceId")]
    [InlineData("/proposals/abc", 400, "proposalId")]
    [InlineData("/claims?pageSize=100000", 400, "pageSize")]
    [InlineData("/claims?kind=rumour", 400, "kind")]
    [InlineData("/claims?=2021-01-01", 400, "query")]
    [InlineData("/claims?figureKey=not-a-key", 400, "figureKey")]
    [InlineData("/claims?figureKey=trade-turnover:RU-VN", 400, "figureKey")]
    [InlineData("/claims?after={claim}&page=2", 400, "after")]
    [InlineData("/claims?after={source}", 400, "after")]
    [InlineData("/claims?after=00000000-0000-0000-0000-000000000001", 400, "after")]
    [InlineData("/claims?after=not-a-claim", 400, "after")]
    [InlineData("/claims?sourceId=abc", 400, "sourceId")]
    [InlineData("/claims?pageSize=ten", 400, "pageSize")]
    [InlineData("/claims?includeRetracted=maybe", 400, "includeRetracted")]
    [InlineData("/sources?search=a%00b", 400, "search")]
    [InlineData("/figures?search=%00", 400, "search")]
    [InlineData("/claims?kind=figure%00", 400, "kind")]
    public async Task A_bad_read_is_answered_with_problem_details(string path, int status, string field)
    {
        var (actual, problem) = await app.GetAsync(Fill(path));
        AssertAnswered(path, Fill(path), status, field, actual, problem);
    }

    [Fact]
    public async Task A_refusal_with_several_fields_at_fault_states_the_first_and_names_the_others()
    {
        var (status, problem) = await app.GetAsync("/partnerships?party=VN&asOf=2010-01-01&validAt=2010-01-01");
        Assert.Equal(400, status);
        var errors = problem!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Equal(["asOf", "validAt"], errors);
        Assert.Equal($"asOf: {problem["errors"]!["asOf"]![0]!.GetValue<string>()}. Also at fault: validAt", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_figure_key_whose_period_no_claim_can_have_is_refused_saying_what_a_period_is()
    {
        var (status, problem) = await app.GetAsync("/figures/trade-turnover:RU-VN:2020-1");
        Assert.Equal(400, status);
        Assert.EndsWith("its period, 2020-1, must be " + ClaimsLedger.Common.Period.Expected, problem!["errors"]!["figureKey"]![0]!.GetValue<string>());
    }
}
