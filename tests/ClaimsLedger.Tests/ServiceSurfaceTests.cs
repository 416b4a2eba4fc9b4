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
                     "/figures/{figureKey}", "/partnerships/{pair}", "/projects", "/projects/{projectId}", "/changes" })
            Assert.Contains(path, paths);

        var page = await App.Client.GetAsync("/docs");
        Assert.True(page.IsSuccessStatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType!.ToString());
    }
}
