using ClaimsLedger.Claims;
using ClaimsLedger.Sources;
using JasperFx.Events;
using Marten.Events.Projections;

namespace ClaimsLedger.Changes;

/// <summary>How many writes of each kind the ledger recorded on one day.</summary>
public sealed class DayCounts
{
    public int ClaimsRecorded { get; set; }
    public int ClaimsCorrected { get; set; }
    public int ClaimsRetracted { get; set; }
    public int SourceCorrections { get; set; }
}

/// <summary>
/// One source's activity in the ledger, day by day (UTC, by the instant each event was recorded): what analysts read to
/// see which sources are being worked on, corrected or withdrawn. An async view: it trails the ledger by the
/// daemon's polling interval, and says how far it has read.
/// </summary>
public sealed class SourceActivity
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public SortedDictionary<string, DayCounts> Days { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The newest of <see cref="Days"/>; null in a document written before it was kept.</summary>
    public string? LastDay { get; set; }

    public DayCounts On(IEvent e)
    {
        var day = e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (!Days.TryGetValue(day, out var counts)) Days[day] = counts = new DayCounts();
        if (LastDay is null || string.CompareOrdinal(day, LastDay) > 0) LastDay = day;
        return counts;
    }
}

public sealed partial class SourceActivityProjection : MultiStreamProjection<SourceActivity, Guid>
{
    public SourceActivityProjection()
    {
        Name = nameof(SourceActivity);
        Identity<SourceRegistered>(e => e.SourceId);
        Identity<SourceMetadataCorrected>(e => e.SourceId);
        Identity<ClaimRecorded>(e => e.SourceId);
        Identity<ClaimCorrected>(e => e.SourceId);
        Identity<ClaimRetracted>(e => e.SourceId);
    }

    public void Apply(SourceActivity view, IEvent<SourceRegistered> e)
    {
        view.Id = e.Data.SourceId;
        view.Title = e.Data.Metadata.Title;
    }

    public void Apply(SourceActivity view, IEvent<SourceMetadataCorrected> e)
    {
        view.Id = e.Data.SourceId;
        view.Title = e.Data.After.Title;
        view.On(e).SourceCorrections++;
    }

    public void Apply(SourceActivity view, IEvent<ClaimRecorded> e) { view.Id = e.Data.SourceId; view.On(e).ClaimsRecorded++; }

    public void Apply(SourceActivity view, IEvent<ClaimCorrected> e) { view.Id = e.Data.SourceId; view.On(e).ClaimsCorrected++; }

    public void Apply(SourceActivity view, IEvent<ClaimRetracted> e) { view.Id = e.Data.SourceId; view.On(e).ClaimsRetracted++; }
}
