using System.Net.Http.Json;
using System.Text;

namespace ClaimsLedger.ServiceHost;

/// <summary>
/// Write requests for clients of a <see cref="ServiceProcess"/> other than its own <see cref="ServiceProcess.Http"/>
/// (load drivers with their own connection pools): each carries the harness key every started service accepts.
/// </summary>
public static class ServiceKey
{
    /// <summary>A JSON write request carrying the key.</summary>
    public static HttpRequestMessage Post(string path, object body) => Signed(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) });

    /// <summary>A JSON write request from a body already serialized.</summary>
    public static HttpRequestMessage PostJson(string path, string json) =>
        Signed(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    public static HttpRequestMessage Signed(HttpRequestMessage request)
    {
        request.Headers.Add(ServiceProcess.KeyHeader, ServiceProcess.HarnessSecret);
        return request;
    }
}
