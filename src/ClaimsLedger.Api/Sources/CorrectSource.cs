using System.Text.Json.Nodes;
using ClaimsLedger.Common;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaimsLedger.Sources;

/// <summary>A correction to a source's metadata, e.g. a page date that turns out to be a re-publication date.</summary>
public sealed record CorrectSource(long? ExpectedVersion, string? Reason, JsonObject? Changes);

public static class CorrectSourceEndpoint
{
    public static ProblemDetails Validate(CorrectSource command, Source source) =>
        Corrected(command, source, out _);

    [WolverinePost("/sources/{sourceId}/corrections")]
    [EndpointSummary("Correct a source's metadata (title, outlet, publication date…), against the version read")]
    public static (SourceWritten, SourceMetadataCorrected) Post(
        CorrectSource command, [WriteAggregate("sourceId")] Source source, HttpContext http)
    {
        Corrected(command, source, out var after);
        return (new SourceWritten(source.Id, source.Version + 1, Created: false),
            new SourceMetadataCorrected(source.Id, source.Metadata, after!, command.Reason!.Trim(), command.ExpectedVersion!.Value, Actor.Of(http)));
    }

    private static ProblemDetails Corrected(CorrectSource command, Source source, out SourceMetadata? after)
    {
        after = null;
        var errors = new FieldErrors();
        errors.RequireExpectedVersion(command.ExpectedVersion);
        errors.RequireReason(command.Reason, "why the metadata changes");
        var fields = LedgerJson.Patch(SourceFields.From(source.Metadata), command.Changes, errors);
        after = fields?.ToMetadata(errors, "changes.");
        if (after is not null && after == source.Metadata) errors.Add("changes", "change nothing: every field already has that value");
        if (errors.Any) return errors.ToProblem();
        return command.ExpectedVersion != source.Version
            ? Problems.StaleVersion("source", command.ExpectedVersion!.Value, source.Version)
            : WolverineContinue.NoProblems;
    }
}
