using System.Threading.Channels;
using Marten;

namespace ClaimsLedger.Hosting;

/// <summary>
/// Commits the writes of concurrent requests in shared transactions. Two writers each take every write waiting (up to
/// <see cref="MaxBatch"/>) into one session and one transaction; while they commit, the writes that arrive wait for
/// the next. A request is answered only once the transaction holding its write has committed, so an acknowledged
/// write is as durable as before, and on a quiet ledger each write commits alone, with no added wait.
/// <para>
/// A group holds at most one write to a stream (a second waits for the next group, so it meets the first's outcome
/// as it would alone), and it writes its streams in one order, by id, so two groups committing at once take their
/// row locks in the same order instead of deadlocking until PostgreSQL's deadlock_timeout.
/// </para>
/// <para>
/// Why: a transaction's round trips, its commit (a WAL flush) and a Marten session's work are paid per transaction,
/// and they were most of what a single append cost. Measured on a 1M ledger, 16 writers, `wrk`, after 25-30 s of
/// warm-up: 974-1,026 appends/s with a transaction per request, 1,913 with two writers, 2,036 with one; PostgreSQL's
/// CPU per append 0.87-0.95 ms against 0.42 (two writers) and 0.32 ms (one). Two writers, not one, because a write
/// that waits on the disk holds up its whole group: claims under ids of the client's own that fall all over the
/// ledger's indexes (ids made long ago) ran at 1,011/s a transaction each, 605/s with one writer, 922/s with two and
/// 750/s with four.
/// </para>
/// </summary>
public sealed class GroupCommit : IAsyncDisposable
{
    public const int MaxBatch = 64;

    private sealed record Pending(Guid Stream, Action<IDocumentSession> Write, TaskCompletionSource Committed);

    private readonly Channel<Pending> _waiting = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly IDocumentStore _store;
    private readonly ILogger<GroupCommit> _log;
    private readonly Task[] _writers;

    public GroupCommit(IDocumentStore store, ILogger<GroupCommit> log)
    {
        _store = store;
        _log = log;
        _writers = [Task.Run(WriteAsync), Task.Run(WriteAsync)];
    }

    /// <summary>
    /// Applies <paramref name="write"/> to a session that commits with the writes of other requests, and returns once
    /// it has committed. A request with an <c>Idempotency-Key</c> writes in its own session instead
    /// (<paramref name="requestSession"/>, committed by Wolverine's transactional middleware): its stored answer must
    /// commit in the same transaction as its events (<see cref="Idempotency"/>).
    /// </summary>
    public Task WriteAsync(IDocumentSession requestSession, HttpContext http, Guid stream, Action<IDocumentSession> write)
    {
        if (http.Request.Headers.ContainsKey(Idempotency.Header))
        {
            write(requestSession);
            return Task.CompletedTask;
        }
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_waiting.Writer.TryWrite(new Pending(stream, write, committed)))
            throw new OperationCanceledException("The service is stopping and takes no more writes.");
        return committed.Task;
    }

    private async Task WriteAsync()
    {
        // Writes to a stream the group already holds, in the order they came, for this writer's next group.
        var held = new List<Pending>();
        while (held.Count > 0 || await _waiting.Reader.WaitToReadAsync())
        {
            var group = new List<Pending>(MaxBatch);
            var streams = new HashSet<Guid>();
            var later = new List<Pending>();
            foreach (var p in held) (group.Count < MaxBatch && streams.Add(p.Stream) ? group : later).Add(p);
            while (group.Count < MaxBatch && _waiting.Reader.TryRead(out var next)) (streams.Add(next.Stream) ? group : later).Add(next);
            held = later;
            group.Sort((a, b) => a.Stream.CompareTo(b.Stream));
            if (group.Count > 0) await CommitOrSplitAsync(group);
        }
    }

    /// <summary>
    /// A failed group is split in halves and each half tried again, down to single writes, which meet the exception
    /// they would have met alone: one refused write among n costs about 2·log2(n) transactions, not n. An outage is
    /// not split: no write caused it, and trying 2n-1 transactions against a database that is down would only hold
    /// every request in the group back from its 503.
    /// </summary>
    private async Task CommitOrSplitAsync(List<Pending> group)
    {
        try
        {
            await CommitAsync(group);
            foreach (var p in group) p.Committed.TrySetResult();
        }
        catch (Exception failure) when (group.Count > 1 && !ErrorAnswers.IsOutage(failure))
        {
            _log.LogDebug(failure, "A group of {Count} writes failed; trying each half again", group.Count);
            await CommitOrSplitAsync(group[..(group.Count / 2)]);
            await CommitOrSplitAsync(group[(group.Count / 2)..]);
        }
        catch (Exception failure)
        {
            foreach (var p in group) p.Committed.TrySetException(failure);
        }
    }

    private async Task CommitAsync(IReadOnlyList<Pending> group)
    {
        // Not the request's cancellation: a write handed over is committed or refused, whether or not its caller waits.
        await using var session = _store.LightweightSession();
        foreach (var p in group) p.Write(session);
        await session.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Writes already handed over are committed before the service stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }
}
