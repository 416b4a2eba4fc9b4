using ClaimsLedger.ServiceHost;
using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>
/// The README's run command as a user meets it: the real service process, no connection string, its own PostgreSQL,
/// the seed corpus loaded on first start and nothing appended on the second.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class RunCommandTests
{
    [Fact]
    public async Task The_service_starts_its_own_database_serves_the_seeded_ledger_and_a_restart_appends_nothing()
    {
        await using var dataDir = new ServiceDataDirectory("run");
        var environment = dataDir.Environment;
        long firstPosition;
        await using (var service = await ServiceProcess.StartAsync(environment))
        {
            await service.WaitForOutputAsync("Seed corpus:");
            var figures = await service.GetAsync("/figures");
            Assert.Contains(figures["figures"]!.AsArray(), f => f!["figureKey"]!.GetValue<string>() == "trade-turnover:RU-VN:2021");
            firstPosition = (await service.GetAsync("/health"))["ledgerPosition"]!.GetValue<long>();
            // HEAD wherever GET (what uptime checks and curl -I send): GET's status and headers, no body, on the real server.
            foreach (var (path, status, type) in new[] { ("/health", 200, "application/json"), ("/figures.csv", 200, "text/csv"), ("/nothing", 404, "application/problem+json") })
            {
                using var head = await service.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
                Assert.Equal((status, type, 0), ((int)head.StatusCode, head.Content.Headers.ContentType?.MediaType, (await head.Content.ReadAsByteArrayAsync()).Length));
            }
            // On the wire: a HEAD then a GET on one connection; the GET's answer must follow the HEAD's headers at once,
            // since a body sent after them would be read as the start of the next answer.
            using (var socket = new System.Net.Sockets.TcpClient())
            {
                var address = new Uri(service.Address);
                await socket.ConnectAsync(address.Host, address.Port);
                var stream = socket.GetStream();
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
                    $"HEAD /health HTTP/1.1\r\nHost: {address.Authority}\r\n\r\nGET /health HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n"));
                var answers = await new StreamReader(stream, System.Text.Encoding.ASCII).ReadToEndAsync();
                Assert.StartsWith("HTTP/1.1 200", answers);
                Assert.StartsWith("HTTP/1.1 200", answers[(answers.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
            }
            // Kestrel answers past its own limits before the service sees the request, with an empty body: the service's
            // limits lie below Kestrel's, so a client is told which part is too long.
            foreach (var (request, status, field) in new[]
            {
                (new HttpRequestMessage(HttpMethod.Get, "/claims?q=" + new string('a', 9 * 1024)), 414, "q"),
                (new HttpRequestMessage(HttpMethod.Get, "/claims") { Headers = { { "X-Trace", new string('a', 33 * 1024) } } }, 431, "X-Trace"),
                (ManyHeaders(new HttpRequestMessage(HttpMethod.Get, "/claims"), 120), 431, "headers"),
            })
            {
                using var tooLarge = await service.Http.SendAsync(request);
                var body = await tooLarge.Content.ReadAsStringAsync();
                var problem = body.Length > 0 ? System.Text.Json.Nodes.JsonNode.Parse(body) : null;
                Assert.Equal((status, "application/problem+json", field),
                    ((int)tooLarge.StatusCode, tooLarge.Content.Headers.ContentType?.MediaType, problem?["field"]?.GetValue<string>()));
            }
            Assert.True(firstPosition > 80, $"the seed corpus holds more than 80 events, the ledger is at {firstPosition}");
            Assert.Contains("new claims", service.Output);
            Assert.DoesNotContain("Seed corpus not loaded", service.Output);
            // A client's malformed body is answered with a 400 naming the field; it is not logged as the service's error.
            foreach (var malformed in new[] { """{"sourceId": 5}""", """{"sourceId": """ })
            {
                using var refused = await service.Http.SendAsync(JsonRequests.PostJson("/claims", malformed));
                Assert.Equal(400, (int)refused.StatusCode);
            }
            // What an operator reads is the ledger's own news: no search for commands, no warning about message
            // handlers it has no use for, no line for each batch of events the async daemon reads, no error for a
            // client's fault.
            foreach (var noise in new[] { "for commands", "found no handlers", "Executed updates for Event range", "fail:", "deserialize" })
                Assert.DoesNotContain(noise, service.Output);
        }

        await using (var again = await ServiceProcess.StartAsync(environment))
        {
            await again.WaitForOutputAsync("Seed corpus:");
            Assert.Equal(firstPosition, (await again.GetAsync("/health"))["ledgerPosition"]!.GetValue<long>());
            Assert.Contains("0 new claims, 0 new corrections", again.Output);
        }
    }

    private static HttpRequestMessage ManyHeaders(HttpRequestMessage request, int count)
    {
        for (var i = 0; i < count; i++) request.Headers.Add($"X-Tag-{i}", "a");
        return request;
    }
}
