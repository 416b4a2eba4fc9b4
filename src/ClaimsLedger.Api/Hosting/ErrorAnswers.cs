using System.Reflection;
using System.Text.Json;
using ClaimsLedger.Common;
using JasperFx;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Wolverine.Http;

namespace ClaimsLedger.Hosting;

/// <summary>
/// Every failure becomes problem details: malformed JSON names the field where reading stopped, a lost race on a
/// version is a 409, an unreachable database a 503 that invites a retry. Nothing is half-written: a request's writes commit
/// in one transaction (shared with other requests' writes by <see cref="GroupCommit"/>), so a failure appends nothing.
/// </summary>
public sealed class ErrorAnswers(ILogger<ErrorAnswers> log) : IExceptionHandler
{
    /// <summary>
    /// Wolverine logs a request body it cannot read (malformed JSON, a number where an id goes) as an Error with a stack
    /// trace, under the body type's name. The client is answered with a 400 naming the field; the operator's log is kept
    /// for the service's own faults, as ASP.NET Core keeps its bad requests at Debug. The categories silenced, up to
    /// Error, are the endpoints' commands only: the records they take that no step before them loads (a LoadAsync's
    /// Recording) and that carry no binding attribute. A service an endpoint takes (GroupCommit) logs as before.
    /// </summary>
    public static void QuietUnreadableBodies(ILoggingBuilder logging)
    {
        foreach (var command in Commands()) logging.AddFilter(command.FullName, LogLevel.Critical);
    }

    public static IEnumerable<Type> Commands()
    {
        var assembly = typeof(ErrorAnswers).Assembly;
        static bool IsRecord(Type t) => t.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null;
        static Type Unwrapped(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Task<>) ? t.GetGenericArguments()[0] : t;
        return assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.GetCustomAttributes<WolverineHttpMethodAttribute>().Any())
            .SelectMany(m => m.GetParameters()
                .Where(p => !p.GetCustomAttributes().Any() && p.ParameterType.Assembly == assembly && IsRecord(p.ParameterType)
                            && !m.DeclaringType!.GetMethods().Any(loader => Unwrapped(loader.ReturnType) == p.ParameterType))
                .Select(p => p.ParameterType))
            .Distinct();
    }

    /// <summary>How long a client should wait after a 503 before retrying: PostgreSQL restarts take a few seconds.</summary>
    public const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = Answer(exception);
        if (Unwrap(exception) is PostgresException { SqlState: PreparedStatementRecovery.SqlState }) PreparedStatementRecovery.ClearPool(http.RequestServices);
        if (problem.Status >= 500)
        {
            log.LogError(exception, "Request {Method} {Path} failed", http.Request.Method, http.Request.Path);
            http.Items[Logged] = true;
        }
        if (problem.Status == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = RetryAfterSeconds;
        await Results.Problem(problem).ExecuteAsync(http);
        return true;
    }

    public static ProblemDetails Answer(Exception exception) => Unwrap(exception) switch
    {
        JsonException json => Problems.Invalid(LedgerJson.FieldOf(json), LedgerJson.Describe(json)),
        BadHttpRequestException { InnerException: JsonException json } => Problems.Invalid(LedgerJson.FieldOf(json), LedgerJson.Describe(json)),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } large => RequestBodyLimit.TooLarge(large.Message),
        BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
        ConcurrencyException => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Someone else changed this at the same time",
            Detail = "Another write to the same stream committed first. Re-read it and send your change again.",
            Extensions = { ["field"] = "expectedVersion" },
        },
        Marten.Exceptions.ExistingStreamIdCollisionException collision => RecordedConcurrently($"Stream {collision.Id} was"),
        // The same collision met by a bulk import's COPY, which names the stream table's key instead.
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pkey_mt_streams_id" } => RecordedConcurrently("Some of these claims were"),
        // A connection whose prepared statements fell out of step with the server's: the pool is cleared, a retry works.
        PostgresException { SqlState: PreparedStatementRecovery.SqlState } => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The ledger's database connection was reset",
            Detail = "Nothing was written. Retry now.",
        },
        // A statement PostgreSQL refuses for good (a constraint, a view that cannot be written) is a fault to fix,
        // not an outage to wait out: retrying would not help, so it is a 500 like any other bug.
        PostgresException refused when !Outage(refused) => Unexpected(),
        NpgsqlException or TimeoutException or System.Net.Sockets.SocketException => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The ledger's database is unavailable",
            Detail = "Nothing was written. Retry shortly.",
        },
        _ => Unexpected(),
    };

    private static ProblemDetails RecordedConcurrently(string what) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Recorded at the same time by another request",
        Detail = $"{what} created by a concurrent request. Retry to get its answer.",
        Extensions = { ["field"] = "id" },
    };

    private static ProblemDetails Unexpected() =>
        new() { Status = StatusCodes.Status500InternalServerError, Title = "Unexpected error", Detail = "Nothing was written. The error is logged." };

    /// <summary>
    /// The server is shutting down, restarting, out of connections or resources, or the connection broke: waiting helps.
    /// (Classes 08 connection, 53 resources, 57 operator intervention, 58 system error; plus what Npgsql deems transient.)
    /// </summary>
    private static bool Outage(PostgresException e) =>
        e.IsTransient || e.SqlState.StartsWith("08", StringComparison.Ordinal) || e.SqlState.StartsWith("53", StringComparison.Ordinal)
        || e.SqlState.StartsWith("57", StringComparison.Ordinal) || e.SqlState.StartsWith("58", StringComparison.Ordinal);

    private const string Logged = "ClaimsLedger.FailureLogged";

    /// <summary>
    /// A 500 that no exception handler saw (Wolverine's answer to a body its reader failed on for a reason other than the
    /// JSON, whose own log line <see cref="QuietUnreadableBodies"/> filters) is logged here, so the service's own faults
    /// always reach the operator.
    /// </summary>
    private static void LogFailureNotLogged(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        if (context.ProblemDetails.Status != StatusCodes.Status500InternalServerError || http.Items.ContainsKey(Logged)) return;
        http.RequestServices.GetService<ILogger<ErrorAnswers>>()?.LogError("Request {Method} {Path} failed: {Title}. {Detail}",
            http.Request.Method, http.Request.Path, context.ProblemDetails.Title, context.ProblemDetails.Detail);
    }

    private const string RfcPages = "https://datatracker.ietf.org/doc/html/", RfcPagesOfOld = "https://tools.ietf.org/html/";

    /// <summary>
    /// ASP.NET Core's defaults name an RFC's section at tools.ietf.org, the ledger's own answers at datatracker.ietf.org
    /// (where the former now redirects): one type per kind of answer, so a client may tell answers apart by type.
    /// </summary>
    private static void OneAddressPerStatus(ProblemDetails problem)
    {
        if (problem.Type is { } type && type.StartsWith(RfcPagesOfOld, StringComparison.Ordinal)) problem.Type = RfcPages + type[RfcPagesOfOld.Length..];
    }

    /// <summary>Every problem the service writes, its own or the frameworks', passes here on its way out.</summary>
    public static void Explain(ProblemDetailsContext context)
    {
        OneAddressPerStatus(context.ProblemDetails);
        LogFailureNotLogged(context);
        NameTheField(context);
        NameTheUnknown(context);
        if (context.ProblemDetails is { Status: StatusCodes.Status415UnsupportedMediaType, Detail: null } unsupported)
        {
            unsupported.Detail = "Send the body as JSON, with the header Content-Type: application/json. Nothing was written.";
            unsupported.Extensions["field"] = "Content-Type";
        }
        // Wolverine's answer to a key used for another request names the header in its words only.
        if (context.ProblemDetails is { Status: StatusCodes.Status422UnprocessableEntity } reused
            && reused.Detail?.Contains(Idempotency.Header, StringComparison.Ordinal) == true)
            reused.Extensions["field"] = Idempotency.Header;
        // Routing sends the methods an address takes in Allow; the answer says them in words too. Where GET is taken
        // so is HEAD (HeadRequests), which routing does not know.
        if (context.ProblemDetails is { Status: StatusCodes.Status405MethodNotAllowed, Detail: null } notAllowed
            && context.HttpContext.Response.Headers.Allow is { Count: > 0 } allow)
        {
            var methods = allow.SelectMany(a => (a ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
            if (methods.Contains(HttpMethods.Get) && !methods.Contains(HttpMethods.Head)) methods.Insert(methods.IndexOf(HttpMethods.Get) + 1, HttpMethods.Head);
            context.HttpContext.Response.Headers.Allow = string.Join(", ", methods);
            notAllowed.Detail = $"{context.HttpContext.Request.Method} is not taken at this address, which takes {string.Join(", ", methods)}. Nothing was written.";
        }
    }

    /// <summary>
    /// Wolverine answers a body it cannot read with its own 400 whose detail is System.Text.Json's message; this
    /// rewrites it into the ledger's shape, with the field at fault named in <c>errors</c> like every other refusal.
    /// </summary>
    private static void NameTheField(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status != StatusCodes.Status400BadRequest || problem.Detail is null) return;
        var (field, message) = problem.Title switch
        {
            "Invalid JSON format" => LedgerJson.FieldOfMessage(problem.Detail, () => RequireJsonObject.BufferedBody(context.HttpContext)),
            // Wolverine's answer to a query value it cannot parse names the property ("SourceId"), not the field.
            "Invalid query string value" when problem.Extensions.TryGetValue("parameter", out var parameter) && parameter is string name =>
                (JsonNamingPolicy.CamelCase.ConvertName(name), QueryValueExpected(problem.Detail)),
            _ => (null, null),
        };
        if (field is null) return;
        Become(context, Problems.Invalid(field, message!));
        problem.Extensions.Remove("lineNumber");
        problem.Extensions.Remove("bytePositionInLine");
        problem.Extensions.Remove("parameter");
    }

    /// <summary>
    /// Wolverine answers a bare 404, with nothing said, both when a route's id is not a UUID (<c>/claims/abc</c>) and
    /// when <c>[ReadAggregate]</c> or <c>[WriteAggregate]</c> finds no such stream. This says which, in the words the
    /// reads use: a 400 naming the route's field, or "Unknown claim" with the id.
    /// </summary>
    private static void NameTheUnknown(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not { Status: StatusCodes.Status404NotFound, Detail: null } notFound) return;
        var matched = context.HttpContext.GetEndpoint();
        if (matched is null)
        {
            // No route matched: a misspelt address, not an unknown record.
            notFound.Title = "Unknown address";
            notFound.Detail = $"There is no address {context.HttpContext.Request.Path} in this API; the API reference at /docs lists them. Nothing was written.";
            return;
        }
        if (matched is not RouteEndpoint endpoint || endpoint.Metadata.GetMetadata<HttpChain>()?.Method.Method is not { } method) return;
        var id = endpoint.RoutePattern.Parameters.Select(p => p.Name).FirstOrDefault(name => IsStreamId(method, name));
        if (id is null) return;
        var value = context.HttpContext.GetRouteValue(id) as string;
        var what = id[..^2];
        Become(context, Guid.TryParse(value, out _) ? Problems.NotFound(what, value!) : Problems.Invalid(id, $"must be a UUID, the id of a {what}"));
    }

    /// <summary>
    /// The method takes the route's id as a <see cref="Guid"/>, or does not take it at all: then it is the id of the stream
    /// an aggregate attribute loads, and the ledger keys its streams by UUID. (A project's id, a slug, is taken as text.)
    /// </summary>
    private static bool IsStreamId(MethodInfo method, string route) =>
        route.Length > 2 && route.EndsWith("Id", StringComparison.Ordinal)
        && (method.GetParameters().FirstOrDefault(p => p.Name == route) is not { } taken || taken.ParameterType == typeof(Guid));

    /// <summary>Turns the problem being written into the ledger's answer, status and all.</summary>
    private static void Become(ProblemDetailsContext context, ProblemDetails answer)
    {
        var problem = context.ProblemDetails;
        problem.Status = answer.Status;
        problem.Title = answer.Title;
        problem.Detail = answer.Detail;
        problem.Type = answer.Type;
        if (answer is ValidationProblemDetails invalid) problem.Extensions["errors"] = invalid.Errors;
        context.HttpContext.Response.StatusCode = answer.Status!.Value;
    }

    private static string QueryValueExpected(string detail) =>
        detail.EndsWith("System.Guid", StringComparison.Ordinal) ? "must be a UUID"
        : detail.EndsWith(" int", StringComparison.Ordinal) || detail.EndsWith(" long", StringComparison.Ordinal) ? "must be a whole number"
        : detail.EndsWith(" bool", StringComparison.Ordinal) ? "must be true or false"
        : "has the wrong type for this field";

    /// <summary>True when the database could not be reached or is restarting: the answer is a 503 with Retry-After.</summary>
    public static bool IsOutage(Exception exception) => Answer(exception).Status == StatusCodes.Status503ServiceUnavailable;

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerException: { } inner }) e = inner;
        // Marten and Npgsql wrap a failed connection in exceptions of their own (MartenCommandException,
        // InvalidOperationException, ...): the database's own error, wherever it sits in the chain, decides the answer.
        for (var cause = e; cause is not null; cause = cause.InnerException)
            if (cause is NpgsqlException or System.Net.Sockets.SocketException) return cause;
        return e;
    }
}
