using System.Diagnostics;
using System.Threading.Channels;
using ClaimsLedger.Access;
using ClaimsLedger.Changes;
using ClaimsLedger.Claims;
using ClaimsLedger.Extraction;
using ClaimsLedger.Sources;
using JasperFx.CommandLine;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using JasperFx.Events.Grouping;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using Marten.Internal.Storage;
using Npgsql;

namespace ClaimsLedger.Hosting;

/// <summary>What a rebuild did: every view rewritten from this many events.</summary>
public sealed record RebuildResult(long Events, long Views, TimeSpan Elapsed)
{
    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 0.001);
}

/// <summary>
/// Rebuilds every view from the event log in one pass: the log is read once, in pages, each event handed to every
/// projection through the projection's own dispatch (the source-generated <c>Evolve</c> of the aggregates, the
/// entries projection's <c>ApplyAsync</c>), and the views written with COPY, all in one transaction. Marten's rebuild
/// reads the whole log once per projection and writes an aggregate view one upsert at a time: 3–5k events/s here.
/// A view is written as soon as its stream's last event is applied (the stream's version says which that is), so
/// memory holds the views still waiting for events, not a million finished ones.
/// The log is locked against appends while the rebuild runs: a write arriving meanwhile waits and then lands on the
/// rebuilt views; nothing is lost. The async daemon must not run (the command refuses while a node leads it).
/// </summary>
public sealed class ViewRebuild(IDocumentStore store, TextWriter log)
{
    private const int PageSize = 10_000;

    public async Task<RebuildResult> RunAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var options = (StoreOptions)store.Options;
        await using var writer = store.LightweightSession();
        var bulk = new BulkStreams(writer);
        var connection = await bulk.TransactionAsync(ct);

        var views = Views(options);
        var schema = options.Events.DatabaseSchemaName;
        await ExecuteAsync(connection, $"lock table {schema}.mt_events in exclusive mode", ct);
        var highWater = await ScalarAsync(connection, $"select coalesce(max(seq_id), 0) from {schema}.mt_events", ct);
        var total = await ScalarAsync(connection, $"select count(*) from {schema}.mt_events where seq_id <= {highWater}", ct);
        var lastVersions = await LastVersionsAsync(connection, schema, ct);
        foreach (var view in views) await ExecuteAsync(connection, $"truncate table {view.Table}", ct);
        // Secondary indexes are built once from the finished tables rather than row by row as the views arrive (the
        // primary keys stay: they refuse a view written twice). Dropped and recreated in this transaction, as they were.
        var indexes = await SecondaryIndexesAsync(connection, views, ct);
        foreach (var (name, _) in indexes) await ExecuteAsync(connection, $"drop index {name}", ct);

        // Reading the next page overlaps applying and writing this one: the database and the service each get a core.
        var pages = Channel.CreateBounded<IReadOnlyList<IEvent>>(2);
        // Should applying or writing fail, the reader stops too instead of waiting on a full channel.
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => ReadAsync(pages.Writer, highWater, stopReading.Token), stopReading.Token);
        // The projections' slicers and aggregations ask for a session; nothing is ever saved through this one.
        await using var sink = store.LightweightSession();
        long applied = 0, written = 0;
        var progress = Stopwatch.StartNew();
        try
        {
            await foreach (var page in pages.Reader.ReadAllAsync(ct))
            {
                foreach (var view in views) written += await view.ApplyAsync(page, lastVersions, sink, bulk, ct);
                applied += page.Count;
                if (progress.Elapsed > TimeSpan.FromSeconds(5) || applied == total)
                {
                    await log.WriteLineAsync($"Rebuilt from {applied:N0} of {total:N0} events ({100.0 * applied / Math.Max(total, 1):F0}%), {applied / clock.Elapsed.TotalSeconds:N0} events/s");
                    progress.Restart();
                }
            }
            await reading;
        }
        finally
        {
            await stopReading.CancelAsync();
        }
        foreach (var view in views) written += await view.FlushAsync(bulk, ct);
        await log.WriteLineAsync($"Rebuilding {indexes.Count} indexes and committing");
        await ExecuteAsync(connection, "set local maintenance_work_mem = '512MB'", ct);
        foreach (var (_, definition) in indexes) await ExecuteAsync(connection, definition, ct);

        // The daemon resumes an async projection from its progression row (inline views have none): a fresh row at the
        // rebuilt position, so a pause or failure recorded before the rebuild (the reason to rebuild, often) is gone.
        foreach (var view in views.Where(v => v.Async))
        {
            writer.QueueSqlCommand($"delete from {schema}.mt_event_progression where name = ?", view.ShardName);
            writer.QueueSqlCommand(
                $"insert into {schema}.mt_event_progression (name, last_seq_id, last_updated) values (?, ?, transaction_timestamp())", view.ShardName, highWater);
        }
        await writer.SaveChangesAsync(ct);
        return new RebuildResult(applied, written, clock.Elapsed);
    }

    private async Task ReadAsync(ChannelWriter<IReadOnlyList<IEvent>> pages, long highWater, CancellationToken ct)
    {
        try
        {
            await using var reader = store.QuerySession();
            for (var from = 0L; from < highWater; from += PageSize)
            {
                var to = Math.Min(from + PageSize, highWater);
                var page = await reader.Events.QueryAllRawEvents()
                    .Where(e => e.Sequence > from && e.Sequence <= to).OrderBy(e => e.Sequence).ToListAsync(ct);
                await pages.WriteAsync(page, ct);
            }
            pages.Complete();
        }
        catch (Exception e)
        {
            pages.Complete(e);
        }
    }

    /// <summary>Every projection the store runs, each with how the rebuild feeds and writes it.</summary>
    private static List<RebuiltView> Views(StoreOptions options)
    {
        var views = new List<RebuiltView>();
        foreach (var projection in options.Projections.All)
        {
            views.Add(projection switch
            {
                SingleStreamProjection<Claim, Guid> p => new AggregateView<Claim>(p, options),
                SingleStreamProjection<Source, Guid> p => new AggregateView<Source>(p, options),
                SingleStreamProjection<Proposal, Guid> p => new AggregateView<Proposal>(p, options),
                SingleStreamProjection<ApiKey, Guid> p => new AggregateView<ApiKey>(p, options),
                SourceActivityProjection p => new AggregateView<SourceActivity>(p, options),
                SubjectEntriesProjection p => new EntriesView(p, options),
                _ => throw new InvalidOperationException(
                    $"The rebuild does not know the projection {projection.GetType().Name} ({projection.Name}): add it to {nameof(ViewRebuild)}.{nameof(Views)}."),
            });
        }
        return views;
    }

    private static async Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(NpgsqlConnection connection, List<RebuiltView> views, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select format('%I.%I', n.nspname, c.relname), pg_get_indexdef(i.indexrelid) from pg_index i " +
            "join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace " +
            "where i.indrelid = any($1::regclass[]) and not i.indisprimary", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = views.Select(v => v.Table).ToArray() });
        var indexes = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) indexes.Add((reader.GetString(0), reader.GetString(1)));
        return indexes;
    }

    private static async Task<Dictionary<Guid, long>> LastVersionsAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        var versions = new Dictionary<Guid, long>();
        await using var command = new NpgsqlCommand($"select id, version from {schema}.mt_streams", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) versions[reader.GetGuid(0)] = reader.GetInt64(1);
        return versions;
    }

    /// <summary>A statement without the default command timeout: a rebuild's or an upgrade's reads the whole ledger. Rows changed.</summary>
    internal static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    private abstract class RebuiltView(IProjectionSource<IDocumentOperations, IQuerySession> projection, string table)
    {
        public string ShardName => projection.Name + ":All";
        public bool Async => projection.Lifecycle == ProjectionLifecycle.Async;
        public string Table => table;

        /// <summary>Applies a page of events; writes the views it finished. Returns how many it wrote.</summary>
        public abstract Task<int> ApplyAsync(IReadOnlyList<IEvent> page, IReadOnlyDictionary<Guid, long> lastVersions, IDocumentSession sink, BulkStreams bulk, CancellationToken ct);

        private readonly Dictionary<Type, bool> _handles = new();

        /// <summary>The events of a page the projection takes, by its own list of event types.</summary>
        protected IReadOnlyList<IEvent> Handled(IReadOnlyList<IEvent> page)
        {
            var types = ((EventFilterable)projection).IncludedEventTypes;
            if (types.Count == 0) return page;
            return page.Where(e =>
            {
                if (!_handles.TryGetValue(e.EventType, out var handles))
                    _handles[e.EventType] = handles = types.Any(t => t.IsAssignableFrom(e.EventType));
                return handles;
            }).ToList();
        }

        /// <summary>Writes whatever is still held after the last page.</summary>
        public virtual Task<int> FlushAsync(BulkStreams bulk, CancellationToken ct) => Task.FromResult(0);
    }

    /// <summary>
    /// An aggregated view (a claim, a source, a source's activity), sliced and evolved by the projection's own rules.
    /// A view of one stream is written once that stream's last event is applied; a view gathered from many streams
    /// (one per source, few) is held until the last page.
    /// </summary>
    private sealed class AggregateView<T>(JasperFxAggregationProjectionBase<T, Guid, IDocumentOperations, IQuerySession> projection, IReadOnlyStoreOptions options)
        : RebuiltView(projection, options.Schema.For<T>()) where T : notnull
    {
        private readonly Dictionary<Guid, T> _open = new();
        private readonly bool _perStream = projection is SingleStreamProjection<T, Guid>;
        private IIdentitySetter<T, Guid>? _identities;

        public override async Task<int> ApplyAsync(IReadOnlyList<IEvent> page, IReadOnlyDictionary<Guid, long> lastVersions, IDocumentSession sink, BulkStreams bulk, CancellationToken ct)
        {
            _identities ??= (IIdentitySetter<T, Guid>)((MartenDocumentProvider<T>)sink.Database.Providers.StorageFor<T>()).Lightweight;
            var finished = new List<T>();
            var revised = new List<(Guid Id, long Version)>();
            var handled = Handled(page);
            if (handled.Count == 0) return 0;
            var groups = await projection.BuildSlicer(sink).SliceAsync(handled);
            foreach (var slice in groups.OfType<SliceGroup<T, Guid>>().SelectMany(g => g.Slices))
            {
                var events = slice.Events();
                if (events.Count == 0) continue;
                var (after, action) = await projection.DetermineActionAsync(sink, _open.GetValueOrDefault(slice.Id), slice.Id, _identities, events, ct);
                if (after is null || action == ActionType.Delete)
                {
                    _open.Remove(slice.Id);
                    continue;
                }
                projection.ApplyMetadata(after, events[^1]);
                _identities.SetIdentity(after, slice.Id);
                if (_perStream && lastVersions.GetValueOrDefault(slice.Id) <= events[^1].Version)
                {
                    _open.Remove(slice.Id);
                    finished.Add(after);
                    if (events[^1].Version > 1) revised.Add((slice.Id, events[^1].Version));
                }
                else _open[slice.Id] = after;
            }
            await bulk.InsertAsync(finished, ct);
            await ReviseAsync(bulk, revised, ct);
            return finished.Count;
        }

        /// <summary>
        /// Marten keeps a view's stream version as its revision (mt_version), which the bulk loader writes as 1: the views
        /// of streams that grew past their first event get theirs, as an append would have left it.
        /// </summary>
        private async Task ReviseAsync(BulkStreams bulk, List<(Guid Id, long Version)> revised, CancellationToken ct)
        {
            if (revised.Count == 0) return;
            await using var command = new NpgsqlCommand(
                $"update {Table} as v set mt_version = r.version from unnest($1, $2) as r(id, version) where v.id = r.id", await bulk.TransactionAsync(ct));
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = revised.Select(r => r.Id).ToArray() });
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = revised.Select(r => r.Version).ToArray() });
            await command.ExecuteNonQueryAsync(ct);
        }

        public override async Task<int> FlushAsync(BulkStreams bulk, CancellationToken ct)
        {
            var rest = _open.Values.ToList();
            _open.Clear();
            await bulk.InsertAsync(rest, ct);
            return rest.Count;
        }
    }

    /// <summary>The subject entries: what the projection inserts is collected and COPYed.</summary>
    private sealed class EntriesView(SubjectEntriesProjection projection, IReadOnlyStoreOptions options)
        : RebuiltView(projection, options.Schema.For<SubjectEntry>())
    {
        private readonly IDocumentOperations _operations = InsertCollector.Create();

        public override async Task<int> ApplyAsync(IReadOnlyList<IEvent> page, IReadOnlyDictionary<Guid, long> lastVersions, IDocumentSession sink, BulkStreams bulk, CancellationToken ct)
        {
            foreach (var e in Handled(page)) await projection.ApplyAsync(_operations, e, ct);
            var entries = InsertCollector.Take<SubjectEntry>(_operations);
            await bulk.InsertAsync(entries, ct);
            return entries.Count;
        }
    }
}

/// <summary>
/// Stands in for a session that an event projection writes new documents to: it keeps what the projection inserts,
/// for the rebuild to COPY, and refuses anything else (a projection that updates or deletes cannot be rebuilt by
/// appending its output).
/// </summary>
public class InsertCollector : System.Reflection.DispatchProxy
{
    private readonly List<object> _inserted = [];

    public static IDocumentOperations Create() => Create<IDocumentOperations, InsertCollector>();

    public static List<T> Take<T>(IDocumentOperations operations)
    {
        var collector = (InsertCollector)(object)operations;
        var taken = collector._inserted.Cast<T>().ToList();
        collector._inserted.Clear();
        return taken;
    }

    protected override object? Invoke(System.Reflection.MethodInfo? method, object?[]? args)
    {
        if (method?.Name == nameof(IDocumentOperations.Insert) && args is [System.Collections.IEnumerable documents])
        {
            foreach (var document in documents) _inserted.Add(document);
            return null;
        }
        throw new NotSupportedException(
            $"A rebuild collects the documents a projection inserts; {method?.Name} is not one of them. Rebuild that projection with 'projections rebuild'.");
    }
}

/// <summary><c>rebuild</c>: every view from the event log, in one pass (see <see cref="ViewRebuild"/>).</summary>
[Description("Rebuild every view from the event log in one pass, with the service stopped", Name = "rebuild")]
public sealed class RebuildCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        // The host is built, not started: the upgrade a start would run comes before the rebuild touches the claim view.
        await ClaimViewUpkeep.UpgradeAsync(store, host.Services.GetRequiredService<ILogger<ClaimViewUpkeep>>(), CancellationToken.None);
        var status = await AsyncProjections.StatusAsync(store, CancellationToken.None);
        if (status.DaemonLeader.Count > 0)
        {
            await Console.Error.WriteLineAsync(
                $"The service is running against this database ({string.Join(", ", status.DaemonLeader)} runs its asynchronous projections). " +
                "Stop every node before rebuilding: a running node would keep writing the views the rebuild rewrites.");
            return false;
        }
        var result = await new ViewRebuild(store, Console.Out).RunAsync(CancellationToken.None);
        await Console.Out.WriteLineAsync(
            $"Rebuilt {result.Views:N0} views from {result.Events:N0} events in {result.Elapsed.TotalMilliseconds:F0} ms ({result.EventsPerSecond:N0} events/s)");
        return true;
    }
}
