using Microsoft.AspNetCore.Mvc;

namespace ClaimsLedger.Common;

/// <summary>
/// Collects what is wrong with a request, field by field, so the answer names every field at fault at once.
/// Field names are JSON paths as the client wrote them ("figure.unit", "changes.quote").
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>Every change to something that exists names the version it was read at, so a stale change is refused.</summary>
    public FieldErrors RequireExpectedVersion(long? expectedVersion)
    {
        if (expectedVersion is null) Add("expectedVersion", "is required: the version you read");
        // Every record starts at version 1: a smaller one was read from nothing, and a 409 would send the client to re-read.
        else if (expectedVersion < 1) Add("expectedVersion", "must be 1 or more: the version you read");
        return this;
    }

    /// <summary>Every change to the ledger says why: a reason of 1 to 2000 characters.</summary>
    public FieldErrors RequireReason(string? reason, string why)
    {
        if (string.IsNullOrWhiteSpace(reason)) Add("reason", "is required: " + why);
        else if (reason.Length > 2000) Add("reason", "must be at most 2000 characters");
        return this;
    }

    /// <summary>Every list comes a page at a time: pages count from 1, and a page holds 1 to <see cref="PageFilter.MaxPageSize"/>.</summary>
    public FieldErrors RequirePage(int? page, int pageSize)
    {
        if (page < 1) Add("page", "must be 1 or more");
        if (pageSize < 1 || pageSize > PageFilter.MaxPageSize) Add("pageSize", $"must be from 1 to {PageFilter.MaxPageSize}");
        return this;
    }

    /// <summary>
    /// How many of something an answer lists, where not giving it lists every one: 1 to 1000 when given.
    /// <paramref name="what"/> names them, e.g. "of the most similar sources".
    /// </summary>
    public FieldErrors RequireListLimit(string field, int? limit, string what)
    {
        if (limit is < 1 or > 1000) Add(field, $"must be from 1 to 1000: how many {what} to list (every one when not given)");
        return this;
    }

    /// <param name="title">What the fields have in common, for an answer other than a 400 (a 409's "A different claim already has this id").</param>
    public ProblemDetails ToProblem(int status = StatusCodes.Status400BadRequest, string? title = null) =>
        Problems.Invalid(_errors.ToDictionary(x => x.Key, x => x.Value.ToArray()), status, title);

    /// <summary>What a <c>Validate</c> step answers: the faults found, or Wolverine's "go on" when there are none.</summary>
    public ProblemDetails ToProblemOrContinue() => Any ? ToProblem() : Wolverine.Http.WolverineContinue.NoProblems;

    /// <summary>A <c>Validate</c> step's answer from checks that each add the faults they find.</summary>
    public static ProblemDetails Check(params Action<FieldErrors>[] checks)
    {
        var errors = new FieldErrors();
        foreach (var check in checks) check(errors);
        return errors.ToProblemOrContinue();
    }
}

public static class Problems
{
    public static ProblemDetails Invalid(IDictionary<string, string[]> errors, int status = StatusCodes.Status400BadRequest, string? title = null)
    {
        var first = errors.First();
        return new ValidationProblemDetails(errors)
        {
            Status = status,
            Title = title ?? "The request has invalid fields",
            // The others by name: a count alone read as one more item of the first message's own list.
            Detail = $"{first.Key}: {first.Value[0]}" + (errors.Count > 1 ? $". Also at fault: {string.Join(", ", errors.Keys.Skip(1))}" : ""),
            Type = status == StatusCodes.Status409Conflict ? "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.10"
                : "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.1",
        };
    }

    public static ProblemDetails Invalid(string field, string message, int status = StatusCodes.Status400BadRequest) =>
        new FieldErrors().Add(field, message).ToProblem(status);

    /// <summary>A 404: an unknown record, or something a record does not have (yet), naming the field that asked for it.</summary>
    public static ProblemDetails Missing(string title, string detail, string? field = null)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = title,
            Detail = detail,
            Type = "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.5",
        };
        if (field is not null) problem.Extensions["field"] = field;
        return problem;
    }

    public static ProblemDetails NotFound(string what, object id) =>
        Missing($"Unknown {what}", $"There is no {what} with id '{id}'.");

    /// <summary>The answer to a write based on an old version: it says the current one so the client can re-read and retry.</summary>
    /// <param name="what">What was changed meanwhile, in the analysts' word: claim, source, proposal.</param>
    public static ProblemDetails StaleVersion(string what, long expected, long current) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = $"The {what} has changed since you read it",
        Detail = $"expectedVersion is {expected} but the current version is {current}. Re-read the {what} and send your change against version {current}.",
        Type = "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.10",
        Extensions = { ["field"] = "expectedVersion", ["expectedVersion"] = expected, ["currentVersion"] = current },
    };
}
