using JasperFx.Core;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events.Daemon.Coordination;
using Marten.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Polly;
using Polly.Retry;

namespace ClaimsLedger.Hosting;

/// <summary>
/// Hot/cold leadership of the async daemon, as Marten runs it, on a lock that does not keep a snapshot open.
/// </summary>
/// <remarks>
/// Marten's own lock (Weasel's <c>AdvisoryLock</c> over DistributedLock) holds the advisory lock in an open transaction
/// whose last statement keeps its snapshot, or parks the connection in a one-minute <c>pg_sleep</c> (its connection
/// monitor), which keeps one too. While a node led, PostgreSQL could therefore remove no row version younger than that
/// snapshot anywhere in the database: not by vacuum, not by pruning a page on the way. Measured on a 100k ledger under
/// 16 writers: the activity view (2,500 rows) carried 40,000-65,000 dead versions, its upsert took 349 µs instead of
/// 18 µs, and PostgreSQL spent 0.61 ms of CPU per append against 0.53 ms with this lock. Without monitoring the
/// snapshot stayed for as long as the node led, so the whole database would only ever grow. <see cref="LeadershipLock"/>
/// takes the same lock and holds no snapshot.
/// </remarks>
public static class DaemonLeadership
{
    /// <summary>Runs the daemon's hot/cold coordination on <see cref="LeadershipLock"/> instead of Marten's lock.</summary>
    public static void Use(IServiceCollection services, string connectionString)
    {
        services.AddSingleton(new LeadershipConnection(connectionString));
        services.Replace(ServiceDescriptor.Singleton<Marten.Events.Daemon.Coordination.IProjectionCoordinator, LedgerProjectionCoordinator>());
    }
}

/// <summary>Where the leadership lock's own connection goes: the ledger's database, outside the pool.</summary>
public sealed record LeadershipConnection(string ConnectionString);

/// <summary>
/// The async daemon's leadership lock: <c>pg_try_advisory_xact_lock</c> in a transaction on a connection that nothing
/// else uses, so it works behind PgBouncer in transaction mode as Marten's does. A statement's snapshot lives as long as
/// its portal, which in an open transaction is until another statement replaces it; so every statement after the
/// lock is a savepoint, which takes no snapshot, and the session sits idle in its transaction holding none. The
/// connection is never pooled: closed, it is gone, and the lock with it, whatever state the node is in. A cold node
/// keeps the connection of its last failed attempt for the next, so it does not start a server process every poll. A
/// check every poll that fails (the database restarted, the network dropped) marks the lock lost, and the coordinator
/// stops the node's agents unless it wins the lock back.
/// </summary>
public sealed class LeadershipLock : IAdvisoryLock
{
    private const string Check = "savepoint leadership_check; release savepoint leadership_check";

    private readonly string _connectionString;
    private readonly TimeSpan _checkEvery;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Held> _held = [];
    private NpgsqlConnection? _spare;

    public LeadershipLock(string connectionString, TimeSpan checkEvery, ILogger logger)
    {
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 5 }.ConnectionString;
        (_checkEvery, _logger) = (checkEvery, logger);
    }

    private sealed class Held(NpgsqlConnection connection)
    {
        public NpgsqlConnection Connection { get; } = connection;
        public CancellationTokenSource Stop { get; } = new();
        public Task Checks { get; set; } = Task.CompletedTask;
        public volatile bool Lost;
    }

    public bool HasLock(int lockId)
    {
        lock (_gate) return _held.TryGetValue(lockId, out var held) && !held.Lost;
    }

    public async Task<bool> TryAttainLockAsync(int lockId, CancellationToken token)
    {
        Held? lost;
        lock (_gate)
        {
            if (_held.TryGetValue(lockId, out lost) && !lost.Lost) return true;
            _held.Remove(lockId);
        }
        if (lost is not null) await LetGoAsync(lost);

        NpgsqlConnection connection;
        lock (_gate) (connection, _spare) = (_spare ?? new NpgsqlConnection(_connectionString), null);
        try
        {
            if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(token);
            var transaction = await connection.BeginTransactionAsync(token);
            await using var attempt = new NpgsqlCommand("select pg_try_advisory_xact_lock($1)", connection) { Parameters = { new() { Value = (long)lockId } } };
            if (await attempt.ExecuteScalarAsync(token) is not true)
            {
                await transaction.RollbackAsync(token);
                await transaction.DisposeAsync();
                NpgsqlConnection? extra;
                lock (_gate) (extra, _spare) = (_spare, connection);
                if (extra is not null) await extra.DisposeAsync();
                return false;
            }
            await using var release = new NpgsqlCommand(Check, connection);
            await release.ExecuteNonQueryAsync(token);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        var held = new Held(connection);
        held.Checks = CheckAsync(held, lockId);
        lock (_gate) _held[lockId] = held;
        return true;
    }

    private async Task CheckAsync(Held held, int lockId)
    {
        try
        {
            using var timer = new PeriodicTimer(_checkEvery);
            while (await timer.WaitForNextTickAsync(held.Stop.Token))
            {
                await using var command = new NpgsqlCommand(Check, held.Connection);
                await command.ExecuteNonQueryAsync(held.Stop.Token);
            }
        }
        catch (OperationCanceledException) when (held.Stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            held.Lost = true;
            _logger.LogWarning(e, "Lost the async daemon's leadership lock {LockId}: its connection failed a check", lockId);
        }
    }

    public async Task ReleaseLockAsync(int lockId)
    {
        Held? held;
        lock (_gate)
            if (!_held.Remove(lockId, out held)) return;
        await LetGoAsync(held);
    }

    /// <summary>Closing the connection ends its session, its transaction and so the lock.</summary>
    private static async Task LetGoAsync(Held held)
    {
        await held.Stop.CancelAsync();
        await held.Checks;
        await held.Connection.DisposeAsync();
        held.Stop.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        int[] ids;
        NpgsqlConnection? spare;
        lock (_gate) (ids, spare, _spare) = (_held.Keys.ToArray(), _spare, null);
        foreach (var id in ids) await ReleaseLockAsync(id);
        if (spare is not null) await spare.DisposeAsync();
    }
}

/// <summary>
/// Marten's hot/cold projection coordinator (<c>ProjectionCoordinator</c>: one lock per async projection, the same lock
/// ids, the same polling), with <see cref="LeadershipLock"/> in place of Marten's lock. Nodes on either lock exclude
/// each other: both take the same advisory lock key.
/// </summary>
public sealed class LedgerProjectionCoordinator : ProjectionCoordinatorBase, Marten.Events.Daemon.Coordination.IProjectionCoordinator, IAsyncDisposable
{
    private readonly DocumentStore _store;
    private readonly ILogger _daemonLogger;
    private readonly Lock _daemonGate = new();
    private IProjectionDaemon? _daemon;
    private int _disposed;

    /// <summary>
    /// The daemon Marten runs for us logs under Marten's own category (a line an event batch at Information, about ten
    /// a second under load), so the service's logging settings for Marten hold for it; the ledger's lock logs as itself.
    /// </summary>
    public LedgerProjectionCoordinator(IDocumentStore store, LeadershipConnection connection, ILogger<LedgerProjectionCoordinator> logger,
        ILoggerFactory loggers)
        : this(store, connection, logger, loggers.CreateLogger("Marten.Events.Daemon"))
    {
    }

    private LedgerProjectionCoordinator(IDocumentStore store, LeadershipConnection connection, ILogger logger, ILogger daemonLogger)
        : base(BuildDistributor((DocumentStore)store, connection, logger), daemonLogger, Retries, ((DocumentStore)store).Options.Events.TimeProvider,
            ((DocumentStore)store).Options.Projections.LeadershipPollingTime.Milliseconds(),
            ((DocumentStore)store).Options.Projections.AgentPauseTime,
            ((DocumentStore)store).Options.Projections.HealthCheckPollingTime)
    {
        (_store, _daemonLogger) = ((DocumentStore)store, daemonLogger);
    }

    /// <summary>Starting an agent is retried on a database error, as Marten's own pipeline does.</summary>
    private static readonly ResiliencePipeline Retries = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>().Handle<TimeoutException>(),
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(50),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();

    private static SingleTenantProjectionDistributor BuildDistributor(DocumentStore store, LeadershipConnection connection, ILogger logger)
    {
        var projections = store.Options.Projections;
        var checkEvery = projections.LeadershipPollingTime.Milliseconds();
        return new SingleTenantProjectionDistributor(
            () => (IProjectionDatabase)store.Storage.Database,
            () => projections.AllShards().Select(shard => shard.Name),
            _ => new LeadershipLock(connection.ConnectionString, checkEvery, logger),
            (database, names, lockId) => new ProjectionSet(lockId, (MartenDatabase)database, names),
            store.Options.Events.DatabaseSchemaName,
            projections.DaemonLockId);
    }

    protected override IProjectionDaemon ResolveDaemon(IProjectionSet set) => DaemonForMainDatabase();

    protected override IReadOnlyList<IProjectionDaemon> ResolvedDaemons()
    {
        lock (_daemonGate) return _daemon is null ? [] : [_daemon];
    }

    protected override void ClearResolvedDaemons()
    {
        lock (_daemonGate) _daemon = null;
    }

    public override IProjectionDaemon DaemonForMainDatabase()
    {
        lock (_daemonGate)
            // The store has made its event storage by the time anything asks (it applies all changes on startup), so
            // this completes without waiting on the database.
            return _daemon ??= _store.BuildProjectionDaemonAsync(logger: _daemonLogger).AsTask().GetAwaiter().GetResult();
    }

    public override ValueTask<IProjectionDaemon> DaemonForDatabase(string databaseIdentifier) => ValueTask.FromResult(DaemonForMainDatabase());

    public override ValueTask<IReadOnlyList<IProjectionDaemon>> AllDaemonsAsync() =>
        ValueTask.FromResult<IReadOnlyList<IProjectionDaemon>>([DaemonForMainDatabase()]);

    /// <summary>A host disposed without being stopped still lets go of the lock, while the store's connections live.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) await StopAsync(CancellationToken.None);
    }
}
