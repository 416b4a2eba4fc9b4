using ClaimsLedger.ServiceHost;
using Npgsql;

namespace ClaimsLedger.Bench;

/// <summary>
/// B2: the same append and the same correction behind a minimal ASP.NET endpoint using Npgsql directly, and an empty minimal endpoint,
/// so HTTP and framework overhead can be told apart from the database's share.
/// </summary>
public sealed class MinimalBaseline : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NpgsqlDataSource _db;
    public string Address { get; }

    private MinimalBaseline(WebApplication app, NpgsqlDataSource db, string address) => (_app, _db, Address) = (app, db, address);

    public static async Task<MinimalBaseline> StartAsync(string connectionString)
    {
        var address = $"http://127.0.0.1:{ServiceHost.ServiceProcess.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(address);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var db = NpgsqlDataSource.Create(connectionString);
        app.MapGet("/empty", () => Results.Ok());
        app.MapPost("/raw/claims", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var payload = await reader.ReadToEndAsync();
            var id = Guid.CreateVersion7();
            await RawPostgres.AppendOneAsync(db, id, payload);
            return Results.Created($"/raw/claims/{id}", new { id, version = 1 });
        });
        app.MapPost("/raw/claims/{id:guid}/corrections", async (Guid id, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var payload = await reader.ReadToEndAsync();
            var expected = System.Text.Json.JsonDocument.Parse(payload).RootElement.GetProperty("expectedVersion").GetInt32();
            return await RawPostgres.CorrectOneAsync(db, id, expected, payload) is { } version
                ? Results.Ok(new { id, version })
                : Results.Conflict();
        });
        // The figure read done by hand: the subject's entries, then the dates of their sources, returned as stored.
        app.MapGet("/raw/figures/{key}", async (string key) => Results.Text(await FigureRowsAsync(db, key), "application/json"));
        await app.StartAsync();
        return new MinimalBaseline(app, db, address);
    }

    /// <summary>The same rows a figure read needs, fetched with two hand-written queries and returned as one JSON array.</summary>
    public static async Task<string> FigureRowsAsync(NpgsqlDataSource db, string key)
    {
        await using var conn = await db.OpenConnectionAsync();
        var rows = new List<string>();
        var sourceIds = new HashSet<Guid>();
        await using (var entries = new NpgsqlCommand(
            $"SELECT data, (data->>'SourceId')::uuid FROM {ClaimsLedger.Hosting.LedgerStore.Schema}.mt_doc_subjectentry WHERE subject_id = $1", conn)
            { Parameters = { new() { Value = "figure/" + key } } })
        await using (var reader = await entries.ExecuteReaderAsync())
            while (await reader.ReadAsync()) { rows.Add(reader.GetString(0)); sourceIds.Add(reader.GetGuid(1)); }
        await using (var sources = new NpgsqlCommand(
            $"SELECT data->'MetadataVersions' FROM {ClaimsLedger.Hosting.LedgerStore.Schema}.mt_doc_source WHERE id = ANY($1)", conn)
            { Parameters = { new() { Value = sourceIds.ToArray() } } })
        await using (var reader = await sources.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return "[" + string.Join(',', rows) + "]";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }
}
