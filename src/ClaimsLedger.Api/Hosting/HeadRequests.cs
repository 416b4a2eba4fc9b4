namespace ClaimsLedger.Hosting;

/// <summary>
/// HEAD is answered wherever GET is (RFC 9110 9.3.2: the headers GET would send, without the body), as uptime checks
/// and <c>curl -I</c> expect; the endpoints are GET's alone, so HEAD was a 405. Routing is asked for the request as a
/// GET; once the answer starts the method is HEAD again, so what reads it after (the request log) sees the request as
/// sent. Kestrel sends no body for a HEAD whatever the method says by then: it keeps the request line's.
/// </summary>
public static class HeadRequests
{
    public static Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        if (HttpMethods.IsHead(http.Request.Method))
        {
            http.Request.Method = HttpMethods.Get;
            http.Response.OnStarting(() =>
            {
                http.Request.Method = HttpMethods.Head;
                return Task.CompletedTask;
            });
        }
        return next();
    }
}
