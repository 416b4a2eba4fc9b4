using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
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
        var dataDir = Path.Combine(Path.GetTempPath(), $"claimsledger-run-{Guid.NewGuid():N}");
        try
        {
            long firstPosition;
            await using (var service = await ServiceProcess.StartAsync(dataDir))
            {
                await service.WaitForOutputAsync("Seed corpus:");
                var figures = await service.GetAsync("/figures");
                Assert.Contains(figures["figures"]!.AsArray(), f => f!["figureKey"]!.GetValue<string>() == "trade-turnover:RU-VN:2021");
                firstPosition = (await service.GetAsync("/health"))["ledgerPosition"]!.GetValue<long>();
                Assert.True(firstPosition > 80, $"the seed corpus holds more than 80 events, the ledger is at {firstPosition}");
                Assert.Contains("new claims", service.Output);
                Assert.DoesNotContain("Seed corpus not loaded", service.Output);
            }

            await using (var again = await ServiceProcess.StartAsync(dataDir))
            {
                await again.WaitForOutputAsync("Seed corpus:");
                Assert.Equal(firstPosition, (await again.GetAsync("/health"))["ledgerPosition"]!.GetValue<long>());
                Assert.Contains("0 new claims, 0 new corrections", again.Output);
            }
        }
        finally
        {
            await EnsureStoppedAsync(dataDir);
        }
    }

    private static async Task EnsureStoppedAsync(string dataDir)
    {
        // The service stops its cluster on shutdown; this is the safety net if it was killed.
        await using var _ = await ClaimsLedger.Hosting.EmbeddedPostgres.StartAsync(dataDir, deleteOnStop: true);
    }

    private sealed class ServiceProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _http;
        private readonly System.Text.StringBuilder _output = new();

        public string Output { get { lock (_output) return _output.ToString(); } }

        private ServiceProcess(Process process, int port)
        {
            _process = process;
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        }

        public static async Task<ServiceProcess> StartAsync(string dataDir)
        {
            var port = FreePort();
            var dll = Path.Combine(AppContext.BaseDirectory, "ClaimsLedger.Api.dll");
            var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            start.Environment.Remove("ConnectionStrings__Ledger");
            start.Environment["Ledger__DataDirectory"] = dataDir;
            start.Environment["Ledger__SeedDirectory"] = LedgerApp.SeedDirectory;
            var service = new ServiceProcess(Process.Start(start)!, port);
            service._process.OutputDataReceived += (_, e) => { lock (service._output) service._output.AppendLine(e.Data); };
            service._process.ErrorDataReceived += (_, e) => { lock (service._output) service._output.AppendLine(e.Data); };
            service._process.BeginOutputReadLine();
            service._process.BeginErrorReadLine();
            await service.WaitForAsync("/health", h => h["status"]!.GetValue<string>() == "up");
            return service;
        }

        public async Task<JsonNode> GetAsync(string path) => JsonNode.Parse(await _http.GetStringAsync(path))!;

        public async Task<JsonNode> WaitForAsync(string path, Func<JsonNode, bool> ready)
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                if (_process.HasExited) throw new InvalidOperationException($"The service exited ({_process.ExitCode}):\n{Output}");
                try
                {
                    var body = await GetAsync(path);
                    if (ready(body)) return body;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} was not ready in time:\n{Output}");
                await Task.Delay(250);
            }
        }

        public async Task WaitForOutputAsync(string text)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!Output.Contains(text))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"No '{text}' in the output:\n{Output}");
                await Task.Delay(200);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                // SIGTERM: the service shuts down as a user's Ctrl+C would, stopping its PostgreSQL.
                Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
                if (!_process.WaitForExit(30_000)) _process.Kill(entireProcessTree: true);
            }
            _http.Dispose();
            _process.Dispose();
            await Task.CompletedTask;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
