using System.Security.Cryptography;
using System.Text;
using ClaimsLedger.Common;
using JasperFx.Events;

namespace ClaimsLedger.Access;

/// <summary>A key was issued: only the SHA-256 of its secret is kept, never the secret.</summary>
public sealed record ApiKeyIssued(Guid KeyId, string Name, string Role, string Sha256, string Actor);

public sealed record ApiKeyRevoked(Guid KeyId, string Name, string? Reason, string Actor);

/// <summary>
/// An API key issued by the admin command, as it stands (an inline snapshot of its stream). A key's name is its
/// identity on every event it writes ("key:NAME"), so a name is never given to a second key, even after revocation.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
    public string IssuedBy { get; set; } = "";
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public string? RevocationReason { get; set; }

    public bool Revoked => RevokedAt is not null;

    public static Guid IdFor(string name) => NameBasedId.From("api-key:" + name);

    public static ApiKey Create(IEvent<ApiKeyIssued> e) => new()
    {
        Id = e.Data.KeyId, Name = e.Data.Name, Role = e.Data.Role, Sha256 = e.Data.Sha256, IssuedAt = e.Timestamp, IssuedBy = e.Data.Actor, Version = e.Version,
    };

    public void Apply(IEvent<ApiKeyRevoked> e)
    {
        Version = e.Version;
        RevokedAt = e.Timestamp;
        RevokedBy = e.Data.Actor;
        RevocationReason = e.Data.Reason;
    }
}

/// <summary>Secrets and their hashes: the one place that knows how a secret is made and how it is stored.</summary>
public static class ApiKeySecret
{
    public const string Header = "X-Api-Key";

    /// <summary>256 random bits, URL-safe, with a prefix that makes a leaked key easy to recognise in logs and scanners.</summary>
    public static string New() => "cl_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Lower-case hex SHA-256 of the UTF-8 secret: what configuration and the database hold.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool IsHash(string? text) => text is { Length: 64 } && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>Equal hashes, compared in constant time.</summary>
    public static bool SameHash(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
