using System.Diagnostics;
using System.Text.RegularExpressions;
using ClaimsLedger.Hosting;
using Npgsql;

namespace ClaimsLedger.Bench;

/// <summary>
/// What PostgreSQL alone spends storing the ledger's own rows, for #3 and #6: the rows the import wrote (stream, event,
/// claim view, subject entry) and the views a rebuild writes are taken back out of the ledger's tables with binary
/// COPY, into files, and COPYed into copies of those tables (same columns, indexes and foreign keys) in a scratch
/// schema, timed. The documents are the bytes the service sent, so PostgreSQL parses the same JSON; nothing of .NET,
/// HTTP, validation or projection is in the time. B1 writes two rows per claim with one document; the ledger writes
/// four with three documents: this is the most the import and the rebuild could reach on this machine with this data
/// model, and the gap between it and the ledger is the service's own cost.
/// </summary>
public sealed partial class Ceilings(string ledgerDb, string folder) : IAsyncDisposable
{
    private const string Scratch = "ceiling";
    private static readonly string Ledger = LedgerStore.Schema;

    /// <summary>The import's rows: the claims' streams and first events, their views and their subject entries.</summary>
    private static readonly (string Table, string Rows)[] ImportRows =
    [
        ("mt_streams", $"select s.* from {Ledger}.mt_streams s where exists (select 1 from {Ledger}.mt_doc_claim c where c.id = s.id)"),
        ("mt_events", $"select e.* from {Ledger}.mt_events e where exists (select 1 from {Ledger}.mt_doc_claim c where c.id = e.stream_id)"),
        ("mt_doc_claim", $"select * from {Ledger}.mt_doc_claim"),
        ("mt_doc_subjectentry", $"select * from {Ledger}.mt_doc_subjectentry"),
    ];

    /// <summary>The views a rebuild writes, all but the few API keys and proposals.</summary>
    private static readonly string[] Views = ["mt_doc_claim", "mt_doc_subjectentry", "mt_doc_source", "mt_doc_sourceactivity"];

    public static async Task<Ceilings> ExportAsync(string ledgerDb, string folder)
    {
        Directory.CreateDirectory(folder);
        var ceilings = new Ceilings(ledgerDb, folder);
        await using var conn = new NpgsqlConnection(ledgerDb);
        await conn.OpenAsync();
        foreach (var (table, rows) in ImportRows.Concat(Views.Except(ImportRows.Select(r => r.Table)).Select(v => (v, $"select * from {Ledger}.{v}"))))
        {
            await using var file = File.Create(ceilings.FileOf(table));
            await using var copy = await conn.BeginRawBinaryCopyAsync($"COPY ({rows}) TO STDOUT (FORMAT BINARY)");
            await copy.CopyToAsync(file);
        }
        return ceilings;
    }

    /// <summary>Claims per second for the import's rows, written into indexed tables in one transaction, as the import writes them.</summary>
    public async Task<double> ImportAsync(long claims)
    {
        await using var conn = await ScratchTablesAsync(ImportRows.Select(r => r.Table));
        var clock = Stopwatch.StartNew();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            foreach (var (table, _) in ImportRows) await LoadAsync(conn, table);
            await tx.CommitAsync();
        }
        return claims / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Events per second for the views alone, written as the rebuild writes them: into empty tables keeping their primary
    /// keys, the secondary indexes built once at the end, one transaction.
    /// </summary>
    public async Task<double> ViewsAsync(long events)
    {
        await using var conn = await ScratchTablesAsync(Views);
        var indexes = new List<(string Definition, string Name)>();
        await using (var find = new NpgsqlCommand(
            $"select pg_get_indexdef(i.indexrelid), format('%I.%I', '{Scratch}', c.relname) from pg_index i join pg_class c on c.oid = i.indexrelid " +
            $"join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace where n.nspname = '{Scratch}' and not i.indisprimary", conn))
        await using (var reader = await find.ExecuteReaderAsync())
            while (await reader.ReadAsync()) indexes.Add((reader.GetString(0), reader.GetString(1)));
        foreach (var (_, name) in indexes) await ExecuteAsync(conn, "drop index " + name);

        var clock = Stopwatch.StartNew();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            foreach (var table in Views) await LoadAsync(conn, table);
            await ExecuteAsync(conn, "set local maintenance_work_mem = '512MB'");
            foreach (var (definition, _) in indexes) await ExecuteAsync(conn, definition);
            await tx.CommitAsync();
        }
        return events / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Empty copies of the ledger's tables in the scratch schema: columns, defaults, indexes, and the foreign keys among them.</summary>
    private async Task<NpgsqlConnection> ScratchTablesAsync(IEnumerable<string> tables)
    {
        var conn = new NpgsqlConnection(ledgerDb);
        await conn.OpenAsync();
        await ExecuteAsync(conn, $"drop schema if exists {Scratch} cascade; create schema {Scratch}");
        var list = tables.ToList();
        foreach (var table in list) await ExecuteAsync(conn, $"create table {Scratch}.{table} (like {Ledger}.{table} including all)");
        var keys = new List<string>();
        await using (var find = new NpgsqlCommand(
            $"select conrelid::regclass::text, pg_get_constraintdef(oid) from pg_constraint where contype = 'f' and conrelid = any($1::regclass[])", conn))
        {
            find.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = list.Select(t => $"{Ledger}.{t}").ToArray() });
            await using var reader = await find.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var referenced = References().Match(reader.GetString(1)).Groups["table"].Value;
                if (list.Contains(referenced))
                    keys.Add($"alter table {Scratch}.{reader.GetString(0).Split('.')[^1]} add " + References().Replace(reader.GetString(1), $"REFERENCES {Scratch}.${{table}}"));
            }
        }
        foreach (var key in keys) await ExecuteAsync(conn, key);
        return conn;
    }

    private async Task LoadAsync(NpgsqlConnection conn, string table)
    {
        await using var file = File.OpenRead(FileOf(table));
        await using var copy = await conn.BeginRawBinaryCopyAsync($"COPY {Scratch}.{table} FROM STDIN (FORMAT BINARY)");
        await file.CopyToAsync(copy);
    }

    private string FileOf(string table) => Path.Combine(folder, table + ".copy");

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql)
    {
        await using var command = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"REFERENCES (\w+\.)?(?<table>\w+)")]
    private static partial Regex References();

    public async ValueTask DisposeAsync()
    {
        await using (var conn = new NpgsqlConnection(ledgerDb))
        {
            await conn.OpenAsync();
            await ExecuteAsync(conn, $"drop schema if exists {Scratch} cascade");
        }
        Directory.Delete(folder, recursive: true);
    }
}
