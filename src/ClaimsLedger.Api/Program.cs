using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using ClaimsLedger.Hosting;
using ClaimsLedger.Seeding;
using ClaimsLedger.Sources;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Projections;
using Marten;
using Scalar.AspNetCore;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(args);

var (connectionString, embedded) = await LedgerDatabase.ResolveAsync(builder.Configuration, builder.Environment.ContentRootPath);
if (embedded is not null)
{
    builder.Services.AddSingleton(embedded);
    builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
}

builder.Services.AddMarten(opts =>
    {
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = "ledger";
        opts.Events.DatabaseSchemaName = "ledger";
        // Rich appends give inline projections each event's sequence and timestamp: the views keep both for time travel.
        opts.Events.AppendMode = JasperFx.Events.EventAppendMode.Rich;
        opts.Events.TimeProvider = new PostgresClock();

        // Inline: a write and the views it changes commit in one transaction, so every read sees every acknowledged write.
        opts.Projections.Snapshot<Source>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<Claim>(SnapshotLifecycle.Inline);
        opts.Projections.Add<SubjectClaimsProjection>(ProjectionLifecycle.Inline);

        opts.Schema.For<Claim>().Index(c => c.SourceId).Index(c => c.FigureKey).Index(c => c.Kind);
        opts.Schema.For<SubjectClaims>().Index(s => s.Kind).Index(s => s.SeriesKey);
        ClaimsLedger.Extraction.ExtractionSetup.Configure(opts);
    })
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup()
    .IntegrateWithWolverine();

builder.Host.UseWolverine(opts =>
{
    opts.Policies.AutoApplyTransactions();
#if DEBUG
    // Development builds compile what is not pre-generated; Release ships no compiler and runs Internal/Generated only.
    opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Auto;
#else
    opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
#endif
});

builder.Services.AddWolverineHttp();
builder.Services.ConfigureSystemTextJsonForWolverineOrMinimalApi(o => LedgerJson.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ErrorAnswers.NameTheField);
builder.Services.AddExceptionHandler<ErrorAnswers>();
builder.Services.AddOpenApi();
builder.Services.AddHostedService<SeedOnStart>();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
// The analysts' dashboard: static files built from web/ into wwwroot, served from the API's own port.
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapOpenApi();
app.MapScalarApiReference("/docs");
app.MapWolverineEndpoints(opts =>
{
    opts.RejectUnparseableQueryValues = true;
    opts.MapConcurrencyFailuresToConflict(toProblemDetails: e => ErrorAnswers.Answer(e));
});

return await app.RunJasperFxCommands(args);

public partial class Program;
