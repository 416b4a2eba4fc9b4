using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using ClaimsLedger.Access;
using ClaimsLedger.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ClaimsLedger.Tests;

/// <summary>Who may do what: anonymous callers read and never write, roles decide the rest, the actor is the identity.</summary>
[Collection(LedgerCollection.Name)]
public sealed class AccessTests(LedgerApp app) : OneSourceTests(app)
{
    private static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null,
        Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        configure?.Invoke(request);
        var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await LedgerApp.ReadAsync(response), response);
    }

    /// <summary>Every write the service maps, found from its routing table, so an endpoint added later is covered too.</summary>
    private IReadOnlyList<(string Method, string Path)> WriteEndpoints() =>
        App.Services.GetServices<EndpointDataSource>().SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m is not ("GET" or "HEAD"))
                .Select(m => (m, "/" + System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.TrimStart('/'), "{[^}]+}", Guid.NewGuid().ToString()))))
            .Distinct().ToList();

    [Fact]
    public async Task Every_write_endpoint_refuses_an_anonymous_caller_with_401_problem_details_and_appends_nothing()
    {
        var writes = WriteEndpoints();
        Assert.True(writes.Count >= 10, $"only {writes.Count} write endpoints found");
        var before = await App.EventCountAsync();

        foreach (var (method, path) in writes)
        {
            var (status, problem, response) = await SendAsync(App.Anonymous, new HttpMethod(method), path, new { sourceId = Source, reason = "x", expectedVersion = 1 });
            Assert.True(status == 401, $"{method} {path} answered {status} to an anonymous caller");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("X-Api-Key", problem!["detail"]!.GetValue<string>());
        }
        Assert.Equal(before, await App.EventCountAsync());
    }

    [Fact]
    public async Task Reads_are_open_to_anonymous_callers_by_default()
    {
        Assert.Equal(200, (await SendAsync(App.Anonymous, HttpMethod.Get, $"/sources/{Source}")).Status);
        Assert.Equal(200, (await SendAsync(App.Anonymous, HttpMethod.Get, "/claims")).Status);
    }

    [Fact]
    public async Task The_API_reference_says_how_to_authenticate()
    {
        var (status, document) = await App.GetAsync("/openapi/v1.json");
        Assert.Equal(200, status);
        var schemes = document!["components"]!["securitySchemes"]!;
        Assert.Equal("X-Api-Key", schemes["ApiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["Bearer"]!["scheme"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_closed_reads_an_anonymous_read_is_401_a_keyed_one_is_answered_and_health_stays_open()
    {
        await using var closed = App.WithSettings(new Dictionary<string, string> { [AccessConvention.OpenReadsKey] = "false" });
        using var anonymous = closed.CreateClient();
        using var keyed = closed.CreateClient();
        keyed.DefaultRequestHeaders.Add(ApiKeySecret.Header, App.Keys["contributor"]);

        Assert.Equal(401, (await SendAsync(anonymous, HttpMethod.Get, $"/sources/{Source}")).Status);
        Assert.Equal(401, (await SendAsync(anonymous, HttpMethod.Get, "/figures")).Status);
        Assert.Equal(200, (await SendAsync(keyed, HttpMethod.Get, $"/sources/{Source}")).Status);
        Assert.Equal(200, (await SendAsync(anonymous, HttpMethod.Get, "/health")).Status);
        Assert.Equal(200, (await SendAsync(anonymous, HttpMethod.Get, "/health/ready")).Status);
    }

    [Fact]
    public async Task A_key_that_was_never_issued_is_refused_with_401_and_appends_nothing()
    {
        var before = await App.EventCountAsync();
        var (status, problem, _) = await SendAsync(App.ClientAs(ApiKeySecret.New()), HttpMethod.Post, "/claims", Trade2020());
        Assert.Equal(401, status);
        Assert.Contains("not a key this ledger issued", problem!["detail"]!.GetValue<string>());
        Assert.Equal(before, await App.EventCountAsync());
    }

    [Fact]
    public async Task A_contributor_records_claims_but_may_not_decide_proposals_403_and_nothing_appended()
    {
        var (recorded, _, _) = await SendAsync(App.ClientAs("contributor"), HttpMethod.Post, "/claims", Trade2020());
        Assert.Equal(201, recorded);
        var (ran, run, _) = await SendAsync(App.ClientAs("contributor"), HttpMethod.Post, $"/sources/{Source}/extraction", new { });
        Assert.Equal(200, ran);
        var proposal = run!["proposals"]![0]!["proposalId"]!.GetValue<Guid>();
        var before = await App.EventCountAsync();

        foreach (var (path, body) in new (string, object)[]
                 {
                     ($"/proposals/{proposal}/accept", new { expectedVersion = 1 }),
                     ($"/proposals/{proposal}/reject", new { expectedVersion = 1, reason = "not a figure" }),
                     ($"/proposals/{proposal}/edit", new { expectedVersion = 1, reason = "typo", changes = new { note = "x" } }),
                 })
        {
            var (status, problem, response) = await SendAsync(App.ClientAs("contributor"), HttpMethod.Post, path, body);
            Assert.Equal(403, status);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("reviewer", problem!["requiredRole"]!.GetValue<string>());
        }
        Assert.Equal(before, await App.EventCountAsync());

        // Roles nest: an admin may do what a reviewer may.
        Assert.Equal(200, (await SendAsync(App.ClientAs("admin"), HttpMethod.Post, $"/proposals/{proposal}/accept", new { expectedVersion = 1 })).Status);
    }

    [Fact]
    public async Task The_actor_is_the_authenticated_identity_and_an_X_Actor_header_changes_nothing()
    {
        var (status, written, _) = await SendAsync(App.ClientAs("analyst-1"), HttpMethod.Post, "/claims", Trade2020(),
            r => r.Headers.Add("X-Actor", "mallory"));
        Assert.Equal(201, status);
        var id = written!["id"]!.GetValue<Guid>();
        var (_, corrected, _) = await SendAsync(App.ClientAs("reviewer-1"), HttpMethod.Post, $"/claims/{id}/corrections",
            new { expectedVersion = 1, reason = "second printing", changes = new { figure = new { value = 4.86m } } }, r => r.Headers.Add("X-Actor", "mallory"));
        Assert.Equal(2, corrected!["version"]!.GetValue<long>());

        var (_, claim) = await App.GetAsync($"/claims/{id}");
        Assert.Equal("key:analyst-1", claim!["recordedBy"]!.GetValue<string>());
        var (_, history) = await App.GetAsync($"/claims/{id}/history");
        Assert.Equal(["key:analyst-1", "key:reviewer-1"], history!["versions"]!.AsArray().Select(v => v!["actor"]!.GetValue<string>()));
        var (_, source) = await App.GetAsync($"/sources/{Source}");
        Assert.DoesNotContain("mallory", source!.ToJsonString() + history.ToJsonString());
    }

    [Fact]
    public async Task A_key_issued_by_the_admin_command_writes_as_its_name_until_it_is_revoked()
    {
        var admin = new ApiKeyAdmin(App.Store, App.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(), "console:test");
        var output = new StringWriter();
        var secret = await admin.IssueAsync("field-team", Roles.Contributor, output);
        Assert.NotNull(secret);
        Assert.Contains(secret, output.ToString());

        var (status, written, _) = await SendAsync(App.ClientAs(secret), HttpMethod.Post, "/claims", Trade2020());
        Assert.Equal(201, status);
        Assert.Equal("key:field-team", (await App.GetAsync($"/claims/{written!["id"]}")).Body!["recordedBy"]!.GetValue<string>());

        // Only the hash is stored: the secret appears in no event and no document.
        await using (var session = App.Store.QuerySession())
        {
            var stored = string.Join("\n", await session.QueryAsync<string>("select data::text from ledger.mt_events union all select data::text from ledger.mt_doc_apikey"));
            Assert.Contains(ApiKeySecret.Hash(secret), stored);
            Assert.DoesNotContain(secret, stored);
        }

        Assert.Null(await admin.IssueAsync("field-team", Roles.Admin, new StringWriter()));   // a name is never given twice
        Assert.Null(await admin.IssueAsync("reviewer", Roles.Admin, new StringWriter()));     // nor a configured key's name
        var list = new StringWriter();
        await admin.ListAsync(list);
        Assert.Matches(@"field-team\s+contributor\s+active", list.ToString());
        Assert.Matches(@"reviewer\s+reviewer\s+active\s+configuration", list.ToString());

        Assert.True(await admin.RevokeAsync("field-team", "left the project", new StringWriter()));
        var before = await App.EventCountAsync();
        var (refused, problem, _) = await SendAsync(App.ClientAs(secret), HttpMethod.Post, "/claims", Trade2020());
        Assert.Equal(401, refused);
        Assert.Contains("revoked", problem!["detail"]!.GetValue<string>());
        Assert.Equal(before, await App.EventCountAsync());
        list = new StringWriter();
        await admin.ListAsync(list);
        Assert.Matches(@"field-team\s+contributor\s+revoked", list.ToString());
    }

    [Fact]
    public async Task The_keys_command_issues_lists_and_revokes_keys_in_the_services_database()
    {
        async Task<(int Code, string Output)> Keys(params string[] args)
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet", [ClaimsLedger.ServiceHost.ServiceProcess.ApiDll, "keys", .. args])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(ClaimsLedger.ServiceHost.ServiceProcess.ApiDll),
            };
            start.Environment["ConnectionStrings__Ledger"] = App.ConnectionString;
            using var process = System.Diagnostics.Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }

        var (issued, issueOutput) = await Keys("issue", "--name", "night-import", "--role", "contributor");
        Assert.True(issued == 0, issueOutput);
        var secret = issueOutput.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("cl_", StringComparison.Ordinal));
        Assert.Equal(201, (await SendAsync(App.ClientAs(secret), HttpMethod.Post, "/claims", Trade2020())).Status);

        var (listed, listOutput) = await Keys("list");
        Assert.True(listed == 0, listOutput);
        Assert.Matches(@"night-import\s+contributor\s+active", listOutput);
        Assert.DoesNotContain(secret, listOutput);

        var (revoked, revokeOutput) = await Keys("revoke", "night-import");
        Assert.True(revoked == 0, revokeOutput);
        Assert.Equal(401, (await SendAsync(App.ClientAs(secret), HttpMethod.Post, "/claims", Trade2020())).Status);
    }

    private static string Token(string? subject, string? role, DateTime? expires = null, string key = LedgerApp.JwtSigningKey)
    {
        var claims = new Dictionary<string, object>();
        if (subject is not null) claims["sub"] = subject;
        if (role is not null) claims["role"] = role;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = LedgerApp.JwtIssuer, Audience = LedgerApp.JwtAudience, Claims = claims,
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddMinutes(-20), Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    private static Action<HttpRequestMessage> Bearer(string token) => r => r.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

    [Fact]
    public async Task A_bearer_token_with_a_role_writes_as_its_subject()
    {
        var (status, written, _) = await SendAsync(App.Anonymous, HttpMethod.Post, "/claims", Trade2020(), Bearer(Token("alice", "contributor")));
        Assert.Equal(201, status);
        Assert.Equal("jwt:alice", (await App.GetAsync($"/claims/{written!["id"]}")).Body!["recordedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Expired_forged_and_roleless_bearer_tokens_are_refused_and_append_nothing()
    {
        var before = await App.EventCountAsync();

        var (expired, expiredProblem, _) = await SendAsync(App.Anonymous, HttpMethod.Post, "/claims", Trade2020(),
            Bearer(Token("alice", "contributor", expires: DateTime.UtcNow.AddMinutes(-5))));
        Assert.Equal(401, expired);
        Assert.Contains("expired", expiredProblem!["detail"]!.GetValue<string>());

        var (forged, forgedProblem, _) = await SendAsync(App.Anonymous, HttpMethod.Post, "/claims", Trade2020(),
            Bearer(Token("alice", "admin", key: "someone-elses-signing-key-of-at-least-256-bits!!")));
        Assert.Equal(401, forged);
        Assert.Contains("signature", forgedProblem!["detail"]!.GetValue<string>());

        var (roleless, rolelessProblem, _) = await SendAsync(App.Anonymous, HttpMethod.Post, "/claims", Trade2020(), Bearer(Token("bob", null)));
        Assert.Equal(403, roleless);
        Assert.Equal("contributor", rolelessProblem!["requiredRole"]!.GetValue<string>());

        Assert.Equal(before, await App.EventCountAsync());
    }
}
