using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimsLedger.Common;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Hosting;

/// <summary>
/// Every write of this API takes a JSON object. A body that is empty, null, an array or a bare value is refused here,
/// once for all endpoints, before any endpoint sees a command that is not there.
/// </summary>
public static class RequireJsonObject
{
    public static async Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        // Only a write that reached one of the API's endpoints: an address or method the API does not have is a 404 or
        // 405 whatever its body, never a complaint about the body of a request that could not succeed anyway.
        var write = HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method) || HttpMethods.IsPatch(http.Request.Method);
        if (!write || http.GetEndpoint()?.Metadata.GetMetadata<HttpChain>() is not { } chain)
        {
            await next();
            return;
        }
        if (!chain.HasRequestType)
        {
            await NoBodyAsync(http, next);
            return;
        }

        // A body declared in another charset is refused before it is read as UTF-8, which would misread it or refuse
        // its text as malformed.
        if (Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
            && type.Charset is { HasValue: true } charset && !IsUtf8(charset.Value!.Trim('"')))
        {
            await UnsupportedAsync(http, "Content-Type", $"Send the body in UTF-8, the encoding of JSON (RFC 8259), with the header Content-Type: application/json; it was declared {charset}.");
            return;
        }
        // A media type is named in any case (RFC 9110, 8.3.1), and every +json type (a correction sent as
        // application/merge-patch+json) is JSON too; Wolverine reads "application/json" as written, so they reach it so.
        if (type is not null && IsJson(type) && type.MediaType.Value != "application/json")
        {
            type.MediaType = "application/json";
            http.Request.ContentType = type.ToString();
        }

        // The decompression middleware unpacks gzip, deflate and br and takes their Content-Encoding off; one still here is
        // a coding it does not know, or several stacked, whose bytes would be refused as malformed JSON.
        if (http.Request.Headers.ContentEncoding is { Count: > 0 } coding && !IsIdentity(coding))
        {
            http.Response.Headers.AcceptEncoding = Decodable;
            await UnsupportedAsync(http, "Content-Encoding", $"Send the body uncompressed, or compressed with one of {Decodable} named in Content-Encoding; it was declared {coding}.");
            return;
        }

        http.Request.EnableBuffering();
        ProblemDetails problem;
        try
        {
            var first = await FirstSignificantByteAsync(http.Request.Body, http.RequestAborted);
            if (first == '{')
            {
                // Buffered whole before the endpoint reads it, so a refusal can read it again without waiting on the client.
                if (!await BufferMayHoldUnstorableTextAsync(http.Request.Body, http.RequestAborted) || LedgerJson.UnstorableText(BufferedBody(http)) is not { } unstorable)
                {
                    http.Request.Body.Position = 0;
                    await next();
                    return;
                }
                problem = Problems.Invalid(unstorable.Field, unstorable.Reason);
            }
            else problem = Problems.Invalid("body", first < 0 ? "is required: a JSON object" : "must be a JSON object");
        }
        catch (Exception e) when (Undecodable(e))
        {
            problem = Problems.Invalid("body", NotInItsCoding);
        }
        await Results.Problem(problem).ExecuteAsync(http);
    }

    /// <summary>
    /// An action on what the address names (run the extractor on a source, look for its syndicated copies) reads no body:
    /// none is needed, and {} (what the dashboard sends) is taken as none. One with fields is refused naming the first,
    /// as an unknown field of any other body is, rather than ignored: <c>{"extractor": "v2"}</c> would not be heeded.
    /// </summary>
    private static async Task NoBodyAsync(HttpContext http, Func<Task> next)
    {
        http.Request.EnableBuffering();
        string text;
        try
        {
            using var reader = new StreamReader(http.Request.Body, leaveOpen: true);
            text = await reader.ReadToEndAsync(http.RequestAborted);
        }
        catch (Exception e) when (Undecodable(e))
        {
            await Results.Problem(Problems.Invalid("body", NotInItsCoding)).ExecuteAsync(http);
            return;
        }
        http.Request.Body.Position = 0;
        JsonNode? sent = null;
        var empty = string.IsNullOrWhiteSpace(text.TrimStart('\uFEFF'));
        if (!empty)
            try { sent = JsonNode.Parse(text); }
            catch (Exception e) when (e is JsonException or ArgumentException) { }   // not JSON, or a field given twice
        if (empty || sent is JsonObject { Count: 0 })
        {
            // {} is no body: a retry under the same Idempotency-Key is the same request whichever of the two it sends.
            http.Request.Body = Stream.Null;
            http.Request.ContentLength = 0;
            await next();
        }
        else await Results.Problem(sent is JsonObject { Count: > 0 } fields
            ? Problems.Invalid(fields.First().Key, "is not a field this API knows; this request takes no body (send none, or {})")
            : Problems.Invalid("body", "must be empty or {}: this request takes no body")).ExecuteAsync(http);
    }

    /// <summary>A 415 naming the header whose declaration the body cannot be read under.</summary>
    private static Task UnsupportedAsync(HttpContext http, string header, string detail) => Results.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status415UnsupportedMediaType,
        Detail = $"{detail} Nothing was written.",
        Extensions = { ["field"] = header },
    }).ExecuteAsync(http);

    private const string NotInItsCoding = "cannot be decompressed: it is not in the coding its Content-Encoding declares";

    /// <summary>The codings ASP.NET Core's request decompression unpacks by default, answered in Accept-Encoding (RFC 9110, 12.5.3).</summary>
    private const string Decodable = "gzip, deflate, br";

    private static bool IsIdentity(Microsoft.Extensions.Primitives.StringValues coding) =>
        coding.Count == 1 && coding[0]!.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A decoder's refusal of the bytes: gzip and deflate throw InvalidDataException, Brotli an InvalidOperationException,
    /// both from System.IO.Compression; nothing else reading a body throws either from there.
    /// </summary>
    private static bool Undecodable(Exception e) =>
        e is InvalidDataException or InvalidOperationException && e.TargetSite?.DeclaringType?.Namespace == "System.IO.Compression";

    private static bool IsJson(Microsoft.Net.Http.Headers.MediaTypeHeaderValue type) =>
        type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);

    /// <summary>UTF-8 under its names, and US-ASCII, whose every text is UTF-8 too.</summary>
    private static bool IsUtf8(string charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
        || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads the body to its end, so it is buffered whole; whether it holds an escape that may stand for text the ledger
    /// cannot store (U+0000, half a surrogate pair), which only then is looked for field by field.
    /// </summary>
    private static async Task<bool> BufferMayHoldUnstorableTextAsync(Stream body, CancellationToken ct)
    {
        body.Position = 0;
        // Every write passes here: a pooled buffer, as the drain it replaced used.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var (kept, found) = (0, false);
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(kept), ct)) > 0)
            {
                var filled = kept + read;
                found = found || LedgerJson.MayHoldUnstorableText(buffer.AsSpan(0, filled));
                // An escape split between two reads is found with the next: the last bytes are kept in front of it.
                kept = Math.Min(LedgerJson.UnstorableEscapeLength - 1, filled);
                buffer.AsSpan(filled - kept, kept).CopyTo(buffer);
            }
            return found;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The body of a write as buffered above (empty for any other request): read from memory or disk, never the client.</summary>
    public static byte[] BufferedBody(HttpContext http)
    {
        var body = http.Request.Body;
        if (!body.CanSeek) return [];
        body.Position = 0;
        using var copy = new MemoryStream();
        body.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The first byte that is not white space or a UTF-8 byte order mark; -1 for an empty body.</summary>
    private static async Task<int> FirstSignificantByteAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[256];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
            for (var i = 0; i < read; i++)
                if (buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)) return buffer[i];
        return -1;
    }
}
