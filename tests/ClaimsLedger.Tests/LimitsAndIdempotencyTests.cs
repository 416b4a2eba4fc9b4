using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>Rate limits, the request body limit, and Idempotency-Key on writes.</summary>
[Collection(LedgerCollection.Name)]
public sealed class LimitsAndIdempotencyTests(LedgerApp app) : OneSourceTests(app)
{
    private static async Task<(int Status, string Body, HttpResponseMessage Response)> PostAsync(HttpClient client, string path, HttpContent content, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task A_caller_over_its_rate_limit_gets_429_problem_details_with_Retry_After_and_nothing_appended()
    {
        // The "limited" key may send one request, then one every 30 seconds.
        var client = App.ClientAs("limited");
        Assert.Equal(201, (await PostAsync(client, "/claims", JsonContent.Create(Trade2020()))).Status);
        var before = await App.EventCountAsync();

        var (status, body, response) = await PostAsync(client, "/claims", JsonContent.Create(Trade2020(4.9m)));
        Assert.Equal(429, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 30);
        Assert.Equal(retryAfter, JsonNode.Parse(body)!["retryAfterSeconds"]!.GetValue<int>());
        Assert.Equal(before, await App.EventCountAsync());

        // Limits are per caller: another key is not slowed by this one.
        Assert.Equal(201, (await PostAsync(App.ClientAs("contributor"), "/claims", JsonContent.Create(Trade2020(4.95m)))).Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_is_413_problem_details_with_a_length_or_chunked_and_nothing_appended(bool declaredLength)
    {
        var huge = "{\"title\":\"t\",\"publishedOn\":\"2021\",\"dateBasis\":\"stated\",\"text\":\"" + new string('a', 17 * 1024 * 1024) + "\"}";
        HttpContent content = declaredLength
            ? new StringContent(huge, Encoding.UTF8, "application/json")
            : new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(huge)));
        if (!declaredLength) content.Headers.ContentType = new("application/json");
        var before = await App.EventCountAsync();

        var (status, body, response) = await PostAsync(App.Client, "/sources", content);

        Assert.Equal(413, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("body", JsonNode.Parse(body)!["field"]!.GetValue<string>());
        Assert.Equal(before, await App.EventCountAsync());
    }

    [Fact]
    public async Task An_article_over_the_maximum_length_is_refused_naming_the_text()
    {
        var (status, problem) = await App.PostAsync("/sources", new { title = "Long", publishedOn = "2021", dateBasis = "stated", text = new string('a', 200_001) });
        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]!["text"]);
    }

    [Fact]
    public async Task A_retry_with_the_same_Idempotency_Key_gets_the_same_answer_and_appends_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var (first, firstBody, firstResponse) = await PostAsync(App.Client, "/claims", JsonContent.Create(Trade2020()), key);
        Assert.Equal(201, first);
        var events = await App.EventCountAsync();

        var (again, againBody, againResponse) = await PostAsync(App.Client, "/claims", JsonContent.Create(Trade2020()), key);

        Assert.Equal(201, again);
        Assert.Equal(firstBody, againBody);
        Assert.Equal(firstResponse.Headers.Location, againResponse.Headers.Location);
        Assert.Equal(events, await App.EventCountAsync());
        var (_, claims) = await App.GetAsync("/claims?figureKey=trade-turnover:RU-VN:2020");
        Assert.Single(claims!["claims"]!.AsArray());
    }

    /// <summary>The request's fingerprint is of the JSON it carries: a retry sent compressed, or no longer compressed, is the same request.</summary>
    [Fact]
    public async Task A_retry_sent_compressed_where_the_first_was_not_is_the_same_request()
    {
        var key = Guid.NewGuid().ToString();
        var json = System.Text.Json.JsonSerializer.Serialize(Trade2020(), System.Text.Json.JsonSerializerOptions.Web);
        var (first, firstBody, _) = await PostAsync(App.Client, "/claims", new StringContent(json, Encoding.UTF8, "application/json"), key);
        Assert.Equal(201, first);
        var events = await App.EventCountAsync();
        var (again, againBody, _) = await PostAsync(App.Client, "/claims", Compressed.Content("gzip", json), key);

        Assert.Equal((201, firstBody), (again, againBody));
        Assert.Equal(events, await App.EventCountAsync());
    }

    [Fact]
    public async Task A_retried_correction_is_answered_as_the_first_was_instead_of_a_stale_version()
    {
        var id = (await App.PostAsync("/claims", Trade2020())).Body!["id"]!.GetValue<Guid>();
        var correction = new { expectedVersion = 1, reason = "second printing", changes = new { figure = new { value = 4.86m } } };
        var key = Guid.NewGuid().ToString();

        var (first, firstBody, _) = await PostAsync(App.Client, $"/claims/{id}/corrections", JsonContent.Create(correction), key);
        var events = await App.EventCountAsync();
        var (again, againBody, _) = await PostAsync(App.Client, $"/claims/{id}/corrections", JsonContent.Create(correction), key);
        var (unkeyed, _, _) = await PostAsync(App.Client, $"/claims/{id}/corrections", JsonContent.Create(correction));

        // Without the key the same correction is a new request, refused because the claim already has these values.
        Assert.Equal((200, 200, 400), (first, again, unkeyed));
        Assert.Equal(firstBody, againBody);
        Assert.Equal(events, await App.EventCountAsync());
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_record_one_claim_and_all_get_its_answer()
    {
        var key = Guid.NewGuid().ToString();
        var events = await App.EventCountAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync(App.Client, "/claims", JsonContent.Create(Trade2020()), key)));

        Assert.All(answers, a => Assert.Equal(201, a.Status));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal(events + 1, await App.EventCountAsync());
    }

    [Fact]
    public async Task The_same_Idempotency_Key_with_a_different_request_is_refused_and_appends_nothing()
    {
        var key = Guid.NewGuid().ToString();
        Assert.Equal(201, (await PostAsync(App.Client, "/claims", JsonContent.Create(Trade2020()), key)).Status);
        var events = await App.EventCountAsync();

        var (status, body, response) = await PostAsync(App.Client, "/claims", JsonContent.Create(Trade2020(4.9m)), key);

        Assert.Equal(422, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Idempotency-Key", System.Text.Json.Nodes.JsonNode.Parse(body)!["field"]!.GetValue<string>());
        Assert.Equal(events, await App.EventCountAsync());
    }

    /// <summary>An empty key is what a script sends when its variable was never set: taken as no key, its retry wrote the claim again.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("k1", "k2")]
    public async Task An_empty_key_or_two_keys_are_refused_naming_the_header_and_append_nothing(params string[] keys)
    {
        var events = await App.EventCountAsync();
        var body = System.Text.Json.JsonSerializer.Serialize(Trade2020(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));

        var answers = new List<(int Status, JsonNode? Problem)>();
        for (var attempt = 0; attempt < 2; attempt++)
            answers.Add(await App.PostAsServerSeesItAsync("/claims", body, new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["Idempotency-Key"] = keys }));

        Assert.All(answers, a => Assert.True(a.Status == 400 && a.Problem?["errors"]?["Idempotency-Key"] is not null, $"{a.Status} {a.Problem?.ToJsonString()}"));
        Assert.Equal(events, await App.EventCountAsync());
    }

    [Fact]
    public async Task Keys_belong_to_their_caller_and_a_refused_request_does_not_use_its_key_up()
    {
        var key = Guid.NewGuid().ToString();
        var (mine, mineBody, _) = await PostAsync(App.ClientAs("analyst-1"), "/claims", JsonContent.Create(Trade2020()), key);
        var (theirs, theirsBody, _) = await PostAsync(App.ClientAs("contributor"), "/claims", JsonContent.Create(Trade2020()), key);
        Assert.Equal((201, 201), (mine, theirs));
        Assert.NotEqual(JsonNode.Parse(mineBody)!["id"]!.GetValue<Guid>(), JsonNode.Parse(theirsBody)!["id"]!.GetValue<Guid>());

        // A request refused for its content stores no answer: the corrected request with the same key is recorded.
        var retryKey = Guid.NewGuid().ToString();
        var bad = new { sourceId = Source, kind = "figure", quote = Quote };
        Assert.Equal(400, (await PostAsync(App.Client, "/claims", JsonContent.Create(bad), retryKey)).Status);
        Assert.Equal(201, (await PostAsync(App.Client, "/claims", JsonContent.Create(Trade2020(5m)), retryKey)).Status);
    }

    /// <summary>A body of unknown length: the client sends it chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
