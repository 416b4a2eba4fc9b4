using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>Health, the source list, and the API's own documentation.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ServiceSurfaceTests(LedgerApp app) : SeededTests(app)
{
    /// <summary>
    /// The log categories quieted for unreadable bodies are exactly the types Wolverine reads bodies into: a service an
    /// endpoint takes (GroupCommit, which logs its failures) must keep its log.
    /// </summary>
    [Fact]
    public void The_logs_quieted_for_unreadable_bodies_are_those_of_the_bodies_Wolverine_reads()
    {
        var chains = App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<Wolverine.Http.HttpChain>()).OfType<Wolverine.Http.HttpChain>().ToList();
        Assert.NotEmpty(chains);
        var bodies = chains.Where(c => c.HasRequestType).Select(c => c.RequestType!.FullName).Distinct().Order();

        Assert.Equal(bodies, ClaimsLedger.Hosting.ErrorAnswers.Commands().Select(t => t.FullName).Order());
        Assert.DoesNotContain(typeof(ClaimsLedger.Hosting.GroupCommit).FullName, bodies);
    }

    [Fact]
    public async Task Health_reports_the_database_and_the_ledger_position()
    {
        var (status, health) = await App.GetAsync("/health");
        Assert.Equal(200, status);
        Assert.Equal(("up", "up"), (health!["status"]!.GetValue<string>(), health["database"]!.GetValue<string>()));
        Assert.Equal(await App.EventCountAsync(), health["ledgerPosition"]!.GetValue<long>());
    }

    /// <summary>A client that asks gets each kind of answer compressed (JSON, CSV, problem details, the dashboard), the same bytes once unpacked.</summary>
    [Theory]
    [InlineData("gzip", "/claims?pageSize=100")]
    [InlineData("br", "/claims.csv?includeRetracted=true")]
    [InlineData("gzip", "/claims/not-a-uuid")]
    [InlineData("br", "/")]
    public async Task Answers_are_compressed_for_a_client_that_asks_and_unpack_to_the_plain_answer(string coding, string path)
    {
        using var plain = await App.Client.GetAsync(path);
        var expected = await plain.Content.ReadAsByteArrayAsync();
        using var ask = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "Accept-Encoding", coding } } };

        using var packed = await App.Client.SendAsync(ask);

        Assert.Equal(plain.StatusCode, packed.StatusCode);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal([coding], packed.Content.Headers.ContentEncoding);
        await using var unpacker = coding == "gzip"
            ? new System.IO.Compression.GZipStream(await packed.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress)
            : (Stream)new System.IO.Compression.BrotliStream(await packed.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        using var unpacked = new MemoryStream();
        await unpacker.CopyToAsync(unpacked);
        // Problem details carry the request's own trace id; everything else is the same bytes.
        Assert.Equal(Untraced(expected), Untraced(unpacked.ToArray()));
    }

    private static string Untraced(byte[] answer) =>
        System.Text.RegularExpressions.Regex.Replace(System.Text.Encoding.UTF8.GetString(answer), "\"traceId\":\"[^\"]*\"", "");

    [Fact]
    public async Task Sources_are_listed_with_their_dates_precision_and_basis()
    {
        var (_, sources) = await App.GetAsync("/sources");
        var list = sources!["sources"]!.AsArray();
        Assert.Equal(5, list.Count);
        Assert.Equal(5, sources["total"]!.GetValue<long>());
        var vna = list.Single(s => s!["id"]!.GetValue<Guid>() == Seed.SourceId(Seed.Vna2025))!;
        Assert.Equal(("Vietnam News Agency", "2025-01", "month", "inferred"), (vna["outlet"]!.GetValue<string>(),
            vna["publishedOn"]!.GetValue<string>(), vna["datePrecision"]!.GetValue<string>(), vna["dateBasis"]!.GetValue<string>()));
        Assert.Equal(Seed.Text(Seed.Vna2025).Length, vna["length"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_endpoint_and_the_reference_page_is_served()
    {
        var (status, openApi) = await App.GetAsync("/openapi/v1.json");
        Assert.Equal(200, status);
        var paths = openApi!["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[] { "/health", "/sources", "/sources/{sourceId}", "/sources/{sourceId}/corrections", "/claims", "/claims/{claimId}",
                     "/claims/{claimId}/corrections", "/claims/{claimId}/retraction", "/claims/{claimId}/history", "/figures",
                     "/claims/{claimId}/rank", "/claims/{claimId}/verdict", "/claims/{claimId}/claim-review", "/sources/{sourceId}/similar",
                     "/sources/{sourceId}/syndication/detect", "/sources/{sourceId}/links", "/sources/{sourceId}/unlink",
                     "/figures/{figureKey}", "/partnerships", "/partnerships/{pair}", "/projects", "/projects/{projectId}", "/changes" })
            Assert.Contains(path, paths);

        var page = await App.Client.GetAsync("/docs");
        Assert.True(page.IsSuccessStatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType!.ToString());
    }

    /// <summary>
    /// The reference says what each operation does and answers: a summary of its own (not its operation id), no answer
    /// documented as the framework's IResult (which tells a reader nothing), a write that creates answers 201, and the
    /// reads' documented schemas hold every field the answers have.
    /// </summary>
    [Fact]
    public async Task Every_operation_documents_the_answer_it_gives()
    {
        var (_, openApi) = await App.GetAsync("/openapi/v1.json");
        var vague = openApi!["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Operation: $"{o.Key.ToUpperInvariant()} {p.Key}", Responses: o.Value!["responses"]!)))
            .Where(o => o.Responses.ToJsonString().Contains("schemas/IResult"))
            .Select(o => o.Operation).ToList();
        Assert.Empty(vague);
        var unnamed = openApi["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
                .Where(o => o.Value!["summary"]?.GetValue<string>() is not { Length: > 0 } summary || summary == o.Value["operationId"]!.GetValue<string>()
                            || o.Value["description"]?.GetValue<string>() == o.Value["operationId"]!.GetValue<string>())
                .Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}")).ToList();
        Assert.Empty(unnamed);
        var areas = openApi["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToHashSet();
        Assert.All(openApi["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (Operation: $"{o.Key} {p.Key}", Tags: o.Value!["tags"]!.AsArray()))),
            o => Assert.True(o.Tags.Count == 1 && areas.Contains(o.Tags[0]!.GetValue<string>()), $"{o.Operation} is grouped under {o.Tags.ToJsonString()}"));

        string Schema(string path, string method, string status, string contentType = "application/json") =>
            openApi["paths"]![path]![method]!["responses"]![status]!["content"]![contentType]!["schema"]!["$ref"]!.GetValue<string>().Split('/')[^1];
        Assert.Equal("ClaimWritten", Schema("/claims", "post", "201"));
        Assert.Equal("SourceWritten", Schema("/sources", "post", "201"));

        var claim = (await App.GetAsync("/claims?pageSize=1")).Body!["claims"]![0]!["id"]!.GetValue<Guid>();
        var (_, project) = await App.GetAsync("/projects?pageSize=1");
        foreach (var (template, asked) in new[]
                 {
                     ("/figures/{figureKey}", "/figures/trade-turnover:RU-VN:2020"), ("/partnerships/{pair}", "/partnerships/RU-VN"),
                     ("/projects/{projectId}", $"/projects/{project!["projects"]![0]!["projectId"]}"), ("/claims/{claimId}", $"/claims/{claim}"),
                     ("/claims/{claimId}/history", $"/claims/{claim}/history"), ("/sources/{sourceId}", $"/sources/{Seed.SourceId(Seed.Phuc2021)}"),
                     ("/sources/{sourceId}/similar", $"/sources/{Seed.SourceId(Seed.Phuc2021)}/similar"),
                 })
        {
            var (status, answer) = await App.GetAsync(asked);
            Assert.Equal(200, status);
            var documented = openApi["components"]!["schemas"]![Schema(template, "get", "200")]!["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
            Assert.All(answer!.AsObject().Select(p => p.Key), field => Assert.True(documented.Contains(field), $"{template} answers {field}, which its schema lacks"));
        }
    }

    /// <summary>
    /// Every operation the API documents refuses a query parameter it does not take, naming it, and its answer names
    /// exactly the query parameters the API reference documents for it, so the guard and the reference cannot drift apart.
    /// </summary>
    [Fact]
    public async Task Every_operation_refuses_a_query_parameter_it_does_not_take_and_names_those_it_documents()
    {
        var (_, openApi) = await App.GetAsync("/openapi/v1.json");
        var before = await App.EventCountAsync();
        var checkedOperations = 0;
        foreach (var (template, operations) in openApi!["paths"]!.AsObject())
        foreach (var (method, operation) in operations!.AsObject())
        {
            var path = System.Text.RegularExpressions.Regex.Replace(template, "{[^}]+}", Guid.NewGuid().ToString()) + "?bogus_field=1";
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path) { Content = JsonContent.Create(new { }) };
            using var response = await App.ClientAs("admin").SendAsync(request);
            var problem = await LedgerApp.ReadAsync(response);
            Assert.True(400 == (int)response.StatusCode, $"{method} {template}: {(int)response.StatusCode} {problem?.ToJsonString()}");
            var message = problem!["errors"]!["bogus_field"]![0]!.GetValue<string>();
            var documented = operation!["parameters"]?.AsArray().Where(p => p!["in"]!.GetValue<string>() == "query")
                .Select(p => p!["name"]!.GetValue<string>()).ToList() ?? [];
            Assert.EndsWith(documented.Count == 0 ? "takes none" : "takes " + string.Join(", ", documented), message);
            checkedOperations++;
        }
        Assert.True(checkedOperations > 30, $"only {checkedOperations} operations documented");
        Assert.Equal(before, await App.EventCountAsync());
    }
}
