using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace ClaimsLedger.Sources;

/// <summary>The words a claim's quote must be found in.</summary>
public sealed record SourceText(Guid Id, string Text);

/// <summary>
/// Every claim write checks its quote against its source's text. A source's id is the hash of its text, so the text
/// under an id never changes and can be kept in memory: writes then skip loading an article of up to 200,000
/// characters. Only committed registrations are ever read, so a cached text is always one the ledger holds; the
/// cache is bounded by characters, so memory stays flat however many sources the ledger has.
/// </summary>
public sealed class SourceTexts : IDisposable
{
    /// <summary>About 64 MB of UTF-16 text.</summary>
    public const long MaxCachedCharacters = 32_000_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxCachedCharacters });

    public async Task<SourceText?> FindAsync(IQuerySession session, Guid id, CancellationToken ct = default) =>
        _cache.TryGetValue(id, out SourceText? known) ? known
        : await session.LoadAsync<Source>(id, ct) is { } source ? Keep(source) : null;

    public async Task<Dictionary<Guid, SourceText>> FindManyAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var found = new Dictionary<Guid, SourceText>();
        var missing = new List<Guid>();
        foreach (var id in ids.Distinct())
            if (_cache.TryGetValue(id, out SourceText? known)) found[id] = known!;
            else missing.Add(id);
        if (missing.Count > 0)
            foreach (var source in await session.LoadManyAsync<Source>(ct, missing))
                found[source.Id] = Keep(source);
        return found;
    }

    private SourceText Keep(Source source)
    {
        var text = new SourceText(source.Id, source.Text);
        _cache.Set(source.Id, text, new MemoryCacheEntryOptions { Size = Math.Max(1, source.Text.Length) });
        return text;
    }

    public void Dispose() => _cache.Dispose();
}
