namespace ClaimsLedger.Hosting;

/// <summary>Where the ledger's PostgreSQL is: the configured server, or a private cluster started for this process.</summary>
public static class LedgerDatabase
{
    public const string ConnectionStringName = "Ledger";

    public static async Task<(string ConnectionString, EmbeddedPostgres? Embedded)> ResolveAsync(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return (configured, null);

        var dataDir = configuration["Ledger:DataDirectory"] is { Length: > 0 } dir ? dir : Path.Combine(contentRoot, ".ledger-data");
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var embedded = await EmbeddedPostgres.StartAsync(dataDir, log: loggers.CreateLogger("ClaimsLedger.EmbeddedPostgres"));
        // Commands such as codegen never start the host, so its shutdown would not stop the cluster: the process exit does.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => embedded.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return (embedded.ConnectionString, embedded);
    }
}

/// <summary>Stops the private cluster when the service stops.</summary>
public sealed class EmbeddedPostgresLifetime(EmbeddedPostgres postgres) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public async Task StopAsync(CancellationToken cancellationToken) => await postgres.DisposeAsync();
}
