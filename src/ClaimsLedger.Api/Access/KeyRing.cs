using System.Collections.Concurrent;
using Marten;

namespace ClaimsLedger.Access;

/// <summary>Who a caller is: the identity recorded as the actor of its writes, its role, and its own rate limit if it has one.</summary>
public sealed record Caller(string Identity, string Role, double? RequestsPerSecond = null);

/// <summary>A key configured without a database: <c>Ledger:Auth:Keys:NAME:Role</c>, <c>:Sha256</c>, optional <c>:RequestsPerSecond</c>.</summary>
public sealed record ConfiguredKey(string Name, string Role, string Sha256, double? RequestsPerSecond);

/// <summary>
/// Every key the service accepts: keys from configuration (hashed), keys this process made for itself (the seed
/// loader's, in memory only) and keys issued by the admin command (hashed, in the database). A secret is hashed once
/// and compared with every in-memory hash in constant time; database keys are found by their hash's index.
/// </summary>
public sealed class KeyRing
{
    public const string Section = "Ledger:Auth:Keys";

    private readonly IDocumentStore _store;
    private readonly IReadOnlyList<(string Sha256, Caller Caller)> _configured;
    private readonly ConcurrentDictionary<string, Caller> _system = new();

    public KeyRing(IConfiguration configuration, IDocumentStore store)
    {
        _store = store;
        _configured = Configured(configuration).Select(k => (k.Sha256, new Caller("key:" + k.Name, k.Role, k.RequestsPerSecond))).ToList();
    }

    /// <summary>The keys in configuration; a key with a wrong role or hash stops the service with a message saying which.</summary>
    public static IReadOnlyList<ConfiguredKey> Configured(IConfiguration configuration)
    {
        var keys = new List<ConfiguredKey>();
        foreach (var entry in configuration.GetSection(Section).GetChildren())
        {
            var role = entry["Role"];
            var hash = entry["Sha256"]?.Trim().ToLowerInvariant();
            if (!Roles.IsRole(role))
                throw new InvalidOperationException($"{Section}:{entry.Key}:Role must be one of {string.Join(", ", Roles.All)}");
            if (!ApiKeySecret.IsHash(hash))
                throw new InvalidOperationException($"{Section}:{entry.Key}:Sha256 must be the 64 hex digits of the SHA-256 of the key's secret");
            double? limit = double.TryParse(entry["RequestsPerSecond"], System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : null;
            keys.Add(new ConfiguredKey(entry.Key, role!, hash!, limit));
        }
        return keys;
    }

    /// <summary>
    /// A key that lives only as long as this process, for the service's own writes through its API (the seed loader):
    /// the secret is returned to the caller and never stored anywhere, its hash is kept in memory.
    /// </summary>
    public string IssueSystemKey(string identity, string role)
    {
        var secret = ApiKeySecret.New();
        _system[ApiKeySecret.Hash(secret)] = new Caller(identity, role, RequestsPerSecond: 0);
        return secret;
    }

    /// <summary>The caller a secret belongs to, or null with why it was refused.</summary>
    public async Task<(Caller? Caller, string? Refusal)> FindAsync(string secret, CancellationToken ct)
    {
        if (secret.Length is 0 or > 200) return (null, "The X-Api-Key is not a key this ledger issued.");
        var hash = ApiKeySecret.Hash(secret);

        Caller? found = null;
        // No early exit: the time taken does not depend on which configured key matched.
        foreach (var (sha256, caller) in _configured)
            if (ApiKeySecret.SameHash(sha256, hash)) found = caller;
        if (found is not null) return (found, null);
        if (_system.TryGetValue(hash, out var system)) return (system, null);

        await using var session = _store.QuerySession();
        var issued = await session.Query<ApiKey>().FirstOrDefaultAsync(k => k.Sha256 == hash, ct);
        if (issued is null) return (null, "The X-Api-Key is not a key this ledger issued.");
        if (issued.Revoked) return (null, $"The key '{issued.Name}' was revoked on {issued.RevokedAt:yyyy-MM-dd HH:mm} UTC.");
        return (new Caller("key:" + issued.Name, issued.Role), null);
    }
}
