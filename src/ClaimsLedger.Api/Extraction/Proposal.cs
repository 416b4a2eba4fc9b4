using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using JasperFx.Events;

namespace ClaimsLedger.Extraction;

/// <summary>Where a proposal stands in review: only an accepted proposal becomes a claim and reaches the views.</summary>
public static class ProposalStatus
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public static readonly string[] All = [Pending, Accepted, Rejected];
}

/// <summary>
/// What the extractor read in a source: a candidate claim in the ledger's normalized form, the figure key it would
/// fall under, the verbatim quote and span (inside the content), how sure the extractor is and which rule fired, and why.
/// </summary>
public sealed record ClaimProposed(
    Guid ProposalId, Guid SourceId, ClaimContent Content, string? FigureKey, decimal Confidence, string Rule, string Reason,
    string ExtractorVersion, string Actor);

/// <summary>A reviewer's edit before deciding: the proposal before and after, so the audit shows what the extractor said and what changed.</summary>
public sealed record ProposalEdited(
    Guid ProposalId, Guid SourceId, ClaimContent Before, ClaimContent After, string Reason, long ExpectedVersion, string Actor);

/// <summary>The proposal became the claim <paramref name="ClaimId"/> (recorded with ClaimRecorded in the same transaction).</summary>
public sealed record ProposalAccepted(Guid ProposalId, Guid SourceId, Guid ClaimId, long ExpectedVersion, string Actor);

public sealed record ProposalRejected(Guid ProposalId, Guid SourceId, string Reason, long ExpectedVersion, string Actor);

/// <summary>One proposal as it stands: the review queue's row. Built inline from the proposal's own stream.</summary>
public sealed class Proposal
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public Guid SourceId { get; set; }
    public string Status { get; set; } = ProposalStatus.Pending;
    public string Kind { get; set; } = "";
    /// <summary>The claim as it stands now, after any reviewer's edits.</summary>
    public ClaimContent Content { get; set; } = null!;
    /// <summary>The claim exactly as the extractor proposed it.</summary>
    public ClaimContent Proposed { get; set; } = null!;
    public string? FigureKey { get; set; }
    public int SpanStart { get; set; }
    public decimal Confidence { get; set; }
    public string Rule { get; set; } = "";
    public string Reason { get; set; } = "";
    public string ExtractorVersion { get; set; } = "";
    public bool Edited { get; set; }
    public DateTimeOffset ProposedAt { get; set; }
    public string ProposedBy { get; set; } = "";
    public Guid? ClaimId { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? RejectionReason { get; set; }
    public DateTimeOffset LastChangedAt { get; set; }
    public long LastSequence { get; set; }

    public static Proposal Create(IEvent<ClaimProposed> e)
    {
        var proposal = new Proposal
        {
            Id = e.Data.ProposalId, SourceId = e.Data.SourceId, Proposed = e.Data.Content, Confidence = e.Data.Confidence,
            Rule = e.Data.Rule, Reason = e.Data.Reason, ExtractorVersion = e.Data.ExtractorVersion,
            ProposedAt = e.Timestamp, ProposedBy = e.Data.Actor,
        };
        proposal.Take(e, e.Data.Content);
        return proposal;
    }

    public void Apply(IEvent<ProposalEdited> e)
    {
        Take(e, e.Data.After);
        Edited = true;
    }

    public void Apply(IEvent<ProposalAccepted> e)
    {
        Take(e, Content);
        Status = ProposalStatus.Accepted;
        ClaimId = e.Data.ClaimId;
        DecidedBy = e.Data.Actor;
        DecidedAt = e.Timestamp;
    }

    public void Apply(IEvent<ProposalRejected> e)
    {
        Take(e, Content);
        Status = ProposalStatus.Rejected;
        RejectionReason = e.Data.Reason;
        DecidedBy = e.Data.Actor;
        DecidedAt = e.Timestamp;
    }

    private void Take(IEvent e, ClaimContent content)
    {
        Content = content;
        Kind = content.Kind;
        FigureKey = content.Figure?.Key;
        SpanStart = content.SpanStart;
        Version = e.Version;
        LastChangedAt = e.Timestamp;
        LastSequence = e.Sequence;
    }

    /// <summary>
    /// A proposal's id follows from its source, the rule that found it, where it stands and what it is about,
    /// so running the extractor again over the same text proposes nothing twice.
    /// </summary>
    public static Guid IdFor(Guid sourceId, string rule, int spanStart, int spanEnd, string subject) =>
        NameBasedId.From($"{sourceId:N}/proposal/{rule}/{spanStart}-{spanEnd}/{subject}");

    /// <summary>The claim an accepted proposal becomes: its id follows from the proposal's, so an accept is recorded once.</summary>
    public static Guid ClaimIdFor(Guid proposalId) => NameBasedId.From($"{proposalId:N}/claim");
}
