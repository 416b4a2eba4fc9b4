using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace ClaimsLedger.Projects;

/// <summary>One source's report of a project's status, dated by the text when it says, else by the source's publication.</summary>
/// <param name="AgeDays">Days from the last day the report can refer to up to the view's day (validAt, else asOf or recordedAsOf, else today).</param>
/// <param name="Stale">The project's latest report, older than the staleness age: to be re-checked.</param>
public sealed record StatusReport(
    string Status, string? Statement, string ReportedFor, Guid ClaimId, Guid SourceId, string SourceTitle, string PublishedOn, string Quote,
    int AgeDays, bool Stale);

/// <param name="Reports">In date order: every report, or in the list the latest <c>reportsPerProject</c> of them.</param>
/// <param name="ReportCount">How many reports count under the axes, listed or not.</param>
public sealed record ProjectView(string ProjectId, string? Name, StatusReport? Latest, IReadOnlyList<StatusReport> Reports, int ReportCount, bool NeedsRecheck);

/// <summary>The staleness rule as applied: the date ages are counted to, and the age past which a status is flagged.</summary>
public sealed record Staleness(DateOnly AgesOn, int StaleAfterDays);

public sealed record ProjectAnswer(ProjectView Project, Staleness Staleness, TimeAxes Axes, long LedgerPosition);

/// <param name="Next">Where the next page starts (pass it as <c>after</c>); null on the last page.</param>
public sealed record ProjectList(IReadOnlyList<ProjectView> Projects, Staleness Staleness, TimeAxes Axes, long LedgerPosition, int PageSize, string? Next);

/// <summary>Where a page of the project list starts, and how many projects it holds.</summary>
public sealed class ProjectListQuery
{
    /// <summary>The last project of the page before (its <c>next</c>).</summary>
    public string? After { get; set; }
    public int PageSize { get; set; } = 100;
    /// <summary>Words the project id must contain, any case, e.g. "ninh thuan".</summary>
    public string? Search { get; set; }
    /// <summary>
    /// How many of each project's reports to list, the latest ones: a project in the news for years has hundreds, and
    /// the list would carry each of them. Every one when not given; <c>reportCount</c> says how many there are.
    /// </summary>
    public int? ReportsPerProject { get; set; }

    public void Check(FieldErrors errors)
    {
        if (After is not null && !ClaimFields.IsSlug(After)) errors.Add("after", "must be a project id, the next of an earlier page");
        SearchWords.Check(Search, errors);
        errors.RequirePage(page: null, PageSize);   // the list pages by project id, not by number
        errors.RequireListLimit("reportsPerProject", ReportsPerProject, "of each project's latest reports");
    }
}

/// <summary>Configuration (section Ledger): a status or "not yet" statement older than StaleAfterDays, with no newer report, is stale.</summary>
public sealed class StalenessOptions
{
    public const string Section = "Ledger";
    public int StaleAfterDays { get; set; } = 365;

    /// <summary>Final statuses: a completed visit or a cancelled project does not need re-checking however old the report.</summary>
    public static readonly string[] Final = ["completed", "cancelled"];
}

public static class ProjectListEndpoint
{
    public static ProblemDetails Validate(TimeQuery time, ProjectListQuery page) => time.Problems(page.Check);

    /// <summary>
    /// The projects with a report under the axes, a page at a time in the order of their ids; projects whose reports all
    /// fall outside the axes are passed over. The ids come from the subject entries' index, so a page reads only its own
    /// projects' entries: the list used to read every project claim of the ledger (11.6 MB and 0.57 s at 32,000 project
    /// claims, growing with the ledger).
    /// </summary>
    [WolverineGet("/projects")]
    [EndpointSummary("The projects with a status report under the time axes, a page at a time")]
    public static async Task<ProjectList> GetAll([FromQuery] TimeQuery time, [FromQuery] ProjectListQuery page, IQuerySession session,
        IOptions<StalenessOptions> options, CancellationToken ct)
    {
        var axes = time.Axes();
        var staleness = ProjectProgressEndpoint.StalenessOf(axes, options.Value);
        var projects = new List<ProjectView>();
        var position = 0L;
        var cursor = page.After;
        while (true)
        {
            var wanted = page.PageSize - projects.Count;
            // One id more than the page still wants: whether it comes says whether a page follows this one.
            var ids = await SubjectIndex.IdsAfterAsync(session, Subjects.Project(""), within: null, cursor, wanted + 1, ct,
                SubjectIndex.HasAllWords, [SearchWords.Patterns(page.Search)]);
            var taken = ids.Take(wanted).ToList();
            if (taken.Count > 0)
            {
                var read = await SubjectEntries.LoadAsync(session, taken.Select(Subjects.Project).ToArray(), ct);
                var visible = await TimeTravel.VisibleAsync(session, read.Entries, axes, ct, read.Sources);
                position = Math.Max(position, visible.LedgerPosition);
                var byProject = visible.Claims.ToLookup(c => c.Content.Project!.ProjectId);
                projects.AddRange(taken.Select(id => ProjectProgressEndpoint.View(id, byProject[id], axes.ValidAt, staleness))
                    .Where(p => p.ReportCount > 0)
                    .Select(p => p with { Reports = [.. p.Reports.TakeLast(page.ReportsPerProject ?? int.MaxValue)] }));
            }
            if (ids.Count <= wanted) return new ProjectList(projects, staleness, axes, position, page.PageSize, null);
            if (projects.Count == page.PageSize) return new ProjectList(projects, staleness, axes, position, page.PageSize, taken[^1]);
            cursor = taken[^1];
        }
    }
}

public static class ProjectProgressEndpoint
{
    public static ProblemDetails Validate(TimeQuery time) => time.Problems();

    [WolverineGet("/projects/{projectId}")]
    [EndpointSummary("One project's dated status reports under the time axes")]
    [ProducesResponseType<ProjectAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string projectId, [FromQuery] TimeQuery time, IQuerySession session, IOptions<StalenessOptions> options,
        CancellationToken ct)
    {
        var axes = time.Axes();
        var staleness = StalenessOf(axes, options.Value);
        var visible = await TimeTravel.OfSubjectAsync(session, Subjects.Project(projectId), axes, ct);
        if (visible is null) return Results.Problem(Problems.NotFound("project", projectId));
        return Results.Ok(new ProjectAnswer(View(projectId, visible.Claims, axes.ValidAt, staleness), staleness, axes, visible.LedgerPosition));
    }

    /// <summary>Ages are counted to the day the view is asked about (<see cref="TimeAxes.Day"/>), so an old view ages as it did then.</summary>
    internal static Staleness StalenessOf(TimeAxes axes, StalenessOptions options) => new(axes.Day, Math.Max(0, options.StaleAfterDays));

    /// <summary>
    /// The reports in date order; the latest is the status the project was last reported in (as of validAt, when given).
    /// A report's age runs from the last day its date can mean, so a status dated only to a month or year is never
    /// called older than it may be; only the latest report can be stale, since any other has a newer report.
    /// </summary>
    internal static ProjectView View(string projectId, IEnumerable<VisibleClaim> claims, DateOnly? validAt, Staleness staleness)
    {
        var dated = claims
            .Select(c => (Claim: c, For: c.Content.Project!.StatusOn is { } on && PartialDate.TryParse(on, out var d) ? d : c.Source.Published))
            .Where(r => validAt is null || r.For.Start <= validAt)
            .OrderBy(r => r.For.Start).ThenBy(r => r.Claim.KnownFrom).ThenBy(r => r.Claim.RecordedAt)
            .ToList();
        var reports = dated.Select((r, i) =>
            {
                var age = Math.Max(0, staleness.AgesOn.DayNumber - r.For.End.DayNumber);
                return new StatusReport(r.Claim.Content.Project!.Status, r.Claim.Content.Project.Statement, r.For.ToString(),
                    r.Claim.ClaimId, r.Claim.SourceId, r.Claim.Source.Title, r.Claim.Source.PublishedOn, r.Claim.Content.Quote,
                    age, i == dated.Count - 1 && age > staleness.StaleAfterDays && !StalenessOptions.Final.Contains(r.Claim.Content.Project.Status));
            })
            .ToList();
        var name = claims.Select(c => c.Content.Project!.Name).LastOrDefault(n => n is not null);
        return new ProjectView(projectId, name, reports.LastOrDefault(), reports, reports.Count, reports.LastOrDefault()?.Stale ?? false);
    }
}
