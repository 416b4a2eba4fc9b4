using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Common;

/// <summary>A list read a numbered page at a time: which page, and how many to a page.</summary>
public class PageFilter
{
    /// <summary>The most any list gives in one page, whichever list it is.</summary>
    public const int MaxPageSize = 500;

    public int Page { get; set; } = 1;
    public int PageSize { get; set; } = 100;

    /// <summary>The page's errors and those of the list's other checks, in one problem naming every field at fault.</summary>
    public ProblemDetails Problems(params Action<FieldErrors>[] checks) =>
        FieldErrors.Check([errors => errors.RequirePage(Page, PageSize), .. checks]);
}
