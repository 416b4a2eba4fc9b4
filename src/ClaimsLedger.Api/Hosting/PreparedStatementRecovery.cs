using Marten;
using Npgsql;

namespace ClaimsLedger.Hosting;

/// <summary>
/// The service has Npgsql prepare a statement on a connection once it has run there twice (Program.cs: a quarter to a
/// third of PostgreSQL's CPU per append). A command cancelled while its batch was being prepared (the client went away,
/// a timeout) can leave the connection believing the server holds a prepared statement the server does not have, and
/// every later use of that statement on that connection then fails with 26000, "prepared statement "_auto18" does not
/// exist" (Npgsql's issue 6391, open). Measured on a 1M ledger: after 18 requests abandoned by their clients, 28 of the
/// next 60 figure pages failed, and kept failing. So after a request whose client went away, the pool's connections are
/// closed as they come back instead of being used again; a 26000 that still gets through (a request that took such a
/// connection in between) clears the pool too and is answered 503, to be retried.
/// </summary>
public static class PreparedStatementRecovery
{
    public const string SqlState = PostgresErrorCodes.InvalidSqlStatementName;

    public static async Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        try
        {
            await next();
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            ClearPool(http.RequestServices);
            throw;
        }
    }

    public static void ClearPool(IServiceProvider services) => LedgerStore.DataSource(services.GetRequiredService<IDocumentStore>()).Clear();
}
