using System.Security.Cryptography;
using System.Text;
using ClaimsLedger.Common;
using JasperFx.Events;

namespace ClaimsLedger.Sources;

/// <summary>What the ledger knows about where an article came from and when it was published.</summary>
public sealed record SourceMetadata(
    string Title,
    string? Outlet,
    string? Url,
    string PublishedOn,
    string DateBasis,
    string? DateNote,
    string? RetrievedOn)
{
    public PartialDate Published => PartialDate.TryParse(PublishedOn, out var d) ? d : throw new InvalidOperationException(PublishedOn);

    /// <summary>
    /// The first day the source's words can count as known: the end of its publication date's precision,
    /// so a date known only to the month never counts before that month is over.
    /// </summary>
    public DateOnly KnownFrom => Published.End;
}

public sealed record SourceRegistered(Guid SourceId, SourceMetadata Metadata, string Text, string ContentHash, string Actor);

public sealed record SourceMetadataCorrected(
    Guid SourceId, SourceMetadata Before, SourceMetadata After, string Reason, long ExpectedVersion, string Actor);

/// <summary>
/// Two sources are copies of one origin (a re-published wire story, or one article quoting another at length), so their
/// agreement is not independent. Appended on both sources' streams. Basis: detected (by <see cref="Syndication"/>, with
/// the similarity found) or manual (an analyst's link, with a reason).
/// </summary>
public sealed record SourcesLinked(Guid SourceId, Guid OtherSourceId, string Basis, decimal? Similarity, string Reason, string Actor);

/// <summary>An analyst's word that two linked sources are independent after all. Appended on both streams.</summary>
public sealed record SourcesUnlinked(Guid SourceId, Guid OtherSourceId, string Reason, string Actor);

/// <summary>One link of a source to another, with when it was made and, once undone, when.</summary>
public sealed record SourceLink(
    Guid OtherSourceId, string Basis, decimal? Similarity, string Reason, string LinkedBy, DateTimeOffset LinkedAt, long Sequence,
    DateTimeOffset? UnlinkedAt = null, string? UnlinkReason = null, string? UnlinkedBy = null)
{
    public bool HeldAt(DateTimeOffset? recordedAsOf) =>
        recordedAsOf is null ? UnlinkedAt is null : LinkedAt <= recordedAsOf && (UnlinkedAt is null || UnlinkedAt > recordedAsOf);

    /// <summary>The sources a source is linked to as copies of one origin, as the ledger held it at recordedAsOf.</summary>
    public static IEnumerable<Guid> Held(IEnumerable<SourceLink> links, DateTimeOffset? recordedAsOf) =>
        links.Where(l => l.HeldAt(recordedAsOf)).Select(l => l.OtherSourceId);
}

/// <summary>One metadata version with the moment the ledger recorded it, so reads can ask for the ledger as it stood.</summary>
public sealed record SourceMetadataVersion(long Version, long Sequence, DateTimeOffset RecordedAt, SourceMetadata Metadata);

/// <summary>A source: one article, its full text, and every version of its metadata.</summary>
public sealed class Source
{
    public Guid Id { get; set; }
    /// <summary>The source's stream version, set by every event: the view reads the same whoever wrote it (an append or a rebuild).</summary>
    public long Version { get; set; }
    public string Text { get; set; } = "";
    /// <summary>The text's length in UTF-16 units (what spanStart counts), so a list can show it without reading the text.</summary>
    public int TextLength { get; set; }
    public string ContentHash { get; set; } = "";
    public DateTimeOffset RegisteredAt { get; set; }
    public string RegisteredBy { get; set; } = "";
    public List<SourceMetadataVersion> MetadataVersions { get; set; } = [];
    public List<SourceLink> Links { get; set; } = [];

    /// <summary>The sources this one is linked to as copies of one origin, as the ledger held it at recordedAsOf.</summary>
    public IEnumerable<Guid> LinkedTo(DateTimeOffset? recordedAsOf = null) => SourceLink.Held(Links, recordedAsOf);

    public SourceMetadata Metadata => MetadataVersions[^1].Metadata;
    public long LastSequence => MetadataVersions[^1].Sequence;

    /// <summary>
    /// The title and outlet as a search compares them (<see cref="SearchWords.Fold"/>), kept in a column of its own
    /// (not in the document) so the list's search reads it as it is: folding in SQL (translate with every accented
    /// letter) took PostgreSQL 3.2 s over the 25,000 sources of a 1M ledger, against 0.04-0.07 s for the stored columns.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string SearchText => SearchWords.Fold($"{Metadata.Title} {Metadata.Outlet}");

    /// <summary>The metadata as the ledger held it at an instant; null when the source was not registered yet.</summary>
    public SourceMetadataVersion? At(DateTimeOffset? recordedAsOf) =>
        recordedAsOf is null ? MetadataVersions[^1] : MetadataVersions.LastOrDefault(v => v.RecordedAt <= recordedAsOf);

    public static Source Create(IEvent<SourceRegistered> e) => new()
    {
        Id = e.Data.SourceId,
        Version = e.Version,
        Text = e.Data.Text,
        TextLength = e.Data.Text.Length,
        ContentHash = e.Data.ContentHash,
        RegisteredAt = e.Timestamp,
        RegisteredBy = e.Data.Actor,
        MetadataVersions = [new SourceMetadataVersion(e.Version, e.Sequence, e.Timestamp, e.Data.Metadata)],
    };

    public void Apply(IEvent<SourceMetadataCorrected> e)
    {
        Version = e.Version;
        MetadataVersions.Add(new SourceMetadataVersion(e.Version, e.Sequence, e.Timestamp, e.Data.After));
    }

    public void Apply(IEvent<SourcesLinked> e)
    {
        Version = e.Version;
        Links.Add(new SourceLink(e.Data.OtherSourceId, e.Data.Basis, e.Data.Similarity, e.Data.Reason, e.Data.Actor, e.Timestamp, e.Sequence));
    }

    public void Apply(IEvent<SourcesUnlinked> e)
    {
        Version = e.Version;
        var i = Links.FindLastIndex(l => l.OtherSourceId == e.Data.OtherSourceId && l.UnlinkedAt is null);
        if (i >= 0) Links[i] = Links[i] with { UnlinkedAt = e.Timestamp, UnlinkReason = e.Data.Reason, UnlinkedBy = e.Data.Actor };
    }

    /// <summary>
    /// A source's id follows from its text, so registering the same article twice finds the first registration
    /// instead of creating a second source.
    /// </summary>
    public static (Guid Id, string ContentHash) IdentityOf(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return (NameBasedId.From(hash), Convert.ToHexStringLower(hash));
    }
}
