using ClaimsLedger.Common;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Sources;

/// <summary>The metadata fields a client writes, all optional here so that a missing one is named in the answer.</summary>
public record SourceFields(
    string? Title, string? Outlet, string? Url, string? PublishedOn, string? DateBasis, string? DateNote, string? RetrievedOn)
{
    public static readonly string[] DateBases = ["stated", "inferred"];

    public SourceMetadata? ToMetadata(FieldErrors errors, string prefix = "")
    {
        var ok = true;
        void Fail(string field, string message) { errors.Add(prefix + field, message); ok = false; }

        if (string.IsNullOrWhiteSpace(Title)) Fail("title", "is required");
        else if (Title.Length > 500) Fail("title", "must be at most 500 characters");
        if (Outlet is { Length: > 200 }) Fail("outlet", "must be at most 200 characters");
        if (Url is not null && !(Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            Fail("url", "must be an absolute http or https address");
        // Dates are checked against today with a day's grace, for a source whose time zone is already in tomorrow.
        var latest = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        PartialDate? published = null;
        if (PublishedOn is null) Fail("publishedOn", "is required: " + PartialDate.Expected);
        else if (!PartialDate.TryParse(PublishedOn, out var p)) Fail("publishedOn", "must be " + PartialDate.Expected);
        else if (p.Start > latest) Fail("publishedOn", $"is after today ({latest.AddDays(-1):yyyy-MM-dd}): a source is registered once it is published");
        else published = p;
        if (DateBasis is null) Fail("dateBasis", "is required: stated or inferred");
        else if (!DateBases.Contains(DateBasis)) Fail("dateBasis", "must be stated (on the page) or inferred (from the content)");
        if (DateBasis == "inferred" && string.IsNullOrWhiteSpace(DateNote)) Fail("dateNote", "is required when the date is inferred: say why");
        if (DateNote is { Length: > 1000 }) Fail("dateNote", "must be at most 1000 characters");
        if (RetrievedOn is not null)
        {
            if (!PartialDate.TryParse(RetrievedOn, out var r) || r.Precision != "day") Fail("retrievedOn", "must be a date YYYY-MM-DD");
            else if (r.Start > latest) Fail("retrievedOn", $"is after today ({latest.AddDays(-1):yyyy-MM-dd})");
            // Of a date known to the month or year, only its first day rules a retrieval out.
            else if (published is { } then && r.Start < then.Start)
                Fail("retrievedOn", $"is before the publication date ({PublishedOn}): the article cannot have been read before it was published");
        }
        return ok ? new SourceMetadata(Title!.Trim(), Outlet, Url, PublishedOn!, DateBasis!, DateNote, RetrievedOn) : null;
    }

    public static SourceFields From(SourceMetadata m) =>
        new(m.Title, m.Outlet, m.Url, m.PublishedOn, m.DateBasis, m.DateNote, m.RetrievedOn);
}

public sealed record RegisterSource(
    string? Title, string? Outlet, string? Url, string? PublishedOn, string? DateBasis, string? DateNote, string? RetrievedOn,
    string? Text)
    : SourceFields(Title, Outlet, Url, PublishedOn, DateBasis, DateNote, RetrievedOn);

public static class RegisterSourceEndpoint
{
    /// <summary>The longest article the ledger takes, in characters; long enough for any news article.</summary>
    public const int MaxTextLength = 200_000;

    public static ProblemDetails Validate(RegisterSource command)
    {
        var errors = new FieldErrors();
        command.ToMetadata(errors);
        if (string.IsNullOrWhiteSpace(command.Text)) errors.Add("text", "is required: the article's full text");
        else if (command.Text.Length > MaxTextLength) errors.Add("text", $"must be at most {MaxTextLength} characters");
        return errors.ToProblemOrContinue();
    }

    /// <summary>
    /// Registering the same text again is not an error: the answer is the existing source and nothing is appended,
    /// which is what makes seed and archive loads safe to repeat.
    /// </summary>
    [WolverinePost("/sources")]
    [EndpointSummary("Register an article as a source (201; the same text again answers 200 with the existing source)")]
    [ProducesResponseType<SourceWritten>(StatusCodes.Status201Created)]
    [ProducesResponseType<SourceWritten>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(RegisterSource command, IDocumentSession session, HttpContext http)
    {
        var metadata = command.ToMetadata(new FieldErrors())!;
        var (id, hash) = Source.IdentityOf(command.Text!);
        var existing = await session.LoadAsync<Source>(id);
        if (existing is not null)
        {
            return existing.MetadataVersions[0].Metadata == metadata || existing.Metadata == metadata
                ? Results.Ok(new SourceWritten(id, existing.Version, Created: false))
                : Results.Problem(new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "This text is already registered with other metadata",
                    Detail = $"Source {id} has the same text. To change its metadata, POST /sources/{id}/corrections.",
                    Extensions = { ["field"] = "text", ["sourceId"] = id, ["currentVersion"] = existing.Version },
                });
        }

        session.Events.StartStream<Source>(id, new SourceRegistered(id, metadata, command.Text!, hash, Actor.Of(http)));
        return Results.Created($"/sources/{id}", new SourceWritten(id, 1, Created: true));
    }
}

public sealed record SourceWritten(Guid Id, long Version, bool Created);
