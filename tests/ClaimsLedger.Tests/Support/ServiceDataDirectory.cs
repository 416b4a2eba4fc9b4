using ClaimsLedger.Hosting;

namespace ClaimsLedger.Tests.Support;

/// <summary>
/// A data directory of its own for the real service process, which starts its private cluster there and loads the
/// seed corpus; removed with its cluster when disposed (the service stops the cluster on shutdown; this is the safety
/// net if it was killed).
/// </summary>
public sealed class ServiceDataDirectory(string name) : IAsyncDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"claimsledger-{name}-{Guid.NewGuid():N}");

    /// <summary>The service's settings: this directory and the seed corpus, no connection string.</summary>
    public Dictionary<string, string?> Environment => new() { ["Ledger__DataDirectory"] = Path, ["Ledger__SeedDirectory"] = LedgerApp.SeedDirectory };

    public async ValueTask DisposeAsync()
    {
        await using var _ = await EmbeddedPostgres.StartAsync(Path, deleteOnStop: true);
    }
}
