using System.Diagnostics;
using ClaimsLedger.Claims;
using Marten;
using Npgsql;

namespace ClaimsLedger.Hosting;

/// <summary>
/// What the claim view needs beyond the schema Marten keeps, so the claim list can count a million claims from indexes
/// (<see cref="ClaimSelection.CountSql"/>): its <c>retracted</c> column on a ledger made before the view kept one,
/// statistics on the kind of its claims, and a vacuum schedule that keeps its visibility map current.
/// </summary>
public sealed class ClaimViewUpkeep(IDocumentStore store, ILogger<ClaimViewUpkeep> logger) : IHostedLifecycleService
{
    public const string RetractedColumn = "retracted";

    /// <summary>
    /// PostgreSQL answers a count from an index alone only for pages its visibility map marks all-visible; any other
    /// claim is fetched from the table. By default autovacuum refreshes the map after a fifth of the table has changed:
    /// on a 1M ledger counting took 0.55 s with a third of the claims unmarked and 0.08 s just after a vacuum. Here the
    /// claim view is vacuumed once a thousand claims were written or rewritten (autovacuum still visits a table at most
    /// once a minute, autovacuum_naptime).
    /// </summary>
    private static readonly (string Name, int Value)[] VacuumSchedule =
    [
        ("autovacuum_vacuum_scale_factor", 0), ("autovacuum_vacuum_threshold", 1000),
        ("autovacuum_vacuum_insert_scale_factor", 0), ("autovacuum_vacuum_insert_threshold", 1000),
    ];

    // Before every hosted service's start, Marten's schema check among them: it would add the column its own way, and
    // drop the old ledger's index on the kind (whose statistics the planner used) before the statistics below exist.
    public Task StartingAsync(CancellationToken ct) => UpgradeAsync(store, logger, ct);

    // After Marten's schema check, which creates the view (with its column) on a new ledger: its statistics, then the
    // vacuum schedule, set once (the ALTER waits on a running vacuum).
    public async Task StartedAsync(CancellationToken ct)
    {
        var table = store.Options.Schema.For<Claim>();
        await using var connection = await LedgerStore.DataSource(store).OpenConnectionAsync(ct);
        await AddKindStatisticsAsync(connection, table, logger, ct);
        if (!KeepsExpressionStatistics(connection))
            logger.LogWarning("PostgreSQL {Version} keeps no statistics on an expression: on a large ledger, claim lists filtered by kind may be slow. This version of the ledger is made for PostgreSQL 14 or later.", connection.PostgreSqlVersion);
        await using var current = new NpgsqlCommand($"select coalesce(reloptions, '{{}}') @> $1 from pg_class where oid = '{table}'::regclass", connection)
            { Parameters = { new() { Value = VacuumSchedule.Select(o => $"{o.Name}={o.Value}").ToArray() } } };
        if ((bool)(await current.ExecuteScalarAsync(ct))!) return;
        await ViewRebuild.ExecuteAsync(connection, $"alter table {table} set ({string.Join(", ", VacuumSchedule.Select(o => $"{o.Name} = {o.Value}"))})", ct);
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Brings a claim view made by an earlier version up to this one: its <c>retracted</c> column, and statistics on
    /// the kind of its claims. A ledger that has both, or no claim view yet, is left as it is.
    /// </summary>
    public static async Task UpgradeAsync(IDocumentStore store, ILogger logger, CancellationToken ct)
    {
        var table = store.Options.Schema.For<Claim>();
        await using var connection = await LedgerStore.DataSource(store).OpenConnectionAsync(ct);
        await AddRetractedColumnAsync(connection, table, logger, ct);
        await AddKindStatisticsAsync(connection, table, logger, ct);
    }

    /// <summary>
    /// Gives a claim view made before it kept a <c>retracted</c> column that column. Marten would add it by rewriting
    /// every claim in one statement: past the 30 s command timeout on a 1M ledger, so the service would not start. Here
    /// the column is added empty (no rewrite) and only the retracted claims are marked (1.9 s on a 1M ledger with 30,000
    /// of them); an empty value reads as "not retracted" (<see cref="GetClaimsEndpoint.Live"/>), and every claim written
    /// afterwards carries its own. A ledger that has the column, or no claim view yet, is left as it is.
    /// </summary>
    private static async Task AddRetractedColumnAsync(NpgsqlConnection connection, string table, ILogger logger, CancellationToken ct)
    {
        var (schema, name) = (table.Split('.')[0], table.Split('.')[1]);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await NeedsColumnAsync(connection, schema, name, ct)) return;
        // Two nodes starting together: the second waits here, then finds the column there.
        await ViewRebuild.ExecuteAsync(connection, $"lock table {table} in share row exclusive mode", ct);
        if (!await NeedsColumnAsync(connection, schema, name, ct)) return;
        logger.LogInformation("Upgrading the claim view: adding its {Column} column and marking the retracted claims (once, for a ledger made before the column)", RetractedColumn);
        var clock = Stopwatch.StartNew();
        await ViewRebuild.ExecuteAsync(connection, $"alter table {table} add column {RetractedColumn} boolean", ct);
        var marked = await ViewRebuild.ExecuteAsync(connection, $"update {table} set {RetractedColumn} = true where (data ->> 'Retracted')::boolean", ct);
        // Without statistics on the new column PostgreSQL guesses half the claims are retracted and reads the whole table.
        await ViewRebuild.ExecuteAsync(connection, $"analyze {table} ({RetractedColumn})", ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Claim view upgraded: {Marked:N0} retracted claims marked in {Seconds:F1} s", marked, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Statistics on the kind of the claims, which PostgreSQL takes from no partial index: each kind has its own (for
    /// counting, <see cref="ClaimSelection.OfKind"/>) and no index holds them all. Without them the planner guesses one
    /// claim in 200 is a figure and, for a page of figures, reads all 420,000 of a 1M ledger to sort them: 2.1 s a page
    /// where walking the log takes 9 ms. Expression statistics came with PostgreSQL 14; an older server is warned of.
    /// </summary>
    private static async Task AddKindStatisticsAsync(NpgsqlConnection connection, string table, ILogger logger, CancellationToken ct)
    {
        if (!KeepsExpressionStatistics(connection)) return;
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await NeedsKindStatisticsAsync(connection, table, ct)) return;
        await ViewRebuild.ExecuteAsync(connection, $"lock table {table} in share row exclusive mode", ct);
        if (!await NeedsKindStatisticsAsync(connection, table, ct)) return;
        var clock = Stopwatch.StartNew();
        await ViewRebuild.ExecuteAsync(connection, $"create statistics {KindStatistics(table)} on (data ->> 'Kind') from {table}", ct);
        await ViewRebuild.ExecuteAsync(connection, $"analyze {table}", ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Claim view: statistics on the kinds of claims gathered in {Seconds:F1} s", clock.Elapsed.TotalSeconds);
    }

    private static bool KeepsExpressionStatistics(NpgsqlConnection connection) => connection.PostgreSqlVersion.Major >= 14;

    private static string KindStatistics(string table) => $"{table}_kind";

    private static async Task<bool> NeedsKindStatisticsAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select to_regclass($1) is not null and not exists(select 1 from pg_statistic_ext where stxrelid = to_regclass($1) and stxname = $2)",
            connection) { Parameters = { new() { Value = table }, new() { Value = KindStatistics(table).Split('.')[1] } } };
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<bool> NeedsColumnAsync(NpgsqlConnection connection, string schema, string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            select exists(select 1 from information_schema.tables where table_schema = $1 and table_name = $2)
               and not exists(select 1 from information_schema.columns where table_schema = $1 and table_name = $2 and column_name = $3)
            """, connection) { Parameters = { new() { Value = schema }, new() { Value = table }, new() { Value = RetractedColumn } } };
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }
}
