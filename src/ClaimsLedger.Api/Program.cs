using ClaimsLedger.Access;
using ClaimsLedger.Common;
using ClaimsLedger.Hosting;
using ClaimsLedger.Seeding;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.ResponseCompression;
using System.Text.RegularExpressions;
using Scalar.AspNetCore;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

// The commands that need no database of their own run before the host (and any private PostgreSQL) is set up.
if (await StandaloneCommands.TryRunAsync(args) is { } code) return code;

var builder = WebApplication.CreateBuilder(args);
// The ledger's Wolverine chains are HTTP endpoints, not message handlers: "Wolverine found no handlers" at every start
// would send an operator looking for a fault that is not there. A real discovery error still shows.
builder.Logging.AddFilter("Wolverine.Configuration.HandlerDiscovery", LogLevel.Error);
ErrorAnswers.QuietUnreadableBodies(builder.Logging);

string connectionString;
EmbeddedPostgres? embedded;
try
{
    (connectionString, embedded) = await LedgerDatabase.ResolveAsync(builder.Configuration, builder.Environment.ContentRootPath);
}
catch (PostgresMissingException missing)
{
    await Console.Error.WriteLineAsync(missing.Message);
    return 1;
}
// Each node names itself on its database connections, so an operator (and /health) can see which node holds the
// async daemon's leadership lock.
var nodeName = builder.Configuration["Ledger:NodeName"] is { Length: > 0 } named ? named : $"{Environment.MachineName}:{Environment.ProcessId}";
var connection = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
if (string.IsNullOrEmpty(connection.ApplicationName)) connection.ApplicationName = "claimsledger " + nodeName;
// PostgreSQL notices a dead client only when it next reads from it: a node killed in the middle of a long statement
// (a rebuild's, a large import's) would leave the statement running to its end, holding its locks. Checking the
// client every second ends such a session within about a second (PostgreSQL 14 or later;
// Ledger:ClientCheckIntervalMs=0 leaves the server's setting alone).
var clientCheck = builder.Configuration.GetValue("Ledger:ClientCheckIntervalMs", 1000);
if (clientCheck > 0 && string.IsNullOrEmpty(connection.Options)) connection.Options = $"-c client_connection_check_interval={clientCheck}";
// Marten and Wolverine send the same few statements over and over, each on a connection taken from the pool and
// reset there. Parsing, planning and resetting took a quarter to a third of PostgreSQL's CPU per append. So a
// statement used twice on a connection is prepared there, and a connection goes back to the pool as it is: nothing
// the service runs leaves session state on a pooled connection (the daemon's lock and the rebuild's settings are
// transaction-scoped). Measured on a 1M ledger: 1.9-2.3 ms of PostgreSQL CPU per append before, 1.4-1.6 ms after.
// A connection string that sets either wins (behind PgBouncer in transaction mode: Max Auto Prepare=0).
if (!Regex.IsMatch(connectionString, @"Max\s*Auto\s*Prepare", RegexOptions.IgnoreCase))
{
    connection.MaxAutoPrepare = 100;
    connection.AutoPrepareMinUsages = 2;
}
if (!Regex.IsMatch(connectionString, @"No\s*Reset\s*On\s*Close", RegexOptions.IgnoreCase)) connection.NoResetOnClose = true;
connectionString = connection.ConnectionString;
if (embedded is not null)
{
    builder.Services.AddSingleton(embedded);
    builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
}

// Hot/cold by default: with several nodes on one database, exactly one runs the asynchronous projections and another
// takes over when it dies. Tests run in-process set Solo (Ledger:Projections:Daemon) so they can wait for catch-up.
var daemonMode = builder.Configuration.GetValue("Ledger:Projections:Daemon", DaemonMode.HotCold);
builder.Services.AddMarten(opts => LedgerStore.Configure(opts, connectionString))
    .UseLightweightSessions()
    .AddAsyncDaemon(daemonMode)
    .ApplyAllDatabaseChangesOnStartup()
    .IntegrateWithWolverine();
builder.Services.AddHostedService<ClaimViewUpkeep>();
if (daemonMode == DaemonMode.HotCold) DaemonLeadership.Use(builder.Services, connectionString);

builder.Host.UseWolverine(opts =>
{
    opts.Policies.AutoApplyTransactions();
    // Idempotency-Key answers are stored in Wolverine's table in the ledger's database, in each write's own transaction.
    opts.Durability.EnableDeduplicatedResponses = true;
#if DEBUG
    // Development builds compile what is not pre-generated; Release ships no compiler and runs Internal/Generated only.
    opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Auto;
#else
    opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
#endif
});

builder.Services.AddWolverineHttp();
builder.Services.ConfigureSystemTextJsonForWolverineOrMinimalApi(o => LedgerJson.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ErrorAnswers.Explain);
builder.Services.AddExceptionHandler<ErrorAnswers>();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiSecurity>().AddDocumentTransformer<ApiReference>()
    .AddOperationTransformer(KnownQuery.NameAsSent));
builder.Services.AddSingleton<ClaimsLedger.Sources.SourceTexts>();
builder.Services.AddSingleton<GroupCommit>();
builder.Services.AddRequestDecompression();
// Lists, exports and the dashboard's files shrink about tenfold for a client that asks (Accept-Encoding); each coding
// at its fastest level. Nothing secret is in an answer (keys are never echoed), so compression reveals nothing (BREACH).
builder.Services.AddResponseCompression(o => o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/problem+json", "text/csv"]);
builder.Services.AddHostedService<SeedOnStart>();
builder.AddLedgerAccess();
var maxBody = RequestBodyLimit.From(builder.Configuration);
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = maxBody;
    RequestHeadLimit.Configure(k.Limits);
});
builder.Services.Configure<ClaimsLedger.Projects.StalenessOptions>(builder.Configuration.GetSection(ClaimsLedger.Projects.StalenessOptions.Section));

var app = builder.Build();

app.UseExceptionHandler();
app.UseResponseCompression();
app.Use(RequestHeadLimit.InvokeAsync);
app.Use(HeadRequests.InvokeAsync);
// Routing after HeadRequests, so a HEAD finds the GET endpoint; every middleware below reads the endpoint found.
app.UseRouting();
app.Use(AnswersInJson.InvokeAsync);
app.Use(PreparedStatementRecovery.InvokeAsync);
app.UseStatusCodePages();
// Before the limit: the limit then counts a compressed body's bytes as unpacked (a gzip bomb's few kilobytes are a 413).
app.UseRequestDecompression();
app.Use(RequestBodyLimit.Middleware(maxBody));
app.UseLedgerAccess();
app.Use(Idempotency.InvokeAsync);
app.Use(RequireJsonObject.InvokeAsync);
app.Use(KnownQuery.InvokeAsync);
// The analysts' dashboard: static files built from web/ into wwwroot, served from the API's own port.
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapOpenApi();
app.MapScalarApiReference("/docs");
app.MapWolverineEndpoints(opts =>
{
    opts.RejectUnparseableQueryValues = true;
    var openReads = app.Configuration.GetValue(AccessConvention.OpenReadsKey, true);
    opts.ConfigureEndpoints(chain =>
    {
        AccessConvention.Apply(chain, openReads);
        Idempotency.Apply(chain);
    });
    opts.MapConcurrencyFailuresToConflict(toProblemDetails: e => ErrorAnswers.Answer(e));
});

// With no command (no arguments, or only the host's own options such as --urls) the service just runs: JasperFx's
// command line would first search every Critter Stack assembly for commands, printing a line for each to the console
// before the first log line.
if (args is [] or [['-', ..], ..])
{
    await app.RunAsync();
    return 0;
}
return await app.RunJasperFxCommands(args);

public partial class Program;
