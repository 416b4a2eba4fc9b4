using System.Text.Json.Nodes;

namespace ClaimsLedger.Common;

/// <summary>RFC 7396: a correction names only the fields it changes; null removes a field.</summary>
public static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null) result.Remove(name);
            else result[name] = Apply(result[name], value);
        }
        return result;
    }

    /// <summary>Every leaf as path → its value, so two versions can be compared field by field (null members are no leaves).</summary>
    public static SortedDictionary<string, JsonNode> Flatten(JsonNode? node)
    {
        var leaves = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string path)
        {
            if (n is JsonObject o && o.Count > 0)
                foreach (var (k, v) in o) Walk(v, path.Length == 0 ? k : $"{path}.{k}");
            else if (n is not null && path.Length > 0)
                leaves[path] = n;
        }
        Walk(node, "");
        return leaves;
    }
}
