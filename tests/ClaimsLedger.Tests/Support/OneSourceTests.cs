namespace ClaimsLedger.Tests.Support;

/// <summary>Tests that start from an empty ledger holding one registered article, and a figure claim it supports.</summary>
public abstract class OneSourceTests(LedgerApp app) : IAsyncLifetime
{
    protected const string Quote = "bilateral trade turnover in 2020 reached nearly 4.85 billion USD";

    protected LedgerApp App { get; } = app;
    protected Guid Source { get; private set; }

    public async Task InitializeAsync()
    {
        await App.ResetAsync();
        Source = (await App.PostAsync("/sources", Sources.Phuc2021())).Body!["id"]!.GetValue<Guid>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The article's 2020 trade figure, as a POST /claims body.</summary>
    protected object Trade2020(decimal value = 4.85m) => new
    {
        sourceId = Source, kind = "figure", quote = Quote,
        figure = new { metric = "trade-turnover", parties = new[] { "VN", "RU" }, period = "2020", unit = "usd", scale = "billion", qualifier = "nearly", value },
    };
}
