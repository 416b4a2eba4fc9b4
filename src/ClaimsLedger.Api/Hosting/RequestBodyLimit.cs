using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace ClaimsLedger.Hosting;

/// <summary>
/// The largest request body the ledger reads (<c>Ledger:Limits:MaxRequestBodyBytes</c>, 16 MiB by default): enough for
/// the longest article (200,000 characters) and for an import of the most claims one import takes. A larger declared
/// length is refused before anything is read; a chunked body is cut off where it passes the limit, under Kestrel by
/// its own limit and under any other server by the stream below, and a compressed body where it passes the limit as
/// unpacked. Either way: 413 problem details, nothing appended.
/// </summary>
public static class RequestBodyLimit
{
    public const string Key = "Ledger:Limits:MaxRequestBodyBytes";
    public const long Default = 16 * 1024 * 1024;

    public static long From(IConfiguration configuration) => configuration.GetValue(Key, Default);

    public static Func<HttpContext, Func<Task>, Task> Middleware(long max) => async (http, next) =>
    {
        if (http.Request.ContentLength > max)
        {
            await Results.Problem(TooLarge(max)).ExecuteAsync(http);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = max;
        // Counted as read as well: a chunked body, which declares no length, and a compressed one, whose declared length
        // is of its packed bytes, are cut off where what the endpoint reads passes the limit. A request that can have no
        // body (a GET, most of them) is left alone.
        if (http.Request.ContentLength is not 0 && http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
            http.Request.Body = new LimitedStream(http.Request.Body, max);
        await next();
    };

    public static ProblemDetails TooLarge(long max) => TooLarge($"This ledger reads at most {max} bytes per request.");

    /// <summary>The answer to a body over the limit, whoever noticed it (this middleware, Kestrel or the stream below).</summary>
    public static ProblemDetails TooLarge(string limit) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "The request body is too large",
        Detail = $"{limit} An article may have at most " +
                 $"{Sources.RegisterSourceEndpoint.MaxTextLength} characters; send archives in imports of at most " +
                 $"{Claims.ImportClaimsEndpoint.MaxClaims} claims. Nothing was written.",
        Type = "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.14",
        Extensions = { ["field"] = "body" },
    };

    /// <summary>Reads through to the body and fails, as Kestrel does, once more than the limit has been read.</summary>
    private sealed class LimitedStream(Stream inner, long max) : Stream
    {
        private long _read;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        private int Count(int read)
        {
            _read += read;
            if (_read > max) throw new BadHttpRequestException($"The request body is larger than {max} bytes.", StatusCodes.Status413PayloadTooLarge);
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
