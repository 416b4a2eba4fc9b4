using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ClaimsLedger.Common;

/// <summary>The API's JSON rules, in one place: camelCase, and a field the API does not know is refused, not ignored.</summary>
public static class LedgerJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 32;
    }

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }

    /// <summary>
    /// Applies a correction's merge patch to the fields as they stand and reads the result back under the same
    /// rules as a new write, so a correction can never produce what a write would refuse.
    /// </summary>
    public static TFields? Patch<TFields>(TFields current, JsonObject? changes, FieldErrors errors, string prefix = "changes")
        where TFields : class
    {
        if (changes is null || changes.Count == 0)
        {
            errors.Add(prefix, "is required: the fields to change, as a JSON merge patch");
            return null;
        }

        var patched = JsonMergePatch.Apply(JsonSerializer.SerializeToNode(current, Options), changes);
        try
        {
            return patched.Deserialize<TFields>(Options);
        }
        catch (JsonException e)
        {
            errors.Add(FieldOf(e, prefix), Describe(e));
            return null;
        }
    }

    /// <summary>The JSON path of a deserialization failure as a field name ("figure.value"), under an optional prefix.</summary>
    public static string FieldOf(JsonException e, string prefix = "") => FieldOf(e.Path, e.Message, prefix);

    /// <summary>The field and a plain reason, from System.Text.Json's message alone (its "Path: $.x" part and its wording).</summary>
    public static (string Field, string Message) FieldOfMessage(string message)
    {
        var at = message.IndexOf("Path: ", StringComparison.Ordinal);
        var path = at < 0 ? null : message[(at + 6)..].Split(' ', '|')[0];
        var reason = message.Contains("could not be mapped", StringComparison.Ordinal) ? "is not a field this API knows"
            : message.Contains("could not be converted", StringComparison.Ordinal) ? "has the wrong type for this field"
            : "is not valid JSON: " + (at < 0 ? message : message[..at].Trim());
        return (FieldOf(path, message), reason);
    }

    private static string FieldOf(string? jsonPath, string message, string prefix = "")
    {
        var path = (jsonPath ?? "$").TrimStart('$').TrimStart('.');
        var unknown = UnknownProperty(message);
        if (unknown is not null && path != unknown && !path.EndsWith("." + unknown, StringComparison.Ordinal))
            path = path.Length == 0 ? unknown : $"{path}.{unknown}";
        if (path.Length == 0) return prefix.Length == 0 ? "body" : prefix;
        return prefix.Length == 0 ? path : $"{prefix}.{path}";
    }

    public static string Describe(JsonException e) =>
        UnknownProperty(e.Message) is not null ? "is not a field this API knows"
        : e.Message.Contains("could not be converted", StringComparison.Ordinal) ? "has the wrong type for this field"
        : e.InnerException?.Message ?? "is not valid JSON";

    private static string? UnknownProperty(string message)
    {
        // System.Text.Json says: "The JSON property 'x' could not be mapped to any .NET member contained in type ..."
        const string marker = "The JSON property '";
        var i = message.IndexOf(marker, StringComparison.Ordinal);
        if (i < 0) return null;
        var start = i + marker.Length;
        var end = message.IndexOf('\'', start);
        return end > start ? message[start..end] : null;
    }
}
