using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace ClaimsLedger.Bench;

/// <summary>
/// B1: the same writes with raw Npgsql into plain tables — an event row plus a stream row with a unique
/// (stream, version) — one transaction per claim, 100-row batches, and binary COPY.
/// </summary>
public sealed class RawPostgres(string connectionString)
{
    public async Task ResetAsync()
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            DROP TABLE IF EXISTS raw_events; DROP TABLE IF EXISTS raw_streams;
            CREATE TABLE raw_streams (id uuid PRIMARY KEY, version int NOT NULL);
            CREATE TABLE raw_events (seq bigserial PRIMARY KEY, stream_id uuid NOT NULL, version int NOT NULL, type text NOT NULL,
                data jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, version));
            """, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>One claim: a stream row and its first event, in one transaction.</summary>
    public static async Task AppendOneAsync(NpgsqlDataSource db, Guid id, string payload)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(conn, tx)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("INSERT INTO raw_streams (id, version) VALUES ($1, 1)") { Parameters = { new() { Value = id } } },
                new NpgsqlBatchCommand("INSERT INTO raw_events (stream_id, version, type, data) VALUES ($1, 1, 'claim_recorded', $2::jsonb)")
                    { Parameters = { new() { Value = id }, new() { Value = payload } } },
            },
        };
        await batch.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    /// <summary>
    /// One correction with expected version: the stream's version moves on only from the version the writer read, and
    /// the event takes the new one, in one statement and one transaction. Null when the writer's version is stale.
    /// </summary>
    public static async Task<int?> CorrectOneAsync(NpgsqlDataSource db, Guid id, int expectedVersion, string payload)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using var correct = new NpgsqlCommand("""
            WITH moved AS (UPDATE raw_streams SET version = version + 1 WHERE id = $1 AND version = $2 RETURNING version)
            INSERT INTO raw_events (stream_id, version, type, data) SELECT $1, version, 'claim_corrected', $3::jsonb FROM moved RETURNING version
            """, conn, tx) { Parameters = { new() { Value = id }, new() { Value = expectedVersion }, new() { Value = payload } } };
        var version = await correct.ExecuteScalarAsync();
        await tx.CommitAsync();
        return version as int?;
    }

    public async Task<double> PerTransactionAsync(IReadOnlyList<(Guid Id, string Payload)> claims, int writers)
    {
        await ResetAsync();
        await using var db = NpgsqlDataSource.Create(connectionString);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < claims.Count) await AppendOneAsync(db, claims[i].Id, claims[i].Payload);
        }));
        return claims.Count / clock.Elapsed.TotalSeconds;
    }

    public async Task<double> BatchedAsync(IReadOnlyList<(Guid Id, string Payload)> claims, int batchSize = 100)
    {
        await ResetAsync();
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var clock = Stopwatch.StartNew();
        foreach (var chunk in claims.Chunk(batchSize))
        {
            await using var tx = await conn.BeginTransactionAsync();
            await using var batch = new NpgsqlBatch(conn, tx)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("INSERT INTO raw_streams (id, version) SELECT unnest($1::uuid[]), 1")
                        { Parameters = { new() { Value = chunk.Select(c => c.Id).ToArray() } } },
                    new NpgsqlBatchCommand("INSERT INTO raw_events (stream_id, version, type, data) SELECT unnest($1::uuid[]), 1, 'claim_recorded', unnest($2::jsonb[])")
                        { Parameters = { new() { Value = chunk.Select(c => c.Id).ToArray() }, new() { Value = chunk.Select(c => c.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb } } },
                },
            };
            await batch.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        return claims.Count / clock.Elapsed.TotalSeconds;
    }

    public async Task<double> CopyAsync(IReadOnlyList<(Guid Id, string Payload)> claims)
    {
        await ResetAsync();
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var clock = Stopwatch.StartNew();
        foreach (var chunk in claims.Chunk(10_000))
        {
            await using var tx = await conn.BeginTransactionAsync();
            await using (var streams = await conn.BeginBinaryImportAsync("COPY raw_streams (id, version) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var c in chunk) { await streams.StartRowAsync(); await streams.WriteAsync(c.Id); await streams.WriteAsync(1); }
                await streams.CompleteAsync();
            }
            await using (var events = await conn.BeginBinaryImportAsync("COPY raw_events (stream_id, version, type, data) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var c in chunk)
                {
                    await events.StartRowAsync();
                    await events.WriteAsync(c.Id);
                    await events.WriteAsync(1);
                    await events.WriteAsync("claim_recorded");
                    await events.WriteAsync(c.Payload, NpgsqlDbType.Jsonb);
                }
                await events.CompleteAsync();
            }
            await tx.CommitAsync();
        }
        return claims.Count / clock.Elapsed.TotalSeconds;
    }
}
