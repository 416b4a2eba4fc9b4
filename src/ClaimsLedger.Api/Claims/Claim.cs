using System.Text.Json.Serialization;
using JasperFx.Events;

namespace ClaimsLedger.Claims;

/// <summary>One statement taken from one source: the verbatim quote, where it stands, and what it says in normalized form.</summary>
public sealed record ClaimContent(
    string Kind,
    string Quote,
    int SpanStart,
    int SpanEnd,
    IReadOnlyList<string> Names,
    string? Note,
    FigureFacts? Figure,
    PartnershipFacts? Partnership,
    ProjectFacts? Project)
{
    /// <summary>What the claim is about, as the views group claims: a figure, a partnership or a project.</summary>
    [JsonIgnore]
    public string SubjectId => Kind switch
    {
        ClaimKinds.Figure => Subjects.Figure(Figure!.Key),
        ClaimKinds.Partnership => Subjects.Partnership(Partnership!.Pair),
        _ => Subjects.Project(Project!.ProjectId),
    };

    /// <summary>
    /// Records compare lists by reference; two contents are the same when every field is, which for two values of one
    /// type is when they serialise to the same bytes.
    /// </summary>
    public bool SameAs(ClaimContent other) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(this).AsSpan().SequenceEqual(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(other));
}

public static class ClaimKinds
{
    public const string Figure = "figure";
    public const string Partnership = "partnership";
    public const string Project = "project";
    public static readonly string[] All = [Figure, Partnership, Project];
}

/// <summary>Subject ids: one document per figure key, per pair of parties, per project.</summary>
public static class Subjects
{
    public static string Figure(string figureKey) => "figure/" + figureKey;
    public static string Partnership(string pair) => "partnership/" + pair;
    public static string Project(string projectId) => "project/" + projectId;

    /// <summary>
    /// Parties in the order keys hold them: sorted, so a figure or a pair is one subject whichever order a source or a
    /// reader names them in (VN-RU finds RU-VN).
    /// </summary>
    public static IEnumerable<string> InKeyOrder(IEnumerable<string> parties) => parties.Order(StringComparer.Ordinal);

    public static string Parties(IEnumerable<string> parties) => string.Join('-', InKeyOrder(parties));

    /// <summary>A figure key or series key as the ledger keeps it: its parties in key order (text of another shape as it is).</summary>
    public static string FigureKeyAsKept(string figureKey)
    {
        var parts = figureKey.Split(':');
        if (parts.Length < 2) return figureKey;
        parts[1] = Parties(parts[1].Split('-'));
        return string.Join(':', parts);
    }
}

public sealed record FigureFacts(
    string Metric,
    IReadOnlyList<string> Parties,
    string Period,
    string Unit,
    string Scale,
    string Qualifier,
    decimal? Value,
    decimal? Low,
    decimal? High,
    string? BasePeriod)
{
    /// <summary>The figure key: claims from different sources about the same figure meet under it.</summary>
    [JsonIgnore] public string Key => $"{SeriesKey}:{Period}";

    /// <summary>
    /// The figure key without its period: the series of a metric between the same parties, which a claim holds in key
    /// order from the moment it is recorded (<see cref="ClaimFields.Parties"/>).
    /// </summary>
    [JsonIgnore] public string SeriesKey => $"{Metric}:{string.Join('-', Parties)}";
}

public sealed record PartnershipFacts(IReadOnlyList<string> Parties, string Level, string EffectiveOn)
{
    [JsonIgnore] public string Pair => string.Join('-', Parties);
}

public sealed record ProjectFacts(string ProjectId, string? Name, string Status, string? Statement, string? StatusOn);

public sealed record ClaimRecorded(Guid ClaimId, Guid SourceId, ClaimContent Content, string Actor)
{
    /// <summary>
    /// A claim sent again under its id is a retry when it says what was first recorded under that id (the source and
    /// the content), even if the claim has been corrected since; anything else under that id is a conflict.
    /// </summary>
    public bool Repeats(ClaimRecorded first) => first.SourceId == SourceId && first.Content.SameAs(Content);

    /// <summary>What was first recorded under a claim's id.</summary>
    public static async Task<ClaimRecorded> FirstAsync(Marten.IQuerySession session, Guid claimId, CancellationToken ct) =>
        (ClaimRecorded)(await session.Events.FetchStreamAsync(claimId, version: 1, token: ct))[0].Data;
}

/// <summary>
/// A correction carries the claim before and after, so every view can move the claim between subjects without a lookup;
/// for the same reason it carries the claim's rank (null in events written before ranks existed: normal).
/// </summary>
public sealed record ClaimCorrected(
    Guid ClaimId, Guid SourceId, ClaimContent Before, ClaimContent After, string Reason, long ExpectedVersion, string Actor,
    string? Rank = null);

public sealed record ClaimRetracted(Guid ClaimId, Guid SourceId, ClaimContent Content, string Reason, long ExpectedVersion, string Actor);

/// <summary>
/// A reviewer's judgement of how much the claim should count against other claims about the same subject
/// (<see cref="Judgement.Ranks"/>). It carries the content so the views can re-file the claim under its new rank without a lookup.
/// </summary>
public sealed record ClaimRanked(
    Guid ClaimId, Guid SourceId, ClaimContent Content, string Rank, string? PreviousRank, string Reason, long ExpectedVersion, string Actor);

/// <summary>A reviewer's verdict on whether the claim is true (<see cref="Judgement.Verdicts"/>), with a note saying why.</summary>
public sealed record ClaimVerdictGiven(
    Guid ClaimId, Guid SourceId, string Verdict, string? PreviousVerdict, string Note, long ExpectedVersion, string Actor);

/// <summary>The claim as it stands now: the claim view.</summary>
public sealed class Claim
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public Guid SourceId { get; set; }
    public ClaimContent Content { get; set; } = null!;
    public string Kind { get; set; } = "";
    public string SubjectId { get; set; } = "";
    public string? FigureKey { get; set; }
    public bool Retracted { get; set; }
    public string? RetractionReason { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset LastChangedAt { get; set; }
    public long LastSequence { get; set; }
    public string Rank { get; set; } = Judgement.Normal;
    public string? RankReason { get; set; }
    public string? Verdict { get; set; }
    public string? VerdictNote { get; set; }
    public DateTimeOffset? VerdictGivenAt { get; set; }
    public string? VerdictGivenBy { get; set; }

    public static Claim Create(IEvent<ClaimRecorded> e)
    {
        var claim = new Claim { Id = e.Data.ClaimId, SourceId = e.Data.SourceId, RecordedAt = e.Timestamp, RecordedBy = e.Data.Actor };
        claim.Take(e, e.Data.Content);
        return claim;
    }

    public void Apply(IEvent<ClaimCorrected> e) => Take(e, e.Data.After);

    public void Apply(IEvent<ClaimRetracted> e)
    {
        Take(e, e.Data.Content);
        Retracted = true;
        RetractionReason = e.Data.Reason;
    }

    public void Apply(IEvent<ClaimRanked> e)
    {
        Take(e, e.Data.Content);
        Rank = e.Data.Rank;
        RankReason = e.Data.Reason;
    }

    public void Apply(IEvent<ClaimVerdictGiven> e)
    {
        Version = e.Version;
        LastChangedAt = e.Timestamp;
        LastSequence = e.Sequence;
        Verdict = e.Data.Verdict;
        VerdictNote = e.Data.Note;
        VerdictGivenAt = e.Timestamp;
        VerdictGivenBy = e.Data.Actor;
    }

    private void Take(IEvent e, ClaimContent content)
    {
        Content = content;
        Kind = content.Kind;
        SubjectId = content.SubjectId;
        FigureKey = content.Figure?.Key;
        Version = e.Version;
        LastChangedAt = e.Timestamp;
        LastSequence = e.Sequence;
    }

    /// <summary>
    /// A claim's id can be chosen by whoever records it (the corpus derives one from the source and the claim's key),
    /// which makes a repeated load find the claim it already recorded.
    /// </summary>
    public static Guid IdFor(Guid sourceId, string key) => ClaimsLedger.Common.NameBasedId.From($"{sourceId:N}/{key}");
}
