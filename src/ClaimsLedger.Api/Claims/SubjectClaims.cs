using ClaimsLedger.Common;
using ClaimsLedger.Sources;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace ClaimsLedger.Claims;

/// <summary>
/// One version of a claim as a subject saw it; no content means the claim left the subject (retracted, or corrected into
/// another). A rank is part of the version, so the headline follows the ranks the ledger held at recordedAsOf.
/// </summary>
public sealed record ClaimVersion(long Version, long Sequence, DateTimeOffset RecordedAt, ClaimContent? Content, string? Rank = null);

public sealed class SubjectClaim
{
    public Guid ClaimId { get; set; }
    public Guid SourceId { get; set; }
    public List<ClaimVersion> Versions { get; set; } = [];

    public ClaimVersion? At(DateTimeOffset? recordedAsOf) =>
        recordedAsOf is null ? Versions[^1] : Versions.LastOrDefault(v => v.RecordedAt <= recordedAsOf);
}

/// <summary>
/// Every claim ever made about one subject (a figure key, a pair of parties, a project), with every version and the
/// moment the ledger recorded it. The figure, partnership and project views are read from these documents, which is
/// how one document answers all three time axes: recordedAsOf picks versions, asOf and validAt filter what remains.
/// </summary>
public sealed class SubjectClaims
{
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    /// <summary>For a figure: its key without the period, so a series can be found.</summary>
    public string? SeriesKey { get; set; }
    public List<SubjectClaim> Claims { get; set; } = [];

    public void Add(IEvent e, Guid claimId, Guid sourceId, ClaimContent? content, string? rank = null)
    {
        if (content is not null)
        {
            Kind = content.Kind;
            SeriesKey = content.Figure?.SeriesKey;
        }

        var claim = Claims.Find(c => c.ClaimId == claimId);
        if (claim is null) Claims.Add(claim = new SubjectClaim { ClaimId = claimId, SourceId = sourceId });
        // A correction keeps the rank the claim had (events from before ranks carry none).
        rank ??= claim.Versions.Count > 0 ? claim.Versions[^1].Rank : null;
        claim.Versions.Add(new ClaimVersion(e.Version, e.Sequence, e.Timestamp, content, rank));
    }
}

public sealed partial class SubjectClaimsProjection : MultiStreamProjection<SubjectClaims, string>
{
    public SubjectClaimsProjection()
    {
        Identities<ClaimRecorded>(e => [e.Content.SubjectId]);
        Identities<ClaimCorrected>(e => e.Before.SubjectId == e.After.SubjectId ? [e.After.SubjectId] : [e.Before.SubjectId, e.After.SubjectId]);
        Identities<ClaimRetracted>(e => [e.Content.SubjectId]);
        Identities<ClaimRanked>(e => [e.Content.SubjectId]);
    }

    public void Apply(SubjectClaims view, IEvent<ClaimRecorded> e)
    {
        view.Id = e.Data.Content.SubjectId;
        view.Add(e, e.Data.ClaimId, e.Data.SourceId, e.Data.Content);
    }

    public void Apply(SubjectClaims view, IEvent<ClaimCorrected> e)
    {
        if (view.Id.Length == 0) view.Id = e.Data.After.SubjectId;
        view.Add(e, e.Data.ClaimId, e.Data.SourceId, e.Data.After.SubjectId == view.Id ? e.Data.After : null, e.Data.Rank);
    }

    /// <summary>A new rank is a new version with the same content, so every time axis sees the rank it had then.</summary>
    public void Apply(SubjectClaims view, IEvent<ClaimRanked> e) => view.Add(e, e.Data.ClaimId, e.Data.SourceId, e.Data.Content, e.Data.Rank);

    public void Apply(SubjectClaims view, IEvent<ClaimRetracted> e) => view.Add(e, e.Data.ClaimId, e.Data.SourceId, null);
}

/// <summary>A claim that counts under the time axes asked, with its source's metadata as the ledger held it then.</summary>
public sealed record VisibleClaim(Guid ClaimId, long Version, DateTimeOffset RecordedAt, ClaimContent Content, Guid SourceId, SourceMetadata Source,
    string Rank = Judgement.Normal)
{
    public DateOnly KnownFrom => Source.KnownFrom;
}

public sealed record Visible(IReadOnlyList<VisibleClaim> Claims, long LedgerPosition);

public static class TimeTravel
{
    /// <summary>Every claim of one kind (figure, partnership, project) that counts under the axes.</summary>
    public static async Task<Visible> OfKindAsync(IQuerySession session, string kind, TimeAxes axes, CancellationToken ct) =>
        await VisibleAsync(session, await session.Query<SubjectClaims>().Where(s => s.Kind == kind).ToListAsync(ct), axes, ct);

    /// <summary>The claims about one subject that count under the axes; null when the ledger never heard of the subject.</summary>
    public static async Task<Visible?> OfSubjectAsync(IQuerySession session, string subjectId, TimeAxes axes, CancellationToken ct) =>
        await session.LoadAsync<SubjectClaims>(subjectId, ct) is { } subject ? await VisibleAsync(session, [subject], axes, ct) : null;

    /// <summary>
    /// The claims that count under recordedAsOf (the ledger as it stood) and asOf (only sources published by then).
    /// validAt is each view's own question, asked of what this returns. The ledger position is the newest event
    /// this answer reflects, so a report can cite it.
    /// </summary>
    public static async Task<Visible> VisibleAsync(IQuerySession session, IEnumerable<SubjectClaims> subjects, TimeAxes axes, CancellationToken ct = default)
    {
        var position = 0L;
        var current = new List<(SubjectClaim Claim, ClaimVersion Version)>();
        foreach (var claim in subjects.SelectMany(s => s.Claims))
        {
            var version = claim.At(axes.RecordedAsOf);
            if (version is null) continue;
            position = Math.Max(position, version.Sequence);
            if (version.Content is not null) current.Add((claim, version));
        }

        var sourceIds = current.Select(c => c.Claim.SourceId).Distinct().ToArray();
        var sources = sourceIds.Length == 0 ? [] : (await session.LoadManyAsync<Source>(ct, sourceIds)).ToDictionary(s => s.Id);
        var visible = new List<VisibleClaim>();
        foreach (var (claim, version) in current)
        {
            var metadata = sources.GetValueOrDefault(claim.SourceId)?.At(axes.RecordedAsOf);
            if (metadata is null) continue;
            position = Math.Max(position, metadata.Sequence);
            if (axes.AsOf is { } asOf && metadata.Metadata.KnownFrom > asOf) continue;
            visible.Add(new VisibleClaim(claim.ClaimId, version.Version, version.RecordedAt, version.Content!, claim.SourceId, metadata.Metadata,
                version.Rank ?? Judgement.Normal));
        }

        return new Visible(visible, position);
    }
}
