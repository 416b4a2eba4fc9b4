using System.Net.Http.Json;
using System.Text;

namespace ClaimsLedger.ServiceHost;

/// <summary>
/// JSON write requests. They carry no key of their own: every client of a started service sends the harness key
/// (<see cref="ServiceProcess.Http"/>, and the benchmarks' load-driver clients).
/// </summary>
public static class JsonRequests
{
    public static HttpRequestMessage Post(string path, object body) => new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };

    /// <summary>A write from a body already serialized.</summary>
    public static HttpRequestMessage PostJson(string path, string json) =>
        new(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
