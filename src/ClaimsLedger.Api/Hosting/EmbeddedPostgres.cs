using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ClaimsLedger.Hosting;

/// <summary>
/// A private PostgreSQL cluster started from the server binaries on this machine, for running the service (and its
/// tests) with no configuration. Data lives in a folder of its own; the cluster stops when this is disposed.
/// initdb refuses to run as root, so as root the cluster runs as the postgres user.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    public const string Database = "ledger";
    private const string User = "ledger";

    private readonly string _bin;
    private readonly string _dataDir;
    private readonly bool _asPostgresUser;
    private readonly bool _deleteOnStop;
    private readonly bool _startedHere;
    private int _stopped;

    public string ConnectionString { get; }
    public int Port { get; }

    private EmbeddedPostgres(string bin, string dataDir, int port, bool asPostgresUser, bool deleteOnStop, bool startedHere)
    {
        (_bin, _dataDir, Port, _asPostgresUser, _deleteOnStop, _startedHere) = (bin, dataDir, port, asPostgresUser, deleteOnStop, startedHere);
        ConnectionString = $"Host=127.0.0.1;Port={port};Username={User};Database={Database};Pooling=true;Maximum Pool Size=50";
    }

    /// <summary>
    /// The server settings of a private cluster. Durability stays as PostgreSQL ships it (fsync and synchronous
    /// commit on: an acknowledged write is on disk). The rest is sized for a ledger that grows to millions of claims:
    /// a buffer cache large enough for the hot indexes and views instead of the 128 MB default, and checkpoints
    /// spaced by WAL volume so a bulk load is not interrupted by a checkpoint every gigabyte. No parallel query: the
    /// cluster shares its machine's cores with the service, and the ledger's reads are pages, not reports. PostgreSQL
    /// planned two workers for each page of the claims CSV, starting two processes a page on a 2-core machine, and
    /// every figure claim of a 1M ledger took 30-34 s to export with them and 14-15 s without; nothing else timed at
    /// 1M (the lists with their counts, the figures CSV, a rebuild) moved beyond the host's own variation.
    /// </summary>
    public const string Settings =
        "-c max_connections=200 -c fsync=on -c synchronous_commit=on -c shared_buffers=1GB -c effective_cache_size=4GB " +
        "-c max_wal_size=8GB -c checkpoint_timeout=15min -c checkpoint_completion_target=0.9 -c max_parallel_workers_per_gather=0";

    /// <summary>Starts (or, after a crash, adopts) the cluster in <paramref name="dataDir"/> and makes sure the ledger database exists.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(string dataDir, bool deleteOnStop = false, ILogger? log = null)
    {
        var bin = FindBinaries() ?? throw new PostgresMissingException(
            "ClaimsLedger needs PostgreSQL: no connection string is configured (ConnectionStrings__Ledger) and no PostgreSQL " +
            "server binaries (initdb, pg_ctl) were found under /usr/lib/postgresql/*/bin, on PATH, or in POSTGRES_BIN. " +
            "Either install the server (Debian/Ubuntu: apt-get install -y postgresql) so the service can start a private " +
            "cluster of its own, or set ConnectionStrings__Ledger to an existing server, e.g. " +
            "\"Host=localhost;Port=5432;Username=postgres;Password=postgres;Database=ledger\".");

        var asPostgresUser = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        dataDir = Path.GetFullPath(dataDir);
        if (asPostgresUser && !TraversableByOthers(dataDir))
        {
            // The postgres user cannot reach folders under a private home (e.g. /root): keep the cluster beside the temp files.
            dataDir = Path.Combine(Path.GetTempPath(), "claimsledger-pg-" + Convert.ToHexStringLower(
                System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dataDir)))[..12]);
        }

        var pgData = Path.Combine(dataDir, "data");
        if (!File.Exists(Path.Combine(pgData, "PG_VERSION")))
        {
            Directory.CreateDirectory(pgData);
            if (asPostgresUser) await RunAsync("chown", ["-R", "postgres:postgres", dataDir], null);
            log?.LogInformation("Creating a private PostgreSQL cluster in {DataDir}", pgData);
            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", pgData, "-U", User, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"], asPostgresUser ? "postgres" : null);
        }

        var running = RunningPort(pgData);
        int port;
        var startedHere = false;
        if (running is { } adopted && await AcceptsAsync(adopted))
        {
            // Another process of ours (or one that was killed) runs it: use it, and leave it running when done.
            port = adopted;
            log?.LogInformation("Using the private PostgreSQL already running on port {Port}", port);
        }
        else
        {
            port = FreePort();
            await StartServerAsync(bin, dataDir, port, asPostgresUser);
            startedHere = true;
            log?.LogInformation("Started a private PostgreSQL on 127.0.0.1:{Port} (data in {DataDir})", port, pgData);
        }

        var pg = new EmbeddedPostgres(bin, dataDir, port, asPostgresUser, deleteOnStop, startedHere || deleteOnStop);
        await pg.EnsureDatabaseAsync();
        return pg;
    }

    /// <summary>A database of its own on this cluster, e.g. one per test class.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn)) await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn)) await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    private async Task EnsureDatabaseAsync()
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{Database}'", conn);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", conn);
            await create.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_startedHere || Interlocked.Exchange(ref _stopped, 1) == 1) return;
        NpgsqlConnection.ClearAllPools();
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_dataDir, "data"), "-w", "-t", "30", "-m", "fast", "stop"],
            _asPostgresUser ? "postgres" : null, throwOnError: false);
        if (_deleteOnStop)
        {
            try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Stops the server but keeps its data and port, as an outage would (pg_ctl stop -m fast: sessions are cut).</summary>
    public async Task StopServerAsync() =>
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_dataDir, "data"), "-w", "-t", "30", "-m", "fast", "stop"],
            _asPostgresUser ? "postgres" : null);

    /// <summary>Starts a server stopped by <see cref="StopServerAsync"/> again, on the same port.</summary>
    public Task StartServerAsync() => StartServerAsync(_bin, _dataDir, Port, _asPostgresUser);

    private static async Task StartServerAsync(string bin, string dataDir, int port, bool asPostgresUser)
    {
        var socketDir = Path.Combine(dataDir, "run");
        Directory.CreateDirectory(socketDir);
        if (asPostgresUser) await RunAsync("chown", ["postgres:postgres", socketDir], null);
        await RunAsync(Path.Combine(bin, "pg_ctl"),
            ["-D", Path.Combine(dataDir, "data"), "-l", Path.Combine(dataDir, "postgres.log"), "-w", "-t", "60", "start",
             "-o", $"-p {port} -k {socketDir} -c listen_addresses=127.0.0.1 {Settings}"],
            asPostgresUser ? "postgres" : null);
    }

    public static string? FindBinaries()
    {
        static bool Has(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));
        var configured = Environment.GetEnvironmentVariable("POSTGRES_BIN");
        if (!string.IsNullOrEmpty(configured) && Has(configured)) return configured;
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(Has)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null) return newest;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(Has);
    }

    private static int? RunningPort(string pgData)
    {
        // postmaster.pid: line 1 the pid, line 4 the port. A stale file (crashed server) names a pid that is gone.
        var pidFile = Path.Combine(pgData, "postmaster.pid");
        if (!File.Exists(pidFile)) return null;
        var lines = File.ReadAllLines(pidFile);
        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port)) return null;
        try { return Process.GetProcessById(pid).HasExited ? null : port; }
        catch (ArgumentException) { return null; }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException) { return false; }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool TraversableByOthers(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (!dir.Exists) continue;
            if ((File.GetUnixFileMode(dir.FullName) & UnixFileMode.OtherExecute) == 0) return false;
        }
        return true;
    }

    private static async Task RunAsync(string file, string[] args, string? asUser, bool throwOnError = true)
    {
        var start = asUser is null ? new ProcessStartInfo(file) : new ProcessStartInfo("runuser", ["-u", asUser, "--", file, .. args]);
        if (asUser is null) foreach (var a in args) start.ArgumentList.Add(a);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && throwOnError)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }
}

/// <summary>No connection string and no PostgreSQL to start: the message says what to install or configure.</summary>
public sealed class PostgresMissingException(string message) : Exception(message);
