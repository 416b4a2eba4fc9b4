using ClaimsLedger.ServiceHost;
using Npgsql;

namespace ClaimsLedger.Bench;

/// <summary>
/// B2: the same append behind a minimal ASP.NET endpoint using Npgsql directly, and an empty minimal endpoint,
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
        await app.StartAsync();
        return new MinimalBaseline(app, db, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }
}
