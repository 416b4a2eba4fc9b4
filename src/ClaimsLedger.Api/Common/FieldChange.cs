using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaimsLedger.Common;

/// <summary>
/// One field's value before and after a change, as the JSON value it has in the record (a string, a number, a list),
/// so a client reads it as it reads the record itself; null: the field had no value.
/// </summary>
public sealed record FieldChange(string Field, JsonNode? Before, JsonNode? After)
{
    /// <summary>The fields whose values differ between two versions of a record, nested fields by their path (<c>figure.value</c>).</summary>
    public static IReadOnlyList<FieldChange> Between<T>(T? before, T? after)
    {
        var was = JsonMergePatch.Flatten(before is null ? null : JsonSerializer.SerializeToNode(before, LedgerJson.Options));
        var now = JsonMergePatch.Flatten(after is null ? null : JsonSerializer.SerializeToNode(after, LedgerJson.Options));
        return was.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Select(k => new FieldChange(k, was.GetValueOrDefault(k), now.GetValueOrDefault(k)))
            .Where(c => !JsonNode.DeepEquals(c.Before, c.After))
            .ToList();
    }
}
