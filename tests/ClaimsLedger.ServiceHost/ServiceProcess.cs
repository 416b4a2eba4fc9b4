using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

using System.Net;
using System.Net.Sockets;

namespace ClaimsLedger.ServiceHost;

/// <summary>
/// The real service as a child process (the built ClaimsLedger.Api.dll beside this assembly), as a user runs it.
/// It is configured with an API key (<see cref="KeyName"/>, admin, no rate limit; one fresh secret per test process,
/// shared by every service it starts): <see cref="Http"/> sends it, and other clients send <see cref="ApiKey"/> as X-Api-Key.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    public const string KeyName = "harness";
    public const string KeyHeader = "X-Api-Key";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public HttpClient Http { get; }
    public string Address { get; }
    public string ApiKey { get; }
    public TimeSpan StartedIn { get; private set; }
    public int Pid => _process.Id;
    public string Output { get { lock (_output) return _output.ToString(); } }

    private ServiceProcess(Process process, string address, string apiKey)
    {
        (_process, Address, ApiKey) = (process, address, apiKey);
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add(KeyHeader, apiKey);
    }

    /// <summary>One key for every service this process starts, so two nodes on one database accept the same key.</summary>
    private static readonly (string Secret, Dictionary<string, string> Environment) HarnessKey = NewKey(KeyName, "admin", requestsPerSecond: 0);

    /// <summary>The secret of the key every service started here accepts.</summary>
    public static string HarnessSecret => HarnessKey.Secret;

    /// <summary>
    /// The settings that give the service a key (hashed, as the service takes keys from configuration) and a fresh secret
    /// for it: the same way the benchmarks and any deployment without a key database configure callers.
    /// </summary>
    public static (string Secret, Dictionary<string, string> Environment) NewKey(string name, string role, double? requestsPerSecond = null)
    {
        var secret = "cl_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        var environment = new Dictionary<string, string>
        {
            [$"Ledger__Auth__Keys__{name}__Role"] = role,
            [$"Ledger__Auth__Keys__{name}__Sha256"] = hash,
        };
        if (requestsPerSecond is { } limit) environment[$"Ledger__Auth__Keys__{name}__RequestsPerSecond"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (secret, environment);
    }

    /// <summary>The service as published by <see cref="PublishAsync"/>, when it was; otherwise the build output.</summary>
    public static string? PublishedDll { get; private set; }

    /// <summary>
    /// Publishes the service as it is deployed (Release, ReadyToRun for this machine: see the project file) into a
    /// folder, and starts that from then on.
    /// </summary>
    public static async Task PublishAsync(string folder)
    {
        var project = Path.Combine(RepoRoot, "src", "ClaimsLedger.Api");
        var start = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", folder])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await output}{await errors}");
        PublishedDll = Path.Combine(folder, "ClaimsLedger.Api.dll");
    }

    /// <summary>
    /// The service as built in its own output folder (the same configuration as this assembly), so the tools that sit
    /// beside the benchmarks (BenchmarkDotNet's compiler assemblies) are not in the service's folder.
    /// </summary>
    public static string ApiDll
    {
        get
        {
            if (PublishedDll is { } published) return published;
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var own = Path.Combine(dir.FullName, "src", "ClaimsLedger.Api", "bin", configuration, "net10.0", "ClaimsLedger.Api.dll");
                if (File.Exists(Path.Combine(dir.FullName, "ClaimsLedger.sln")) && File.Exists(own)) return own;
            }
            return Path.Combine(AppContext.BaseDirectory, "ClaimsLedger.Api.dll");
        }
    }

    /// <summary>The repository this runs from (the folder holding ClaimsLedger.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ClaimsLedger.sln"))) return dir.FullName;
            throw new InvalidOperationException("Cannot find the repository root from " + AppContext.BaseDirectory);
        }
    }

    /// <param name="environment">Settings for the service, e.g. ConnectionStrings__Ledger, Ledger__DataDirectory, Ledger__SeedOnStart.</param>
    public static async Task<ServiceProcess> StartAsync(IDictionary<string, string?> environment, TimeSpan? timeout = null)
    {
        var address = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [ApiDll, "--urls", address])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(ApiDll),
        };
        start.Environment.Remove("ConnectionStrings__Ledger");
        var (secret, keySettings) = HarnessKey;
        foreach (var (key, value) in keySettings) start.Environment[key] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        var service = new ServiceProcess(Process.Start(start)!, address, secret);
        service._process.OutputDataReceived += (_, e) => { lock (service._output) service._output.AppendLine(e.Data); };
        service._process.ErrorDataReceived += (_, e) => { lock (service._output) service._output.AppendLine(e.Data); };
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        await service.WaitForAsync("/health", h => h["status"]?.GetValue<string>() == "up", timeout ?? TimeSpan.FromSeconds(90));
        service.StartedIn = clock.Elapsed;
        return service;
    }

    /// <summary>One of the service's commands (e.g. <c>projections rebuild</c>) run to completion against the same settings.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(IDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [ApiDll, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(ApiDll),
        };
        start.Environment.Remove("ConnectionStrings__Ledger");
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public async Task<JsonNode> GetAsync(string path) => JsonNode.Parse(await Http.GetStringAsync(path))!;

    public async Task<JsonNode> WaitForAsync(string path, Func<JsonNode, bool> ready, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
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
            await Task.Delay(20);
        }
    }

    public async Task WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No '{text}' in the output:\n{Output}");
            await Task.Delay(100);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Resident memory of the service process, in MiB.</summary>
    public double ResidentMiB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }

    /// <summary>SIGKILL: the process dies at once, mid-request, with no shutdown code run (a crash, an OOM kill, a pulled plug).</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Stops it as Ctrl+C or a deployment would (SIGTERM), so it shuts down cleanly and stops any PostgreSQL it started;
    /// killed after 30 s. Its exit code (null when it had to be killed) and how long it took to exit.
    /// </summary>
    public async Task<(int? ExitCode, TimeSpan Took)> StopAsync()
    {
        var clock = Stopwatch.StartNew();
        if (_process.HasExited) return (_process.ExitCode, TimeSpan.Zero);
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill!.WaitForExitAsync();
        if (_process.WaitForExit(30_000)) return (_process.ExitCode, clock.Elapsed);
        _process.Kill(entireProcessTree: true);
        return (null, clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        _process.Dispose();
    }
}
