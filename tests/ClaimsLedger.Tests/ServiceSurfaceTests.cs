using System.Net.Http.Json;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>Health, the source list, and the API's own documentation.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ServiceSurfaceTests(LedgerApp app) : SeededTests(app)
{
    [Fact]
    public async Task Health_reports_the_database_and_the_ledger_position()
    {
        var (status, health) = await App.GetAsync("/health");
        Assert.Equal(200, status);
        Assert.Equal(("up", "up"), (health!["status"]!.GetValue<string>(), health["database"]!.GetValue<string>()));
        Assert.Equal(await App.EventCountAsync(), health["ledgerPosition"]!.GetValue<long>());
    }

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
