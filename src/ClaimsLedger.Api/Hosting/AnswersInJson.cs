using Microsoft.Net.Http.Headers;

namespace ClaimsLedger.Hosting;

/// <summary>
/// Every address answers in one form: JSON (CSV at the .csv addresses), and problem details when it refuses. A client
/// whose Accept leaves JSON out (text/html, text/csv, application/xml) was answered by Wolverine with a bare 406 on
/// every write, before its body was read, and by ASP.NET's status pages with plain text ("Status Code: 404; Not
/// Found") where a refusal should name the field at fault. RFC 9110 (12.5.1) lets a server disregard Accept instead of
/// refusing: here it is disregarded, as reads always did, so the answer is the one any other client gets.
/// </summary>
public static class AnswersInJson
{
    public static Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        // Every request passes here: one without Accept (most API clients) is not parsed at all.
        if (http.Request.Headers.Accept.Count > 0 && !http.Request.GetTypedHeaders().Accept.Any(IsJson))
            http.Request.Headers.Append(HeaderNames.Accept, "application/json");
        return next();
    }

    private static bool IsJson(MediaTypeHeaderValue type) =>
        type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.MediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase);
}
