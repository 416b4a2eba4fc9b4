using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimsLedger.Claims;
using ClaimsLedger.Common;
using ClaimsLedger.Sources;

namespace ClaimsLedger.Seeding;

public sealed record CorpusCorrection(JsonObject? Changes, string? Reason);

public sealed record CorpusClaim(
    string? Key, int? Occurrence, List<CorpusCorrection>? Corrections,
    string? Kind, string? Quote, List<string>? Names, string? Note,
    FigureFields? Figure, PartnershipFields? Partnership, ProjectFields? Project)
    : ClaimFields(Kind, Quote, null, Names, Note, Figure, Partnership, Project);

/// <summary>One article's curated claims: the file beside the article's text (see docs/corpus-format.md).</summary>
public sealed record CorpusFile(SourceFields? Source, List<CorpusCorrection>? SourceCorrections, List<CorpusClaim>? Claims);

public sealed record CorpusLoadReport(string Article, Guid SourceId, int NewSources, int NewClaims, int NewCorrections, int Claims);

/// <summary>A folder's load after each file: how many of its files are loaded, the last one's report, the time so far.</summary>
public sealed record CorpusProgress(int Loaded, int Files, CorpusLoadReport Report, TimeSpan Elapsed)
{
    /// <summary>What the files still to load will take at the pace so far.</summary>
    public TimeSpan Left => Elapsed / Loaded * (Files - Loaded);
}

/// <summary>
/// Loads corpus files through the service's public HTTP API, the way a user would load a sixth article.
/// A folder's files are all checked before anything is sent, so a bad file appends nothing; ids follow from the text and the
/// claim keys, and corrections go in only where a claim's history shows they are missing, so loading twice appends nothing.
/// The client must be authenticated as a contributor (an X-Api-Key default header); the actor recorded is its identity.
/// </summary>
public sealed class CorpusLoader(HttpClient http)
{
    public static IReadOnlyList<string> Files(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "*.claims.json").Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>
    /// Loads every corpus file of a folder, in name order, telling <paramref name="progress"/> after each. Every file is
    /// checked first: a folder with a faulty file sends nothing, and the exception names every fault of every file.
    /// </summary>
    public async Task<IReadOnlyList<CorpusLoadReport>> LoadDirectoryAsync(string directory, Action<CorpusProgress>? progress = null, CancellationToken ct = default)
    {
        var files = ReadAll(Files(directory));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var reports = new List<CorpusLoadReport>();
        foreach (var (file, corpus, text) in files)
        {
            reports.Add(await LoadAsync(file, corpus, text, ct));
            progress?.Invoke(new CorpusProgress(reports.Count, files.Count, reports[^1], clock.Elapsed));
        }
        return reports;
    }

    /// <summary>Reads and checks every file, each once; throws naming every fault of every file when any has one.</summary>
    private static List<(string File, CorpusFile Corpus, string Text)> ReadAll(IReadOnlyList<string> files)
    {
        var read = new List<(string, CorpusFile, string)>();
        var faults = new List<string>();
        var faulty = 0;
        foreach (var file in files)
        {
            try
            {
                var (corpus, text) = Read(file);
                read.Add((file, corpus, text));
            }
            catch (CorpusException e)
            {
                faulty++;
                faults.AddRange(e.Faults.Select(f => $"{Path.GetFileName(file)}: {f}"));
            }
        }
        if (faulty > 0) throw CorpusException.Folder(faulty, files.Count, faults);
        return read;
    }

    /// <summary>Reads and checks a corpus file against its article; throws <see cref="CorpusException"/> naming every fault.</summary>
    public static (CorpusFile File, string Text) Read(string claimsFile)
    {
        var article = claimsFile[..^".claims.json".Length] + ".txt";
        if (!File.Exists(article)) throw new CorpusException(claimsFile, [$"the article {Path.GetFileName(article)} is missing"]);
        var text = File.ReadAllText(article);
        CorpusFile? corpus;
        try { corpus = JsonSerializer.Deserialize<CorpusFile>(File.ReadAllText(claimsFile), LedgerJson.Options); }
        catch (JsonException e) { throw new CorpusException(claimsFile, [$"{LedgerJson.FieldOf(e)}: {LedgerJson.Describe(e)}"]); }

        var errors = new FieldErrors();
        if (corpus?.Source is null) errors.Add("source", "is required");
        else corpus.Source.ToMetadata(errors, "source.");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (corpus?.Claims?.Count ?? 0); i++)
        {
            var claim = corpus!.Claims![i];
            var at = $"claims[{i}]" + (claim.Key is null ? "" : $" ({claim.Key})") + ".";
            if (string.IsNullOrWhiteSpace(claim.Key)) errors.Add(at + "key", "is required: a stable name within the file");
            else if (!keys.Add(claim.Key)) errors.Add(at + "key", "is used twice in this file");
            if (claim.Quote is not null && SpanOf(text, claim.Quote, claim.Occurrence ?? 1) is null)
                errors.Add(at + "quote", $"does not occur {(claim.Occurrence is > 1 ? $"{claim.Occurrence} times " : "")}in the article");
            else claim.WithSpan(text, errors, at);
        }

        var problem = errors.Any ? (Microsoft.AspNetCore.Mvc.ValidationProblemDetails)errors.ToProblem() : null;
        if (problem is not null) throw new CorpusException(claimsFile, problem.Errors.Select(e => $"{e.Key}: {string.Join("; ", e.Value)}").ToList());
        return (corpus!, text);
    }

    public async Task<CorpusLoadReport> LoadAsync(string claimsFile, CancellationToken ct = default)
    {
        var (corpus, text) = Read(claimsFile);
        return await LoadAsync(claimsFile, corpus, text, ct);
    }

    private async Task<CorpusLoadReport> LoadAsync(string claimsFile, CorpusFile corpus, string text, CancellationToken ct)
    {
        var s = corpus.Source!;
        var registered = await SendAsync<SourceWritten>(claimsFile, HttpMethod.Post, "/sources",
            new RegisterSource(s.Title, s.Outlet, s.Url, s.PublishedOn, s.DateBasis, s.DateNote, s.RetrievedOn, text), ct);
        var corrections = await CatchUpAsync(claimsFile, $"/sources/{registered.Id}", registered.Version, corpus.SourceCorrections,
            $"/sources/{registered.Id}", "history", ct);

        var claims = corpus.Claims ?? [];
        var records = claims.Select(claim =>
        {
            var fields = claim.WithSpan(text, new FieldErrors(), "")!;
            return new RecordClaim(Claim.IdFor(registered.Id, claim.Key!), registered.Id, fields.Kind, fields.Quote, fields.SpanStart,
                fields.Names, fields.Note, fields.Figure, fields.Partnership, fields.Project);
        }).ToList();
        var imported = records.Count == 0 ? new ImportAnswer([], 0, 0)
            : await SendAsync<ImportAnswer>(claimsFile, HttpMethod.Post, "/imports/claims", new ImportClaims(records), ct);
        for (var i = 0; i < claims.Count; i++)
            corrections += await CatchUpAsync(claimsFile, $"/claims/{imported.Claims[i].Id}", imported.Claims[i].Version, claims[i].Corrections,
                $"/claims/{imported.Claims[i].Id}/history", "versions", ct);
        var newClaims = imported.Created;

        return new CorpusLoadReport(Path.GetFileName(claimsFile), registered.Id, registered.Created ? 1 : 0, newClaims, corrections, corpus.Claims?.Count ?? 0);
    }

    /// <summary>
    /// Sends the corrections a stream does not have yet, against its current version. A version also counts ranks,
    /// verdicts and source links, so the corrections already made are counted in the stream's history.
    /// </summary>
    private async Task<int> CatchUpAsync(string file, string stream, long version, List<CorpusCorrection>? corrections,
        string historyPath, string historyField, CancellationToken ct)
    {
        if (corrections is not { Count: > 0 }) return 0;
        var made = version == 1 ? 0 : await CorrectionsMadeAsync(file, historyPath, historyField, ct);
        var sent = 0;
        for (var i = made; i < corrections.Count; i++)
        {
            var correction = corrections![i];
            await SendAsync<JsonObject>(file, HttpMethod.Post, $"{stream}/corrections",
                new { expectedVersion = version, reason = correction.Reason, changes = correction.Changes }, ct);
            version++;
            sent++;
        }
        return sent;
    }

    private async Task<int> CorrectionsMadeAsync(string file, string path, string field, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        if (!response.IsSuccessStatusCode)
            throw new CorpusException(file, [$"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}"]);
        var history = (await response.Content.ReadFromJsonAsync<JsonObject>(LedgerJson.Options, ct))?[field]?.AsArray() ?? [];
        return history.Count(v => v?["eventType"]?.GetValue<string>() == "corrected");
    }

    internal static int? SpanOf(string text, string quote, int occurrence)
    {
        var at = -1;
        for (var n = 0; n < occurrence; n++)
        {
            at = text.IndexOf(quote, at + 1, StringComparison.Ordinal);
            if (at < 0) return null;
        }
        return at;
    }

    private async Task<T> SendAsync<T>(string file, HttpMethod method, string path, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: LedgerJson.Options) };
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new CorpusException(file, [$"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}"]);
        return (await response.Content.ReadFromJsonAsync<T>(LedgerJson.Options, ct))!;
    }
}

public static class CorpusClaimExtensions
{
    /// <summary>The claim's fields with its span fixed by the occurrence of its quote, checked by the same rules the service applies.</summary>
    public static ClaimFields? WithSpan(this CorpusClaim claim, string text, FieldErrors errors, string prefix)
    {
        var span = claim.Quote is null ? null : CorpusLoader.SpanOf(text, claim.Quote, claim.Occurrence ?? 1);
        var fields = new ClaimFields(claim.Kind, claim.Quote, span, claim.Names, claim.Note, claim.Figure, claim.Partnership, claim.Project);
        return fields.ToContent(text, errors, prefix) is null ? null : fields;
    }
}

public sealed class CorpusException : Exception
{
    public CorpusException(string file, IReadOnlyList<string> faults) : this(faults, $"Corpus file {Path.GetFileName(file)} was not loaded") { }

    private CorpusException(IReadOnlyList<string> faults, string what) : base($"{what}:\n  " + string.Join("\n  ", faults)) => Faults = faults;

    public static CorpusException Folder(int faulty, int files, IReadOnlyList<string> faults) =>
        new(faults, $"{faulty} of {files} corpus files have faults, so no file was loaded");

    public IReadOnlyList<string> Faults { get; }
}
