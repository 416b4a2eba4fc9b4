using System.Text.Json.Nodes;
using ClaimsLedger.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace ClaimsLedger.Tests;

/// <summary>
/// Generated malformed and hostile payloads thrown at every write endpoint (FsCheck): wrong types, missing and unknown
/// fields, huge strings, control characters, invalid Unicode, impossible dates, out-of-range and non-fitting numbers,
/// unknown enum values, deep nesting. Every one must get a 4xx problem-details answer, and the ledger must not change.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class HostileInputTests(LedgerApp app) : SeededTests(app)
{
    private const string Quote = "bilateral trade turnover in 2020 reached nearly 4.85 billion USD";
    private static readonly Guid Source = Seed.SourceId(Seed.Phuc2021);
    private static readonly Guid ClaimId = Seed.ClaimId(Seed.Phuc2021, "trade-2020");

    /// <summary>A hostile request: the path, the body as raw JSON, and what was done to it (shown when a case fails).</summary>
    public sealed record Attack(string Path, string Body, string What)
    {
        public override string ToString() => $"{What} → POST {Path}: {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
    }

    // Values that no field of the API accepts where it expects a string, and vice versa.
    private static readonly Gen<JsonNode?> NotAString = Gen.Elements<JsonNode?>(null, 12345, -1, true, new JsonArray(), new JsonObject(), 1.5);
    private static readonly Gen<JsonNode?> NotANumber = Gen.Elements<JsonNode?>(null, "7", "seven", true, new JsonArray(), new JsonObject());
    private static readonly Gen<JsonNode?> Huge = Gen.Elements(4_001, 250_000).Select(n => (JsonNode?)new string('x', n));
    private static readonly Gen<JsonNode?> BadText = Gen.Elements<JsonNode?>("", "   ", "\u0000\u0001\u001b", "'; DROP TABLE ledger.mt_events; --", "<script>alert(1)</script>", "rumour", "🦀🦀");
    private static readonly Gen<JsonNode?> BadDate = Gen.Elements<JsonNode?>("9999-99-99", "2021-02-29", "2021-13", "0000", "-2021", "2021/01/01", "21-01-01", "yesterday", "2021-00-10",
        "٢٠٢١-٠١-٠٢", "２０２１", "2021\n", "2021-01-02\n");
    private static readonly Gen<JsonNode?> BadNumber = Gen.Elements<JsonNode?>(-5, -1e20, 1e30, 0.5, -101, 1e18);

    private static Gen<JsonNode?> Any(params Gen<JsonNode?>[] gens) => Gen.OneOf(gens);

    /// <summary>Per field, values that field never accepts.</summary>
    private static readonly (string Field, Gen<JsonNode?> Values)[] ClaimFields =
    [
        ("sourceId", Any(NotAString, BadText, Gen.Constant<JsonNode?>(Guid.NewGuid().ToString()))),
        ("id", Any(NotAString.Where(v => v is not null), BadText, Gen.Constant<JsonNode?>(Guid.Empty.ToString()))),
        ("kind", Any(NotAString, BadText, Huge)),
        ("quote", Any(NotAString, BadText, Huge)),
        ("spanStart", Any(NotANumber.Where(v => v is not null), BadNumber)),
        ("names", Any(Gen.Elements<JsonNode?>(12, "name", new JsonObject(), new JsonArray(1, 2), new JsonArray(""), new JsonArray(new string('n', 201))))),
        ("note", Any(NotAString.Where(v => v is not null), Huge)),
        ("figure", Any(NotAString.Where(v => v is not JsonObject), BadText)),
        ("figure.metric", Any(NotAString, Huge, Gen.Elements<JsonNode?>("", "Trade Turnover", "trade_turnover", "-x", "'; DROP TABLE x; --", "🦀", "a\u0000b", "trade-turnover\n"))),
        ("figure.parties", Any(Gen.Elements<JsonNode?>(null, "RU-VN", new JsonArray(), new JsonArray("RU", "RU"), new JsonArray("Russia"), new JsonArray(1, 2), new JsonArray("ru", "vn"), new JsonArray("RU\n", "VN")))),
        ("figure.period", Any(NotAString, BadText, BadDate)),
        ("figure.unit", Any(NotAString, BadText)),
        ("figure.scale", Any(NotAString.Where(v => v is not null), BadText)),
        ("figure.qualifier", Any(NotAString, BadText)),
        ("figure.value", Any(NotANumber, Gen.Elements<JsonNode?>(-5, -1e20, 1e30))),
        ("figure.basePeriod", Any(NotAString.Where(v => v is not null), BadText, BadDate)),
    ];

    private static readonly (string Field, Gen<JsonNode?> Values)[] CorrectionFields =
    [
        ("expectedVersion", Any(NotANumber, Gen.Elements<JsonNode?>(-1, 0, 99, 1e30, 1.5))),
        ("reason", Any(NotAString, Gen.Elements<JsonNode?>("", "   "), Huge)),
        ("changes", Any(NotAString.Where(v => v is not JsonObject), Gen.Elements<JsonNode?>(
            new JsonObject(), new JsonObject { ["zzz"] = 1 }, new JsonObject { ["quote"] = "words not in the article" },
            new JsonObject { ["figure"] = new JsonObject { ["value"] = "x" } }, new JsonObject { ["figure"] = new JsonObject { ["period"] = "2021-13" } },
            new JsonObject { ["kind"] = "rumour" }, new JsonObject { ["figure"] = new JsonObject { ["value"] = -3 } }))),
    ];

    private static readonly (string Field, Gen<JsonNode?> Values)[] SourceFields =
    [
        ("title", Any(NotAString, Gen.Elements<JsonNode?>("", "   ", new string('t', 501)))),
        ("publishedOn", Any(NotAString, BadText, BadDate)),
        ("dateBasis", Any(NotAString, BadText)),
        ("url", Any(NotAString.Where(v => v is not null), Gen.Elements<JsonNode?>("javascript:alert(1)", "not a url", "ftp://example.org/x"))),
        ("retrievedOn", Any(NotAString.Where(v => v is not null), BadDate)),
        ("text", Any(NotAString, Gen.Elements<JsonNode?>("", "   ", new string('a', 200_001)))),
    ];

    private static JsonObject GoodClaim() => new()
    {
        ["sourceId"] = Source.ToString(), ["kind"] = "figure", ["quote"] = Quote,
        ["figure"] = new JsonObject
        {
            ["metric"] = "trade-turnover", ["parties"] = new JsonArray("RU", "VN"), ["period"] = "2020", ["unit"] = "usd",
            ["scale"] = "billion", ["qualifier"] = "nearly", ["value"] = 4.85,
        },
    };

    private static JsonObject GoodCorrection() => new() { ["expectedVersion"] = 1, ["reason"] = "a reason", ["changes"] = new JsonObject { ["note"] = "checked" } };

    private static JsonObject GoodSource() => new()
    {
        ["title"] = "A new article", ["publishedOn"] = "2024-03", ["dateBasis"] = "stated", ["text"] = "A text of its own " + Guid.NewGuid(),
    };

    /// <summary>One field set to a value it never accepts, or removed when it is required, or an unknown field added.</summary>
    private static Gen<Attack> FieldAttacks(string path, Func<JsonObject> good, (string Field, Gen<JsonNode?> Values)[] fields, string[] required) =>
        Gen.OneOf(
            Gen.Elements(fields).SelectMany(f => f.Values, (f, value) =>
            {
                var body = good();
                var (parent, name) = Locate(body, f.Field);
                parent[name] = value?.DeepClone();
                return new Attack(path, body.ToJsonString(), $"{f.Field} = {Show(value)}");
            }),
            Gen.Elements(required).Select(field =>
            {
                var body = good();
                var (parent, name) = Locate(body, field);
                parent.Remove(name);
                return new Attack(path, body.ToJsonString(), $"without {field}");
            }),
            Gen.Elements("zzz", "Kind", "__proto__", "$type").Select(field =>
            {
                var body = good();
                body[field] = "x";
                return new Attack(path, body.ToJsonString(), $"unknown field {field}");
            }));

    /// <summary>Bodies that are not the JSON asked for at all.</summary>
    private static Gen<Attack> BodyAttacks(string path) => Gen.Elements(
        new Attack(path, "", "an empty body"),
        new Attack(path, "{", "truncated JSON"),
        new Attack(path, "[1,2,3]", "an array"),
        new Attack(path, "\"text\"", "a string"),
        new Attack(path, "null", "null"),
        new Attack(path, "{\"kind\":\"\\ud800\"}", "a lone surrogate"),
        new Attack(path, "{\"kind\": 'single quotes'}", "single quotes"),
        new Attack(path, string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200), "nesting 200 deep"),
        new Attack(path, "{\"reason\":\"x\",\"reason\":\"y\"}", "a duplicated field"));

    private static (JsonObject Parent, string Name) Locate(JsonObject body, string path)
    {
        var parts = path.Split('.');
        var parent = body;
        foreach (var part in parts[..^1]) parent = parent[part]!.AsObject();
        return (parent, parts[^1]);
    }

    private static string Show(JsonNode? value) => value is null ? "null" : value.ToJsonString() is var s && s.Length > 40 ? s[..40] + "…" : value.ToJsonString();

    private void Refused(Gen<Attack> attacks, int cases)
    {
        var before = App.EventCountAsync().GetAwaiter().GetResult();
        Prop.ForAll(attacks.ToArbitrary(), attack =>
        {
            var (status, problem) = App.PostRawAsync(attack.Path, attack.Body).GetAwaiter().GetResult();
            var named = problem?["errors"]?.AsObject().Count > 0 || problem?["field"] is not null;
            var ok = status is >= 400 and < 500 && problem?["status"]?.GetValue<int>() == status && (status != 400 || named)
                     && App.EventCountAsync().GetAwaiter().GetResult() == before;
            return ok.Label($"{attack} answered {status}: {problem?.ToJsonString()}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true));
    }

    [Fact]
    public void Hostile_claims_are_refused_and_append_nothing() =>
        Refused(Gen.OneOf(FieldAttacks("/claims", GoodClaim, ClaimFields, ["sourceId", "kind", "quote", "figure", "figure.metric", "figure.parties", "figure.period", "figure.unit", "figure.qualifier", "figure.value"]),
            BodyAttacks("/claims")), 250);

    [Fact]
    public void Hostile_corrections_and_retractions_are_refused_and_append_nothing() =>
        Refused(Gen.OneOf(
            FieldAttacks($"/claims/{ClaimId}/corrections", GoodCorrection, CorrectionFields, ["expectedVersion", "reason", "changes"]),
            FieldAttacks($"/claims/{ClaimId}/retraction", () => new JsonObject { ["expectedVersion"] = 1, ["reason"] = "r" }, CorrectionFields[..2], ["expectedVersion", "reason"]),
            BodyAttacks($"/claims/{ClaimId}/corrections")), 200);

    [Fact]
    public void Hostile_sources_and_source_corrections_are_refused_and_append_nothing() =>
        Refused(Gen.OneOf(
            FieldAttacks("/sources", GoodSource, SourceFields, ["title", "publishedOn", "dateBasis", "text"]),
            FieldAttacks($"/sources/{Source}/corrections", GoodCorrection, CorrectionFields[..2], ["expectedVersion", "reason", "changes"]),
            BodyAttacks("/sources")), 200);

    private static readonly (string Field, Gen<JsonNode?> Values)[] JudgementFields =
    [
        CorrectionFields[0],
        CorrectionFields[1],
        ("rank", Any(NotAString, BadText, Huge)),
        ("verdict", Any(NotAString, BadText, Huge)),
        ("note", Any(NotAString, Gen.Elements<JsonNode?>("", "   "), Huge)),
        ("otherSourceId", Any(NotAString, BadText, Gen.Elements<JsonNode?>(Guid.NewGuid().ToString(), Source.ToString()))),
    ];

    private static (string, Gen<JsonNode?>)[] Only(params string[] names) => JudgementFields.Where(f => names.Contains(f.Field)).ToArray();

    [Fact]
    public void Hostile_ranks_verdicts_and_source_links_are_refused_and_append_nothing() =>
        Refused(Gen.OneOf(
            FieldAttacks($"/claims/{ClaimId}/rank", () => new JsonObject { ["expectedVersion"] = 1, ["rank"] = "deprecated", ["reason"] = "r" },
                Only("expectedVersion", "rank", "reason"), ["expectedVersion", "rank", "reason"]),
            FieldAttacks($"/claims/{ClaimId}/verdict", () => new JsonObject { ["expectedVersion"] = 1, ["verdict"] = "false", ["note"] = "n" },
                Only("expectedVersion", "verdict", "note"), ["expectedVersion", "verdict", "note"]),
            FieldAttacks($"/sources/{Source}/links", () => new JsonObject { ["otherSourceId"] = Seed.SourceId(Seed.Medvedev).ToString(), ["reason"] = "r" },
                Only("otherSourceId", "reason"), ["otherSourceId", "reason"]),
            BodyAttacks($"/claims/{ClaimId}/rank"),
            BodyAttacks($"/sources/{Source}/links")), 200);

    [Fact]
    public void Hostile_imports_are_refused_whole_and_append_nothing() =>
        Refused(FieldAttacks("/claims", GoodClaim, ClaimFields, ["sourceId", "kind", "quote"])
            .Select(a => a with { Path = "/imports/claims", Body = $"{{\"claims\":[{GoodClaim().ToJsonString()},{a.Body}]}}" }), 100);

    /// <summary>What no client should send as a read's parameter: numbers past every bound, impossible dates, text too long, control characters.</summary>
    private static readonly string[] HostileReadValues =
    [
        "", " ", "x", "-1", "0", "-0", "1.5", " 5", "2147483648", "99999999999999999999", "1e309", "NaN", "\u0000", "\u0001\u001b", "%", "_", "\\",
        "2021-02-29", "2021-13-01", "0001-01-01", "9999-12-31", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2021-01-01T00:00:00+14:00",
        "٢٠٢١-٠١-٠٢", "2021\n", "by-2030", "2021..2020", "trade-turnover:RU-VN:2021", "RU-VN", "[]", "true", "..", "../..",
        "00000000-0000-0000-0000-000000000000", new string('ệ', 300), new string('a', 5_000), "'; DROP TABLE ledger.mt_events; --",
    ];

    /// <summary>
    /// Every read the API reference documents, each of its parameters in turn given each of <see cref="HostileReadValues"/>
    /// (the others left at values it takes): never a 5xx; an answer of 400 or more is problem details, and a 400 names
    /// the parameter. Read from the OpenAPI document, so a read added later is covered without being listed here.
    /// </summary>
    [Fact]
    public async Task Hostile_values_in_any_parameter_of_any_read_are_refused_naming_it_never_a_500()
    {
        var (_, openApi) = await App.GetAsync("/openapi/v1.json");
        var (_, project) = await App.GetAsync("/projects?pageSize=1");
        var taken = new Dictionary<string, string>
        {
            ["claimId"] = ClaimId.ToString(), ["sourceId"] = Source.ToString(), ["proposalId"] = Guid.NewGuid().ToString(),
            ["figureKey"] = "trade-turnover:RU-VN:2021", ["pair"] = "RU-VN", ["projectId"] = project!["projects"]![0]!["projectId"]!.GetValue<string>(),
        };
        var before = await App.EventCountAsync();
        var failures = new List<string>();
        var reads = 0;
        foreach (var (template, operations) in openApi!["paths"]!.AsObject())
        {
            if (operations!["get"]?["parameters"]?.AsArray() is not { } parameters) continue;
            reads++;
            foreach (var parameter in parameters)
            foreach (var value in HostileReadValues)
            {
                var (name, inPath) = (parameter!["name"]!.GetValue<string>(), parameter["in"]!.GetValue<string>() == "path");
                // A NUL in a path is refused by the web server itself, before the service (Kestrel answers 400; the test server throws).
                if (inPath && value.Contains('\0')) continue;
                var path = System.Text.RegularExpressions.Regex.Replace(template, "{([^}]+)}",
                    m => Uri.EscapeDataString(inPath && m.Groups[1].Value == name ? value : taken[m.Groups[1].Value]));
                if (!inPath) path += $"?{name}={Uri.EscapeDataString(value)}";
                HttpResponseMessage response;
                string body;
                try
                {
                    response = await App.Client.GetAsync(path);
                    body = await response.Content.ReadAsStringAsync();
                }
                catch (HttpRequestException e)   // an answer that broke off part-way (a CSV streamed before the fault)
                {
                    failures.Add($"GET {path[..Math.Min(path.Length, 120)]} broke off: {e.InnerException?.InnerException ?? e.InnerException ?? e}");
                    continue;
                }
                using var _ = response;
                var status = (int)response.StatusCode;
                var refusedWell = status < 400 || response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                    && (status != 400 || JsonNode.Parse(body)!["errors"]?.AsObject().Any(e => e.Key.Equals(name, StringComparison.OrdinalIgnoreCase)) == true);
                if (status >= 500 || !refusedWell) failures.Add($"GET {path[..Math.Min(path.Length, 120)]} answered {status}: {body[..Math.Min(body.Length, 200)]}");
            }
        }
        Assert.True(reads > 20, $"only {reads} reads with parameters documented");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.Equal(before, await App.EventCountAsync());
    }

    [Theory]
    [InlineData("'; DROP TABLE ledger.mt_events; --")]
    [InlineData("Robert'); DELETE FROM ledger.mt_doc_claim;--")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("{\"$where\": \"1 == 1\"}")]
    [InlineData("../../../../etc/passwd")]
    public async Task Injection_attempts_in_free_text_are_stored_as_plain_data(string attack)
    {
        var (status, written) = await App.PostAsync($"/claims/{ClaimId}/corrections",
            new { expectedVersion = 1, reason = attack, changes = new { note = attack, names = new[] { attack } } }, headers: new Dictionary<string, string> { ["X-Actor"] = attack });
        Assert.Equal(200, status);

        var (_, claim) = await App.GetAsync($"/claims/{ClaimId}");
        Assert.Equal((attack, attack), (claim!["note"]!.GetValue<string>(), claim["names"]![0]!.GetValue<string>()));
        var (_, history) = await App.GetAsync($"/claims/{ClaimId}/history");
        Assert.Equal(attack, history!["versions"]![1]!["reason"]!.GetValue<string>());

        foreach (var query in new[] { $"/claims?figureKey={Uri.EscapeDataString(attack)}", $"/claims?kind={Uri.EscapeDataString(attack)}",
                     $"/figures/{Uri.EscapeDataString(attack)}", $"/projects/{Uri.EscapeDataString(attack)}", $"/figures?asOf={Uri.EscapeDataString(attack)}" })
        {
            var (queryStatus, _) = await App.GetAsync(query);
            Assert.True(queryStatus is 200 or 400 or 404, $"{query} answered {queryStatus}");
        }
        Assert.Equal(2, (await App.GetAsync($"/claims/{ClaimId}")).Body!["version"]!.GetValue<long>());
        Assert.True(await App.EventCountAsync() > 80, "the ledger's events are all still there");
    }
}
