using ClaimsLedger.Common;
using ClaimsLedger.Figures;
using ClaimsLedger.Hosting;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Claims;

public sealed record ClaimResponse(
    Guid Id, long Version, Guid SourceId, string Kind, string Quote, int SpanStart, int SpanEnd, IReadOnlyList<string> Names,
    string? Note, FigureFacts? Figure, PartnershipFacts? Partnership, ProjectFacts? Project, string? FigureKey, string Subject,
    bool Retracted, string? RetractionReason, DateTimeOffset RecordedAt, string RecordedBy, DateTimeOffset LastChangedAt, long LedgerPosition,
    string Rank, string? RankReason, string? Verdict, string? VerdictNote)
{
    public static ClaimResponse Of(Claim c) => new(c.Id, c.Version, c.SourceId, c.Content.Kind, c.Content.Quote, c.Content.SpanStart,
        c.Content.SpanEnd, c.Content.Names, c.Content.Note, c.Content.Figure, c.Content.Partnership, c.Content.Project, c.FigureKey,
        c.SubjectId, c.Retracted, c.RetractionReason, c.RecordedAt, c.RecordedBy, c.LastChangedAt, c.LastSequence,
        c.Rank, c.RankReason, c.Verdict, c.VerdictNote);
}

/// <summary>
/// A page of claims. <c>Next</c> is the <c>after</c> of the next page (null when this page is not full). <c>Total</c>
/// is counted for a page asked for by number, and left out (null) for one asked for by <c>after</c>: a client reading
/// the whole ledger page by page would pay the count each time (0.05–0.15 s on a 1M ledger, from indexes).
/// </summary>
public sealed record ClaimPage(IReadOnlyList<ClaimResponse> Claims, int Page, int PageSize, long? Total, Guid? Next);

/// <summary>Where a page starts: after the ledger position of the claim named by <c>after</c>, or at its page's offset.</summary>
public sealed record ClaimPageStart(long? AfterPosition, ProblemDetails Problem);

/// <summary>Which claims: of a source, of a kind, about a figure; live ones, unless retracted ones are asked for too.</summary>
public class ClaimSelection
{
    public Guid? SourceId { get; set; }
    public string? Kind { get; set; }
    public string? FigureKey { get; set; }
    public bool IncludeRetracted { get; set; }

    public void Check(FieldErrors errors)
    {
        if (Kind is not null && !ClaimKinds.All.Contains(Kind)) errors.Add("kind", Vocabulary.OneOf(ClaimKinds.All));
        // A key that cannot name a figure would match no claim: refused, as /figures/{figureKey} refuses it, not
        // answered with an empty page the analyst would read as "no claims about it".
        if (FigureKey is { } key && !FigureAsOfEndpoint.IsFigureKey(key, withPeriod: true))
            errors.Add("figureKey", FigureAsOfEndpoint.IsFigureKey(key, withPeriod: false)
                ? $"must be a figure's key with its period (metric:parties:period, e.g. trade-turnover:RU-VN:2021); a series' figures, each with its claims, are read at /figures/{key}"
                : "must be a figure's key, metric:parties:period, e.g. trade-turnover:RU-VN:2021" + FigureAsOfEndpoint.PartsOfKey(key));
    }

    /// <summary>The selection in SQL over the claim view aliased <c>d</c>: conditions each starting " and ", with their arguments.</summary>
    internal (string Where, object[] Args) Sql() => Sql(liveOnly: !IncludeRetracted);

    /// <summary>
    /// SQL counting the selection, its arguments. Live claims are counted as all the selected less the retracted ones:
    /// with no condition but a kind both counts are read from indexes (all from the whole view's or the kind's alone;
    /// the retracted from theirs, whose kind is read from the few claims it names),
    /// where "not retracted" would read every claim (0.75–1.18 s on a 1M ledger; 0.14–0.17 s so, see ClaimViewUpkeep).
    /// </summary>
    internal (string Sql, object[] Args) CountSql(string table)
    {
        var (where, args) = Sql(liveOnly: false);
        var all = $"select count(*) from {table} as d where true{where}";
        return IncludeRetracted
            ? ($"select jsonb_build_object('N', ({all}))", args)
            : ($"select jsonb_build_object('N', ({all}) - ({all} and d.{ClaimViewUpkeep.RetractedColumn}))", [.. args, .. args]);
    }

    /// <summary>
    /// In SQL, that a claim is of the kind: the condition of the kind's own index (LedgerStore), a count of one kind's
    /// claims read from it alone (0.07 s for 420,000 claims of a 1M ledger, 0.8 s reading the claims). Written out, not
    /// an argument: PostgreSQL uses a partial index only where the query's own text implies its condition.
    /// </summary>
    public static string OfKind(string kind, string view = "") =>
        ClaimKinds.All.Contains(kind) ? $"{view}data ->> 'Kind' = '{kind}'" : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind of claim");

    private (string Where, object[] Args) Sql(bool liveOnly)
    {
        // The filters use the claim view's indexes on the source, the kind and the figure key.
        var conditions = new List<string>();
        var args = new List<object>();
        if (SourceId is { } sourceId) { conditions.Add("(d.data ->> 'SourceId')::uuid = ?"); args.Add(sourceId); }
        if (Kind is { } kind) conditions.Add(OfKind(kind, "d."));
        if (FigureKey is { } key) { conditions.Add("d.data ->> 'FigureKey' = ?"); args.Add(Subjects.FigureKeyAsKept(key)); }
        if (liveOnly) conditions.Add(GetClaimsEndpoint.Live("d"));
        return (string.Concat(conditions.Select(c => " and " + c)), [.. args]);
    }
}

public sealed class ClaimFilter : ClaimSelection
{
    public int Page { get; set; } = 1;
    public int PageSize { get; set; } = 50;
    /// <summary>The last claim of the page before (its <c>next</c>): the page starts after it, whatever its depth.</summary>
    public Guid? After { get; set; }
}

public static class GetClaimsEndpoint
{
    public static async Task<ClaimPageStart> LoadAsync(ClaimFilter filter, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors();
        filter.Check(errors);
        errors.RequirePage(filter.Page, filter.PageSize);
        if (filter.After is not null && filter.Page != 1) errors.Add("after", "goes without page: a page follows either its number or the claim before it");
        if (errors.Any) return new ClaimPageStart(null, errors.ToProblem());
        if (filter.After is not { } after) return new ClaimPageStart(null, WolverineContinue.NoProblems);
        var recorded = (await session.Events.FetchStreamAsync(after, version: 1, token: ct)).FirstOrDefault();
        return recorded?.Data is ClaimRecorded
            ? new ClaimPageStart(recorded.Sequence, WolverineContinue.NoProblems)
            : new ClaimPageStart(null, errors.Add("after", "is not a claim in this ledger: give the next of the page before").ToProblem());
    }

    public static ProblemDetails Validate(ClaimPageStart start) => start.Problem;

    /// <summary>
    /// Claims in the order they were recorded: by the ledger position of each claim's first event, read along the
    /// event log's own key, so a page costs its depth, not the ledger's size, and no index of the claim view is needed for
    /// it. (An index on recordedAt was tried: its expression is a SQL function PostgreSQL cannot inline, called for every
    /// claim written; PostgreSQL's CPU per append was 0.81 ms in the 1M run with it, 0.61 ms without.) The total is
    /// counted apart from the page: in the page's query (count(*) over ()) every matching claim was read and sorted
    /// before the first was sent, 6.4 s on a 1M ledger. A page asked for by <c>after</c> seeks its start in that key, so
    /// reading the whole ledger costs each page the same; one asked for by number skips the pages before it.
    /// </summary>
    [WolverineGet("/claims")]
    [EndpointSummary("The claims, in the order they were recorded, a page at a time")]
    public static async Task<ClaimPage> GetAll([FromQuery] ClaimFilter filter, ClaimPageStart start, IQuerySession session, CancellationToken ct)
    {
        var (where, args) = filter.Sql();
        var claims = session.DocumentStore.Options.Schema.For<Claim>();

        var batch = session.CreateBatchQuery();
        var (from, offset) = start.AfterPosition is { } position ? (position, 0) : (0L, (filter.Page - 1) * filter.PageSize);
        var page = batch.Query<Claim>(RecordedAfter(session, "d.data", where) + " offset ?", [from, RecordedType(session), .. args, filter.PageSize, offset]);
        var total = start.AfterPosition is null && filter.CountSql(claims) is var (count, countArgs)
            ? batch.Query<RowCount>(count, countArgs)
            : null;
        await batch.Execute(ct);
        var found = (await page).Select(ClaimResponse.Of).ToList();
        return new ClaimPage(found, filter.Page, filter.PageSize, total is null ? null : (await total).Single().N,
            found.Count == filter.PageSize ? found[^1].Id : null);
    }

    /// <summary>In SQL, that the claim view under the alias is of a live claim: one not retracted.</summary>
    public static string Live(string alias) => $"not coalesce({alias}.{ClaimViewUpkeep.RetractedColumn}, false)";

    /// <summary>
    /// SQL for the claims meeting <paramref name="where"/> (over the claim view <c>d</c>) in the order they were recorded,
    /// after a ledger position; its arguments: the position, <see cref="RecordedType"/>, those of the condition, the limit.
    /// </summary>
    internal static string RecordedAfter(IQuerySession session, string select, string where) =>
        $"select {select} from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events as e " +
        $"join {session.DocumentStore.Options.Schema.For<Claim>()} as d on d.id = e.stream_id " +
        $"where e.seq_id > ? and e.version = 1 and e.type = ?{where} order by e.seq_id limit ?";

    /// <summary>The type Marten stores for <see cref="ClaimRecorded"/>, the first event of every claim's stream.</summary>
    internal static string RecordedType(IQuerySession session) =>
        ((Marten.Events.EventGraph)session.DocumentStore.Options.Events).EventMappingFor(typeof(ClaimRecorded)).EventTypeName;
}
