using System.Buffers;
using System.Data.Common;
using Marten;
using Marten.Services;
using Npgsql;
using Weasel.Core;
using ISerializer = Marten.ISerializer;
using SystemTextJsonSerializer = Marten.Services.SystemTextJsonSerializer;

namespace ClaimsLedger.Hosting;

/// <summary>
/// Marten's own System.Text.Json serializer, except that a document or event is read from its row synchronously.
/// Marten never opens a reader for sequential access, so by the time it asks for a column the whole row is in
/// Npgsql's buffer and reading it "asynchronously" waits on nothing. It does cost: System.Text.Json's asynchronous
/// path must be able to stop anywhere and resume, and for records (read through their constructors) that path is
/// the slow one. A CPU profile of figure reads on a 1M-claim ledger put about a third of the service's managed time
/// in System.Text.Json.
/// It also leaves null members out of what it stores: a missing member reads back as null, and PostgreSQL turns
/// every stored document from text into jsonb, at a cost that grows with its length. A claim view is about a fifth
/// nulls (a figure claim's partnership, project, range and verdict members), a subject entry and an event about a
/// sixth; left out, PostgreSQL spent 12-20% less CPU rebuilding the views of a 100k-claim ledger. No query asks for
/// a stored null: the ledger's SQL reads members with <c>->></c> and <c>-></c>, which answer SQL null either way.
/// </summary>
public sealed class LedgerSerializer(SystemTextJsonSerializer inner) : ISerializer
{
    public LedgerSerializer() : this(OmittingNulls()) { }

    private static SystemTextJsonSerializer OmittingNulls()
    {
        var serializer = new SystemTextJsonSerializer();
        serializer.Configure(o => o.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
        return serializer;
    }

    public ValueTask<T> FromJsonAsync<T>(DbDataReader reader, int index, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(inner.FromJson<T>(reader, index));

    public ValueTask<object> FromJsonAsync(Type type, DbDataReader reader, int index, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(inner.FromJson(type, reader, index));

    public EnumStorage EnumStorage => inner.EnumStorage;
    public Casing Casing => inner.Casing;
    public ValueCasting ValueCasting => inner.ValueCasting;
    public string ToJson(object? document) => inner.ToJson(document);
    public void WriteTo(IBufferWriter<byte> writer, object? value) => inner.WriteTo(writer, value);
    public string ToCleanJson(object? document) => inner.ToCleanJson(document);
    public void WriteToParameter(NpgsqlParameter parameter, object? value) => inner.WriteToParameter(parameter, value);
    public void WriteToCleanJson(IBufferWriter<byte> writer, object? value) => inner.WriteToCleanJson(writer, value);
    public string ToJsonWithTypes(object document) => inner.ToJsonWithTypes(document);
    public void WriteToJsonWithTypes(IBufferWriter<byte> writer, object value) => inner.WriteToJsonWithTypes(writer, value);
    public T FromJson<T>(Stream stream) => inner.FromJson<T>(stream);
    public T FromJson<T>(DbDataReader reader, int index) => inner.FromJson<T>(reader, index);
    public object FromJson(Type type, Stream stream) => inner.FromJson(type, stream);
    public object FromJson(Type type, DbDataReader reader, int index) => inner.FromJson(type, reader, index);
    public ValueTask<T> FromJsonAsync<T>(Stream stream, CancellationToken cancellationToken = default) => inner.FromJsonAsync<T>(stream, cancellationToken);
    public ValueTask<object> FromJsonAsync(Type type, Stream stream, CancellationToken cancellationToken = default) =>
        inner.FromJsonAsync(type, stream, cancellationToken);
}
