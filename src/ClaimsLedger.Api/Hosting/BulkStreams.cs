using JasperFx.Events;
using Marten;
using Marten.Internal.Storage;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ClaimsLedger.Hosting;

/// <summary>
/// Starts many streams at once through PostgreSQL's binary COPY, inside the session's own transaction: the events, their
/// streams and the inline views written with them commit together with whatever else the session holds (the
/// idempotency answer), or not at all. Marten's own COPY path for events (<c>BulkInsertEventsAsync</c>) commits on its
/// own connection and skips inline projections, which would let views trail events and a crash part them; an append
/// through the session writes every row as its own statement, several times slower for archives of thousands of claims.
/// The rows are the ones Marten writes for a Rich append (sequence reserved first, one timestamp from the store's clock).
/// </summary>
public sealed class BulkStreams(IDocumentSession session)
{
    private readonly StoreOptions _options = (StoreOptions)session.DocumentStore.Options;
    private bool _inTransaction;
    private Marten.Events.EventGraph Events => (Marten.Events.EventGraph)_options.Events;

    /// <summary>
    /// Writes one new stream per event, each event at version 1, and returns the events as the inline projections see
    /// them (sequence, version, timestamp), so the caller can write the views they produce with <see cref="InsertAsync{T}"/>.
    /// </summary>
    public async Task<IReadOnlyList<IEvent<TEvent>>> StartAsync<TAggregate, TEvent>(IReadOnlyList<(Guid StreamId, TEvent Data)> starts, CancellationToken ct)
        where TEvent : notnull
    {
        if (starts.Count == 0) return [];
        var connection = await TransactionAsync(ct);
        var sequences = await ReserveSequencesAsync(connection, starts.Count, ct);
        var mapping = Events.EventMappingFor(typeof(TEvent));
        var timestamp = _options.Events.TimeProvider.GetUtcNow();
        var events = starts.Select((s, i) => (IEvent<TEvent>)new Event<TEvent>(s.Data)
        {
            Id = Guid.CreateVersion7(),
            StreamId = s.StreamId,
            Version = 1,
            Sequence = sequences[i],
            Timestamp = timestamp,
            TenantId = session.TenantId,
            EventTypeName = mapping.EventTypeName,
            DotNetTypeName = mapping.DotNetTypeName,
        }).ToList();

        var schema = _options.Events.DatabaseSchemaName;
        await using (var streams = await connection.BeginBinaryImportAsync(
                         $"COPY {schema}.mt_streams (id, type, version, timestamp, created, tenant_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            var alias = Events.AggregateAliasFor(typeof(TAggregate));
            foreach (var e in events)
            {
                await streams.StartRowAsync(ct);
                await streams.WriteAsync(e.StreamId, NpgsqlDbType.Uuid, ct);
                await streams.WriteAsync(alias, NpgsqlDbType.Varchar, ct);
                await streams.WriteAsync(e.Version, NpgsqlDbType.Bigint, ct);
                await streams.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz, ct);
                await streams.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz, ct);
                await streams.WriteAsync(e.TenantId, NpgsqlDbType.Varchar, ct);
            }
            await streams.CompleteAsync(ct);
        }

        var serializer = _options.Serializer();
        await using (var rows = await connection.BeginBinaryImportAsync(
                         $"COPY {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var e in events)
            {
                await rows.StartRowAsync(ct);
                await rows.WriteAsync(e.Sequence, NpgsqlDbType.Bigint, ct);
                await rows.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                await rows.WriteAsync(e.StreamId, NpgsqlDbType.Uuid, ct);
                await rows.WriteAsync(e.Version, NpgsqlDbType.Bigint, ct);
                await rows.WriteAsync(serializer.ToJson(e.Data), NpgsqlDbType.Jsonb, ct);
                await rows.WriteAsync(e.EventTypeName, NpgsqlDbType.Varchar, ct);
                await rows.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz, ct);
                await rows.WriteAsync(e.TenantId, NpgsqlDbType.Varchar, ct);
                await rows.WriteAsync(e.DotNetTypeName, NpgsqlDbType.Varchar, ct);
            }
            await rows.CompleteAsync(ct);
        }

        // The session knows nothing of the COPYs: a statement queued on it makes SaveChanges commit the transaction they
        // wrote into, with whatever else the session holds (with nothing of its own to save it would not commit).
        session.QueueSqlCommand("select 1");
        return events;
    }

    /// <summary>New documents, written with Marten's own bulk loader (its columns, duplicated fields and versions).</summary>
    public async Task InsertAsync<T>(IEnumerable<T> documents, CancellationToken ct) where T : notnull
    {
        var rows = documents.ToList();
        // An import of claims all recorded before writes nothing: no transaction, no empty COPY.
        if (rows.Count == 0) return;
        var connection = await TransactionAsync(ct);
        var loader = ((MartenDocumentProvider<T>)session.Database.Providers.StorageFor<T>()).BulkLoader;
        await loader.LoadAsync(new Tenant(session.TenantId, session.Database), _options.Serializer(), connection, rows, ct);
    }

    /// <summary>The session's connection, in the session's transaction (begun on first use), for work that commits with the COPYs.</summary>
    public async Task<NpgsqlConnection> TransactionAsync(CancellationToken ct)
    {
        if (!_inTransaction)
        {
            await session.BeginTransactionAsync(ct);
            _inTransaction = true;
        }
        return session.Connection!;
    }

    private async Task<long[]> ReserveSequencesAsync(NpgsqlConnection connection, int count, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select nextval('{_options.Events.DatabaseSchemaName}.mt_events_sequence') from generate_series(1, $1)", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        var sequences = new long[count];
        await using var reader = await command.ExecuteReaderAsync(ct);
        for (var i = 0; await reader.ReadAsync(ct); i++) sequences[i] = reader.GetInt64(0);
        // Events take their sequences in the order they were given, as a session's append would.
        Array.Sort(sequences);
        return sequences;
    }
}
