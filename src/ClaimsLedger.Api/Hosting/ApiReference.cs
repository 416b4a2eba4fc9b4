using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ClaimsLedger.Hosting;

/// <summary>
/// The API reference (/docs) in its users' words. Wolverine names each operation's group after its endpoint class
/// (ClaimsLedger.Sources.CorrectSourceEndpoint) and fills its description with its operation id, which tells a reader
/// nothing: the operations are grouped by the area they belong to, as the code is, and keep only the descriptions
/// written for them.
/// </summary>
public sealed class ApiReference : IOpenApiDocumentTransformer
{
    private static readonly (string Namespace, string Name, string Description)[] Areas =
    [
        ("Claims", "Claims", "Record, correct, retract, rank and judge claims; read one claim, its history, or the claims a page at a time."),
        ("Figures", "Figures", "Trade figures and other numbers: a figure or series under the time axes (validAt, asOf, recordedAsOf), the figures a page at a time or all of them as CSV, the claims behind a figure as CSV."),
        ("Partnerships", "Partnerships", "The level of relations between two parties, step by step, under the time axes."),
        ("Projects", "Projects", "Joint projects and their dated status reports, under the time axes."),
        ("Sources", "Sources", "The articles claims are taken from: register, correct metadata, find syndicated copies."),
        ("Extraction", "Review", "Claims the extractor proposes from a source's text, and their review: accept, edit, reject."),
        ("Changes", "Changes", "What the ledger recorded, day by day."),
        ("Hosting", "Health", "Whether the service and its database answer."),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "ClaimsLedger API";
        document.Info.Description =
            "What news sources claim about Russia–Vietnam relations, as an event-sourced ledger: every claim with its source, " +
            "verbatim quote and dates, every correction kept. The views (figures, partnerships, projects) take three time axes: " +
            "`validAt` (the state in effect on a date), `asOf` (only what sources had published by a date) and `recordedAsOf` " +
            "(the ledger as it stood at an instant). Writes need an `X-Api-Key` (or a bearer token where configured); reads are open " +
            "unless the deployment closes them (`Ledger:Auth:OpenReads=false`). A refusal is RFC 7807 problem " +
            "details naming each field at fault, and nothing is written.";
        document.Tags = new HashSet<OpenApiTag>(Areas.Select(a => new OpenApiTag { Name = a.Name, Description = a.Description }));
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            var group = operation.Tags?.FirstOrDefault()?.Reference.Id ?? "";
            var area = Areas.FirstOrDefault(a => group.StartsWith($"ClaimsLedger.{a.Namespace}.", StringComparison.Ordinal));
            if (area.Name is not null) operation.Tags = new HashSet<OpenApiTagReference> { new(area.Name, document) };
            if (operation.Description == operation.OperationId) operation.Description = null;
        }
        return Task.CompletedTask;
    }
}
