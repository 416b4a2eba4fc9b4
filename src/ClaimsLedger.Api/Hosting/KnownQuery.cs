using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using ClaimsLedger.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Wolverine.Http;

namespace ClaimsLedger.Hosting;

/// <summary>
/// A query parameter the request does not take, or one given twice, is refused, naming it, as an unknown field of a
/// body is. Dropped, a misspelt <c>as_of=2022-01-01</c> would answer with today's figure under the analyst's belief
/// that it is 2022's.
/// What a request takes is read from its endpoint's signature: the values bound from the query, and the properties of
/// the <c>[FromQuery]</c> types (matched without regard to case, as the binding does).
/// </summary>
public static class KnownQuery
{
    private static readonly ConcurrentDictionary<HttpChain, string[]> Taken = new();

    public static async Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        if (http.Request.Query.Count == 0 || http.GetEndpoint()?.Metadata.GetMetadata<HttpChain>() is not { } chain)
        {
            await next();
            return;
        }

        var taken = Taken.GetOrAdd(chain, NamesOf);
        var errors = new FieldErrors();
        foreach (var (sent, values) in http.Request.Query)
        {
            var name = taken.FirstOrDefault(t => t.Equals(sent, StringComparison.OrdinalIgnoreCase));
            // "?=2021-01-01": a value whose name was lost, say to a script's empty variable.
            if (sent.Length == 0) errors.Add("query", $"has a value without a name (={values}): give each value its parameter's name" +
                                                      (taken.Length == 0 ? "; this request takes none" : $", one of {string.Join(", ", taken)}"));
            else if (name is null)
                errors.Add(sent, taken.Length == 0
                    ? "is not a query parameter: this request takes none"
                    : $"is not a query parameter of this request, which takes {string.Join(", ", taken)}");
            // The binding would take one of them silently: which date the answer is as of must not be a guess.
            else if (values.Count > 1) errors.Add(name, $"is given {values.Count} times: give it once");
            else if (values.Any(v => v?.Contains('\0') == true)) errors.Add(name, LedgerJson.HoldsNul);
        }
        if (errors.Any) await Results.Problem(errors.ToProblem()).ExecuteAsync(http);
        else await next();
    }

    /// <summary>The API reference names the query parameters as requests send them (<c>asOf</c>, not the binding's <c>AsOf</c>).</summary>
    public static Task NameAsSent(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query) ?? [])
            parameter.Name = Name(parameter.Name!);
        return Task.CompletedTask;
    }

    private static string Name(string bound) => JsonNamingPolicy.CamelCase.ConvertName(bound);

    private static string[] NamesOf(HttpChain chain)
    {
        var route = chain.RoutePattern?.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        return chain.Method.Method.GetParameters()
            .SelectMany(p => p.GetCustomAttribute<FromQueryAttribute>() is { } query
                ? IsValue(p.ParameterType) ? [query.Name ?? p.Name!] : p.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(x => x.CanWrite).Select(x => x.Name)
                : IsValue(p.ParameterType) && !route.Contains(p.Name!) ? [p.Name!] : [])
            .Select(Name)
            .Distinct()
            .ToArray();
    }

    /// <summary>A type bound from one query value rather than from several.</summary>
    private static bool IsValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Guid) || type == typeof(decimal)
            || type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset);
    }
}
