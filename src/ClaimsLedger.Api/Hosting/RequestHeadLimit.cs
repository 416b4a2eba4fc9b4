using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ClaimsLedger.Hosting;

/// <summary>
/// The longest address (path and query), the most header bytes and the most headers the ledger reads: 8 KiB, 32 KiB
/// and 100, Kestrel's own defaults. Kestrel answers a request past its limits itself, before the service sees it, with
/// an empty 414 or 431 that tells the client nothing; so Kestrel's limits are set higher (<see cref="Configure"/>) and
/// the service refuses what lies between with problem details naming the part at fault. Past Kestrel's limits its bare
/// answer remains: they only bound what a connection may make the server hold.
/// </summary>
public static class RequestHeadLimit
{
    public const int MaxAddressBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;

    public static void Configure(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = 8 * MaxAddressBytes;
        limits.MaxRequestHeadersTotalSize = 4 * MaxHeaderBytes;
        limits.MaxRequestHeaderCount = 4 * MaxHeaderCount;
    }

    public static async Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        if ((TooLong(http) ?? TooManyHeaders(http)) is { } problem) await Results.Problem(problem).ExecuteAsync(http);
        else await next();
    }

    private static ProblemDetails? TooLong(HttpContext http)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : http.Request.Path + http.Request.QueryString;
        var length = Encoding.UTF8.GetByteCount(target);
        if (length <= MaxAddressBytes) return null;

        // The part to shorten: the longest query parameter, or the path when it is longer than any of them.
        var query = target.IndexOf('?') is var at and >= 0 ? target[(at + 1)..] : "";
        var (field, partLength) = query.Split('&')
            .Select(p => (Field: Uri.UnescapeDataString(p.Split('=')[0].Replace('+', ' ')) is { Length: > 0 } name ? name : "query", Length: Encoding.UTF8.GetByteCount(p)))
            .Append((Field: "path", Length: length - Encoding.UTF8.GetByteCount(query)))
            .MaxBy(p => p.Length);
        return new ProblemDetails
        {
            Status = StatusCodes.Status414UriTooLong,
            Title = "The address is too long",
            Detail = $"The address (path and query) is {length:N0} bytes, of which {field switch { "path" => "the path", "query" => "a value without a name", _ => $"the query parameter {field}" }} " +
                     $"takes {partLength:N0}; this ledger reads addresses of at most {MaxAddressBytes:N0} bytes. Nothing was written.",
            Type = "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.15",
            Extensions = { ["field"] = field },
        };
    }

    private static ProblemDetails? TooManyHeaders(HttpContext http)
    {
        // Counted as Kestrel counts them: each header's name and values, and a header sent twice as two; on every
        // request, so without allocating.
        var (count, total, largest, largestLength) = (0, 0, "", 0);
        foreach (var (name, values) in http.Request.Headers)
        {
            count += Math.Max(1, values.Count);
            var length = name.Length;
            foreach (var value in values) length += Encoding.UTF8.GetByteCount(value ?? "");
            total += length;
            if (length > largestLength) (largest, largestLength) = (name, length);
        }
        if (count > MaxHeaderCount) return HeadersTooLarge("headers",
            $"The request has {count} headers; this ledger reads at most {MaxHeaderCount}. Nothing was written.");
        if (total <= MaxHeaderBytes) return null;
        return HeadersTooLarge(largest, $"The headers are {total:N0} bytes, of which {largest} takes {largestLength:N0}; this ledger reads at most " +
                                        $"{MaxHeaderBytes:N0} bytes of headers. Nothing was written.");
    }

    private static ProblemDetails HeadersTooLarge(string field, string detail) => new()
    {
        Status = StatusCodes.Status431RequestHeaderFieldsTooLarge,
        Title = "The request's headers are too large",
        Detail = detail,
        Type = "https://datatracker.ietf.org/doc/html/rfc6585#section-5",
        Extensions = { ["field"] = field },
    };
}
