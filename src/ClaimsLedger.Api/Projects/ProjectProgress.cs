using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Projects;

/// <summary>One source's report of a project's status, dated by the text when it says, else by the source's publication.</summary>
public sealed record StatusReport(
    string Status, string? Statement, string ReportedFor, Guid ClaimId, Guid SourceId, string SourceTitle, string PublishedOn, string Quote);

public sealed record ProjectView(string ProjectId, string? Name, StatusReport? Latest, IReadOnlyList<StatusReport> Reports);

public sealed record ProjectAnswer(ProjectView Project, TimeAxes Axes, long LedgerPosition);

public sealed record ProjectList(IReadOnlyList<ProjectView> Projects, TimeAxes Axes, long LedgerPosition);

public static class ProjectProgressEndpoint
{
    public static ProblemDetails Validate(TimeQuery time) => time.Problems();

    [WolverineGet("/projects")]
    public static async Task<ProjectList> GetAll([FromQuery] TimeQuery time, IQuerySession session, CancellationToken ct)
    {
        var axes = time.Axes();
        var visible = await TimeTravel.OfKindAsync(session, ClaimKinds.Project, axes, ct);
        var projects = visible.Claims.GroupBy(c => c.Content.Project!.ProjectId)
            .Select(g => View(g.Key, g, axes.ValidAt))
            .Where(p => p.Reports.Count > 0)
            .OrderBy(p => p.ProjectId, StringComparer.Ordinal)
            .ToList();
        return new ProjectList(projects, axes, visible.LedgerPosition);
    }

    [WolverineGet("/projects/{projectId}")]
    public static async Task<IResult> Get(string projectId, [FromQuery] TimeQuery time, IQuerySession session, CancellationToken ct)
    {
        var axes = time.Axes();
        var visible = await TimeTravel.OfSubjectAsync(session, Subjects.Project(projectId), axes, ct);
        if (visible is null) return Results.Problem(Problems.NotFound("project", projectId));
        return Results.Ok(new ProjectAnswer(View(projectId, visible.Claims, axes.ValidAt), axes, visible.LedgerPosition));
    }

    /// <summary>The reports in date order; the latest is the status the project was last reported in (as of validAt, when given).</summary>
    private static ProjectView View(string projectId, IEnumerable<VisibleClaim> claims, DateOnly? validAt)
    {
        var reports = claims
            .Select(c => (Claim: c, For: c.Content.Project!.StatusOn is { } on && PartialDate.TryParse(on, out var d) ? d : c.Source.Published))
            .Where(r => validAt is null || r.For.Start <= validAt)
            .OrderBy(r => r.For.Start).ThenBy(r => r.Claim.KnownFrom).ThenBy(r => r.Claim.RecordedAt)
            .Select(r => new StatusReport(r.Claim.Content.Project!.Status, r.Claim.Content.Project.Statement, r.For.ToString(),
                r.Claim.ClaimId, r.Claim.SourceId, r.Claim.Source.Title, r.Claim.Source.PublishedOn, r.Claim.Content.Quote))
            .ToList();
        var name = claims.Select(c => c.Content.Project!.Name).LastOrDefault(n => n is not null);
        return new ProjectView(projectId, name, reports.LastOrDefault(), reports);
    }
}
