using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;

namespace ClaimsLedger.ServiceHost;

/// <summary>
/// The one place where the tests and the load driver authenticate their writes: a service key configured on the
/// service through its environment (hashed, as the auth contract has it) and sent as X-Api-Key on every write.
/// </summary>
public static class ServiceKey
{
    public const string Name = "tests";
    public const string Header = "X-Api-Key";
    public const string Secret = "claimsledger-reliability-tests-not-a-production-secret";

    /// <summary>Settings that give the service this key with the admin role.</summary>
    public static IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        [$"Ledger__Auth__Keys__{Name}__Role"] = "admin",
        [$"Ledger__Auth__Keys__{Name}__Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Secret))),
    };

    /// <summary>The service's settings plus this key.</summary>
    public static Dictionary<string, string?> With(IDictionary<string, string?> environment)
    {
        var all = new Dictionary<string, string?>(environment);
        foreach (var (key, value) in Environment) all[key] = value;
        return all;
    }

    /// <summary>A JSON write request carrying the key.</summary>
    public static HttpRequestMessage Post(string path, object body) => Signed(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) });

    /// <summary>A JSON write request from a body already serialized.</summary>
    public static HttpRequestMessage PostJson(string path, string json) =>
        Signed(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    public static HttpRequestMessage Signed(HttpRequestMessage request)
    {
        request.Headers.Add(Header, Secret);
        return request;
    }
}
