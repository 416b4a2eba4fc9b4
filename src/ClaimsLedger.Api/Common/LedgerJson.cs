using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ClaimsLedger.Common;

/// <summary>The API's JSON rules, in one place: camelCase, and a field the API does not know, or one given twice, is refused, not ignored.</summary>
public static class LedgerJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // A field given twice would otherwise be taken at its last value without a word (and, inside a correction's
        // changes, end the request in an error): it is refused like any other malformed body.
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new JsonObjectOnce());
        options.Converters.Add(new ExactDecimal());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 32;
    }

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        // The reflection resolver, named so the options can describe a type (the fields it takes) before any use.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
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
    /// <param name="body">The body the message is about, read only when the message is of a field given twice, or of text it could not read.</param>
    public static (string Field, string Message) FieldOfMessage(string message, Func<byte[]>? body = null)
    {
        byte[]? read = null;
        if (message.Contains(DuplicateMarker, StringComparison.Ordinal) && body is not null && RepeatedField(read = body()) is { } repeated)
            return (repeated, Reason(message)!);
        // System.Text.Json gives no path with a field it does not know: the body says where it is.
        if (UnknownProperty(message) is { } unknown && TypeNamed(message) is { } type && body is not null
            && UnknownFieldPath(read ??= body(), unknown, type) is { } where)
            return (where, Reason(message)!);
        var at = message.IndexOf("Path: ", StringComparison.Ordinal);
        var path = at < 0 ? null : message[(at + 6)..].Split(' ', '|')[0];
        // Bytes that are not UTF-8 in a string read as "could not be converted to System.String": "must be text, in
        // quotes" would send a client whose text is in quotes looking for the wrong fault (a Windows code page, say).
        if (body is not null && !System.Text.Unicode.Utf8.IsValid(read ?? body())) return (FieldOf(path, message), NotUtf8);
        var reason = Reason(message) ?? "is not valid JSON: " + (at < 0 ? message : message[..at].Trim());
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
        Reason(e.Message) ?? e.InnerException?.Message ?? "is not valid JSON";

    private static string? Reason(string message) =>
        message.Contains(DuplicateMarker, StringComparison.Ordinal) ? GivenTwice
        : UnknownProperty(message) is not null ? "is not a field this API knows" + FieldsTaken(message)
        : message.Contains(WrongTypeMarker, StringComparison.Ordinal) ? Expected(message)
        // Valid JSON, so not "is not valid JSON": objects and arrays held within each other past the limit.
        : message.Contains(DepthMarker, StringComparison.Ordinal) ? $"is nested deeper than {Options.MaxDepth} levels of objects and arrays: no field of this API is"
        : null;

    private const string DepthMarker = "maximum configured depth";

    private const string WrongTypeMarker = "could not be converted to ";

    private const string GivenTwice = "is given twice: give it once";

    // "... could not be mapped to any .NET member contained in type 'ClaimsLedger.Claims.GiveVerdict'."
    private const string UnknownInTypeMarker = "contained in type '";

    /// <summary>
    /// The fields the object that met an unknown one takes, as the query parameters' refusal lists those a request
    /// takes: a misspelt or misremembered field (a verdict's "reason" for its "note") is answered with the right name.
    /// </summary>
    private static string FieldsTaken(string message) =>
        TypeNamed(message) is { } type && FieldsOf(type) is { Count: > 0 } fields ? $"; here it takes {string.Join(", ", fields)}" : "";

    /// <summary>The ledger's type whose object met a field it does not know, as System.Text.Json's message names it.</summary>
    private static Type? TypeNamed(string message) =>
        Quoted(message, UnknownInTypeMarker) is { } named ? typeof(LedgerJson).Assembly.GetType(named) : null;

    /// <summary>The fields a type is read from, as the body spells them.</summary>
    private static List<string> FieldsOf(Type type) =>
        Options.GetTypeInfo(type).Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null).Select(p => p.Name).ToList();

    /// <summary>
    /// Where a field the API does not know stands in a body ("figure.valeu", "claims[3].figure.valeu"): the first object
    /// holding it whose other fields are all fields of the type that met it. Null when no object fits (not JSON, say).
    /// </summary>
    public static string? UnknownFieldPath(ReadOnlyMemory<byte> json, string name, Type type)
    {
        var takes = FieldsOf(type).ToHashSet(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            return Find(document.RootElement, "");
        }
        catch (JsonException) { return null; }

        string? Find(JsonElement element, string at)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var fits = true;
                    var holds = false;
                    foreach (var property in element.EnumerateObject())
                        if (property.NameEquals(name)) holds = true;
                        else fits &= takes.Contains(property.Name);
                    if (holds && fits) return at.Length == 0 ? name : $"{at}.{name}";
                    foreach (var property in element.EnumerateObject())
                        if (Find(property.Value, at.Length == 0 ? property.Name : $"{at}.{property.Name}") is { } found) return found;
                    return null;
                case JsonValueKind.Array:
                    var i = 0;
                    foreach (var item in element.EnumerateArray())
                        if (Find(item, $"{at}[{i++}]") is { } found) return found;
                    return null;
                default:
                    return null;
            }
        }
    }

    public const string NotUtf8 = "is not UTF-8: send the body in UTF-8, the encoding of JSON (RFC 8259)";

    /// <summary>
    /// What the field takes. System.Text.Json names a .NET type: the field's own when the value is not even of the
    /// field's shape (a text for a list), else the type that holds the field ("could not be converted to
    /// ClaimsLedger.Claims.FigureFacts. Path: $.figure.value"), whose property the path's last name is.
    /// </summary>
    private static string Expected(string message)
    {
        var start = message.IndexOf(WrongTypeMarker, StringComparison.Ordinal) + WrongTypeMarker.Length;
        var end = message.IndexOf(". Path: ", start, StringComparison.Ordinal);
        var named = end < 0 ? message[start..] : message[start..end];
        var field = end < 0 ? "" : message[(end + 8)..].Split(' ', '|')[0].Split('.')[^1].Split('[')[0];
        var type = Type.GetType(named) ?? typeof(LedgerJson).Assembly.GetType(named);
        if (type is null)
            return named.Contains("List`1", StringComparison.Ordinal) || named.EndsWith("[]", StringComparison.Ordinal) ? Takes(typeof(string[])) : "has the wrong type for this field";
        var property = type.GetProperties().FirstOrDefault(p => p.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
        return Takes(property?.PropertyType ?? type);
    }

    private static string Takes(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(decimal) ? "must be a number, without quotes, of at most 28 digits"
            : type == typeof(double) || type == typeof(float) ? "must be a number, without quotes"
            : type == typeof(int) || type == typeof(long) || type == typeof(short) ? "must be a whole number, without quotes"
            : type == typeof(bool) ? "must be true or false, without quotes"
            : type == typeof(Guid) ? "must be a UUID, in quotes"
            : type == typeof(DateOnly) || type == typeof(DateTimeOffset) || type == typeof(DateTime) ? "must be a date, in quotes"
            : type == typeof(string) ? "must be text, in quotes"
            : typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && !typeof(System.Collections.IDictionary).IsAssignableFrom(type)
              && type.Namespace != typeof(JsonObject).Namespace ? "must be a list: [ … ]"
            : "must be an object: { … }";
    }

    // System.Text.Json says "The JSON property 'x' could not be mapped to any .NET member contained in type ..." of a
    // field it does not know, and "Duplicate property 'x' encountered during deserialization" of one given twice.
    private const string UnknownMarker = "The JSON property '";
    private const string DuplicateMarker = "Duplicate property '";

    /// <summary>The property System.Text.Json's message names, below the path it gives: the one unknown, or given twice.</summary>
    private static string? UnknownProperty(string message) => Quoted(message, UnknownMarker) ?? Quoted(message, DuplicateMarker);

    private static string? Quoted(string message, string marker)
    {
        var i = message.IndexOf(marker, StringComparison.Ordinal);
        if (i < 0) return null;
        var start = i + marker.Length;
        var end = message.IndexOf('\'', start);
        return end > start ? message[start..end] : null;
    }

    /// <summary>
    /// The first field a JSON document gives twice within one object, as a path from the root ("changes.figure.value");
    /// null when none is (or the text is not JSON). System.Text.Json names only the property, not where it is.
    /// </summary>
    public static string? RepeatedField(ReadOnlySpan<byte> json) => FirstField(json, unstorable: false)?.Field;

    /// <summary>
    /// The first text in a JSON document (a value or a field's name) the ledger cannot store, as a path from the root
    /// ("claims[2].quote") with why; null when none is. JSON may carry U+0000 (<c>\u0000</c>) and half of a UTF-16
    /// surrogate pair (<c>\ud800</c> alone), neither of which is text PostgreSQL's text and jsonb hold.
    /// </summary>
    public static (string Field, string Reason)? UnstorableText(ReadOnlySpan<byte> json) => FirstField(json, unstorable: true);

    /// <summary>
    /// Whether a stretch of a JSON document holds an escape that can stand for text the ledger cannot store: <c>\u0000</c>,
    /// or <c>\uD800</c>–<c>\uDFFF</c> (a surrogate, whole pairs included, as clients escaping all but ASCII send an
    /// emoji). The only ways JSON carries either: a document without such an escape holds no unstorable text.
    /// </summary>
    public static bool MayHoldUnstorableText(ReadOnlySpan<byte> json)
    {
        for (var at = json.IndexOf("\\u"u8); at >= 0 && at + 5 < json.Length; at = Next(json, at))
        {
            var hex = json.Slice(at + 2, 4);
            if (hex.SequenceEqual("0000"u8) || (hex[0] | 0x20) == 'd' && (hex[1] | 0x20) is (byte)'8' or (byte)'9' or >= (byte)'a' and <= (byte)'f') return true;
        }
        return false;

        static int Next(ReadOnlySpan<byte> json, int at) => json[(at + 1)..].IndexOf("\\u"u8) is var i and >= 0 ? at + 1 + i : -1;
    }

    /// <summary>The most bytes an escape <see cref="MayHoldUnstorableText"/> looks for spans: a reader keeps this many less one between reads.</summary>
    public const int UnstorableEscapeLength = 6;

    /// <summary>
    /// Why text holding U+0000 is refused, in a body or a query. PostgreSQL refuses it in text and jsonb; sent on, it ended
    /// the request in a 500, and the error left the pooled connection's prepared statements out of step with the
    /// server's, so the next request or two on that connection failed as well (Npgsql's automatic preparation).
    /// </summary>
    public const string HoldsNul = "holds the character U+0000 (NUL), which the ledger cannot store or search for: remove it";

    /// <summary>Why half a surrogate pair is refused: it is no character (.NET cannot read it as text, PostgreSQL's jsonb refuses it).</summary>
    public const string HoldsLoneSurrogate = "holds half of a UTF-16 surrogate pair (an escape \\uD800–\\uDFFF without its other half), which is not a character: send the whole pair, or the character itself in UTF-8";

    private static (string Field, string Reason)? FirstField(ReadOnlySpan<byte> json, bool unstorable)
    {
        var open = new List<OpenValue>();
        string? property = null;
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (unstorable)
                        {
                            if (Unstorable(ref reader, out property) is { } why) return (Join(open[^1].At, property), why);
                        }
                        else if (!open[^1].Names!.Add(property = reader.GetString()!)) return (Join(open[^1].At, property), GivenTwice);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        open.Add(new OpenValue(Here(), reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.RemoveAt(open.Count - 1);
                        Advance();
                        break;
                    case JsonTokenType.String when unstorable && Unstorable(ref reader, out _) is { } why:
                        return (Here(), why);
                    default:
                        Advance();
                        break;
                }
            }
        }
        // Not JSON, or a name that is not text (a lone surrogate) where only repeats are looked for: nothing to name here.
        catch (Exception e) when (e is JsonException or InvalidOperationException) { }
        return null;

        // Where a value that starts now sits: under the object's property just named, or at the array's next index.
        string Here() => open.Count == 0 ? "" : open[^1].Names is null ? $"{open[^1].At}[{open[^1].Index}]" : Join(open[^1].At, property!);
        void Advance() { if (open.Count > 0 && open[^1].Names is null) open[^1].Index++; }
        static string Join(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";
    }

    /// <summary>Why the text under the reader cannot be stored, or null when it can; the text, or as escaped when it cannot be read.</summary>
    private static string? Unstorable(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json's refusal to unescape a surrogate without its other half into .NET text.
            text = Encoding.UTF8.GetString(reader.ValueSpan);
            return HoldsLoneSurrogate;
        }
        return text.Contains('\0') ? HoldsNul : null;
    }

    /// <summary>An object or array being read: its path, the names it has given (an object), its next index (an array).</summary>
    private sealed class OpenValue(string at, HashSet<string>? names)
    {
        public string At { get; } = at;
        public HashSet<string>? Names { get; } = names;
        public int Index { get; set; }
    }

    /// <summary>
    /// A number is read only where a decimal holds it exactly: System.Text.Json rounds one past the decimal's 28 digits
    /// without a word, so 1e-30 was stored as 0 and a 30-digit value cut short. Refused instead, as a number of a form
    /// the field does not take (System.Text.Json's own message, with the path: "must be a number … of at most 28 digits").
    /// </summary>
    private sealed class ExactDecimal : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var value)) throw new JsonException();
            var sent = reader.HasValueSequence ? Encoding.ASCII.GetString(reader.ValueSequence) : Encoding.ASCII.GetString(reader.ValueSpan);
            return ExactNumber.Holds(sent, value) ? value : throw new JsonException();
        }

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    /// <summary>
    /// A JSON object taken as a value (a correction's changes) is read as an element first, which refuses a property given
    /// twice with a JsonException naming it; JsonObject's own reader throws an ArgumentException instead, a 500.
    /// </summary>
    private sealed class JsonObjectOnce : JsonConverter<JsonObject>
    {
        public override JsonObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<JsonElement>(ref reader, options) is { ValueKind: JsonValueKind.Object } element
                ? JsonObject.Create(element)!
                // Without a message of its own System.Text.Json writes its usual one, with the path.
                : throw new JsonException();

        public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options) => value.WriteTo(writer, options);
    }
}
