namespace ClaimsLedger.Tests.Support;

/// <summary>Tests that start from an empty ledger with the seed corpus loaded through the API.</summary>
public abstract class SeededTests(LedgerApp app) : IAsyncLifetime
{
    protected LedgerApp App { get; } = app;

    public async Task InitializeAsync()
    {
        await App.ResetAsync();
        await App.LoadSeedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
