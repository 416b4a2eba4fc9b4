using System.Text.Json.Nodes;
using ClaimsLedger.Access;
using ClaimsLedger.Claims;
using ClaimsLedger.Seeding;
using ClaimsLedger.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ClaimsLedger.Tests;

/// <summary>The list of figures, a page at a time, with its filters, on the seed corpus.</summary>
[Collection(LedgerCollection.Name)]
public sealed class FigureListTests(LedgerApp app) : SeededTests(app)
{
    private Task<List<JsonNode>> WalkAsync(string query, int pageSize) => App.PagesAsync($"/figures?pageSize={pageSize}{query}");

    private static List<string> Keys(IEnumerable<JsonNode> pages) =>
        pages.SelectMany(p => p["figures"]!.AsArray()).Select(f => f!["figureKey"]!.GetValue<string>()).ToList();

    /// <summary>The keys of every page of two, from the page after <paramref name="after"/> on.</summary>
    private static async Task<List<string>> KeysAsync(HttpClient client, string query, string? after = null)
    {
        var keys = new List<string>();
        do
        {
            var page = JsonNode.Parse(await client.GetStringAsync($"/figures?pageSize=2{query}{(after is null ? "" : "&after=" + after)}"))!;
            keys.AddRange(Keys([page]));
            after = page["next"]?.GetValue<string>();
        } while (after is not null);
        return keys;
    }

    /// <summary>The figure keys of the ledger's live claims, read from the claims, not from the figures.</summary>
    private async Task<HashSet<string>> ClaimedKeysAsync()
    {
        var (_, claims) = await App.GetAsync("/claims?kind=figure&pageSize=500");
        Assert.True(claims!["total"]!.GetValue<long>() <= 500, "the seed corpus fits one page of claims");
        return claims["claims"]!.AsArray().Select(c => c!["figureKey"]!.GetValue<string>()).ToHashSet();
    }

    /// <summary>
    /// A year outside those a claim may name is refused; a ledger written before the rule may hold one, and the
    /// calendar's last periods are periods like any other there: nothing follows them to check a change against (the
    /// arithmetic threw, and every read of the list holding one was a 500).
    /// </summary>
    [Theory]
    [InlineData("9999")]
    [InlineData("9999-12")]
    [InlineData("9999-12-31")]
    [InlineData("9998..9999")]
    [InlineData("0001-01-01")]
    public async Task A_figure_of_the_calendars_first_or_last_period_is_refused_and_one_recorded_before_is_listed_read_and_exported(string period)
    {
        var (_, claims) = await App.GetAsync("/claims?kind=figure&pageSize=1");
        var claimId = claims!["claims"]![0]!["id"]!.GetValue<Guid>();
        var (_, recorded) = await App.GetAsync($"/claims/{claimId}");
        var figure = recorded!["figure"]!.DeepClone().AsObject();
        figure["metric"] = "trade-turnover";
        figure["period"] = period;
        var before = await App.EventCountAsync();
        var (status, problem) = await App.PostAsync("/claims", new
        {
            sourceId = recorded["sourceId"]!.GetValue<Guid>(), kind = "figure", quote = recorded["quote"]!.GetValue<string>(), figure,
        });
        Assert.True(status == 400 && problem?["errors"]?["figure.period"] is not null, problem?.ToJsonString());
        Assert.Equal(before, await App.EventCountAsync());

        // As a ledger written before the rule holds it: the claim's own recording, with the period it was then allowed.
        await using (var session = App.Store.LightweightSession())
        {
            var claim = await session.Events.AggregateStreamAsync<Claim>(claimId);
            var content = claim!.Content with { Figure = claim.Content.Figure! with { Metric = "trade-turnover", Period = period } };
            var id = Guid.NewGuid();
            session.Events.StartStream<Claim>(id, new ClaimRecorded(id, claim.SourceId, content, "system:test"));
            await session.SaveChangesAsync();
        }
        var key = $"trade-turnover:{string.Join('-', figure["parties"]!.AsArray().Select(p => p!.GetValue<string>()))}:{period}";

        var (listed, list) = await App.GetAsync("/figures?pageSize=500&metric=trade-turnover");
        var (read, _) = await App.GetAsync($"/figures/{key}");
        using var csv = await App.Client.GetAsync("/figures.csv?metric=trade-turnover");

        Assert.Equal((200, 200, 200), (listed, read, (int)csv.StatusCode));
        Assert.Contains(list!["figures"]!.AsArray(), f => f!["figureKey"]!.GetValue<string>() == key);
    }

    [Fact]
    public async Task Pages_followed_by_next_list_every_figure_once_in_key_order_as_its_own_read_states_it()
    {
        var pages = await WalkAsync("", pageSize: 4);
        var keys = Keys(pages);
        Assert.True(pages.Count > 3, "the seed corpus has figures for several pages of four");
        Assert.All(pages.SkipLast(1), p => Assert.Equal(4, p["figures"]!.AsArray().Count));
        Assert.Equal(keys.Distinct().Count(), keys.Count);
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal((await ClaimedKeysAsync()).Order(StringComparer.Ordinal), keys);

        // One page of them all says the same of each figure as the pages do, and as each figure's own read.
        var (_, whole) = await App.GetAsync("/figures?pageSize=500");
        Assert.Null(whole!["next"]);
        Assert.Equal(whole["figures"]!.ToJsonString(), new JsonArray([.. pages.SelectMany(p => p["figures"]!.AsArray()).Select(f => f!.DeepClone())]).ToJsonString());
        var listed = whole["figures"]!.AsArray().Select(f => f!).ToList();
        Assert.Contains(listed, f => f["conflict"]!.GetValue<bool>());
        Assert.Contains(listed, f => !f["conflict"]!.GetValue<bool>());
        foreach (var figure in listed)
        {
            var (_, own) = await App.GetAsync($"/figures/{figure["figureKey"]}");
            var view = own!["figure"]!;
            Assert.Equal(
                (view["headline"]!["claimId"]!.GetValue<Guid>(), view["sourceCount"]!.GetValue<int>(), view["independentSourceCount"]!.GetValue<int>(),
                    view["conflict"]!["flagged"]!.GetValue<bool>()),
                (figure["headline"]!["claimId"]!.GetValue<Guid>(), figure["sourceCount"]!.GetValue<int>(), figure["independentSourceCount"]!.GetValue<int>(),
                    figure["conflict"]!.GetValue<bool>()));
        }
    }

    [Fact]
    public async Task A_page_carries_the_checks_of_its_figures_and_all_pages_carry_every_check_of_the_whole_list()
    {
        var (_, whole) = await App.GetAsync("/figures?pageSize=500");
        var every = whole!["checks"]!.AsArray().Select(c => c!.ToJsonString()).ToHashSet();
        Assert.NotEmpty(every);
        var pages = await WalkAsync("", pageSize: 3);
        foreach (var page in pages)
        {
            var keys = page["figures"]!.AsArray().Select(f => f!["figureKey"]!.GetValue<string>()).ToHashSet();
            Assert.All(page["checks"]!.AsArray(), c => Assert.True(
                keys.Contains(c!["baseFigureKey"]!.GetValue<string>()) || keys.Contains(c["changeFigureKey"]!.GetValue<string>()) ||
                keys.Contains(c["nextFigureKey"]!.GetValue<string>()), "a page's check takes in one of its figures"));
        }
        Assert.Equal(every.Order(), pages.SelectMany(p => p["checks"]!.AsArray()).Select(c => c!.ToJsonString()).ToHashSet().Order());
    }

    [Fact]
    public async Task Metric_parties_and_search_narrow_the_list_to_the_keys_that_match()
    {
        var all = Keys(await WalkAsync("", pageSize: 500));

        // Parties in either order: the key holds them sorted.
        var turnover = Keys(await WalkAsync("&metric=trade-turnover&parties=VN-RU", pageSize: 2));
        Assert.NotEmpty(turnover);
        Assert.Equal(all.Where(k => k.StartsWith("trade-turnover:RU-VN:", StringComparison.Ordinal)), turnover);

        var words = Keys(await WalkAsync("&search=" + Uri.EscapeDataString("TRADE 2021"), pageSize: 2));
        Assert.NotEmpty(words);
        Assert.Equal(all.Where(k => k.Contains("trade", StringComparison.Ordinal) && k.Contains("2021", StringComparison.Ordinal)), words);

        // A search is words of the key, not a pattern: % and _ match only themselves.
        Assert.Empty(Keys(await WalkAsync("&search=%25", pageSize: 10)));
        Assert.Empty(Keys(await WalkAsync("&search=_", pageSize: 10)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task conflict_keeps_the_figures_whose_flag_it_names_and_the_pages_still_fill(bool conflict)
    {
        // The seed corpus's sources disagree on one figure: two more disagreements, each a second source doubling a value.
        var (_, before) = await App.GetAsync("/figures?pageSize=500&conflict=false");
        foreach (var agreed in before!["figures"]!.AsArray().Take(2))
        {
            var (_, claim) = await App.GetAsync($"/claims/{agreed!["headline"]!["claimId"]}");
            var (_, other) = await App.GetAsync($"/claims?kind=figure&pageSize=500");
            var elsewhere = other!["claims"]!.AsArray().First(c => c!["sourceId"]!.GetValue<Guid>() != claim!["sourceId"]!.GetValue<Guid>())!;
            var figure = claim!["figure"]!.DeepClone().AsObject();
            figure["value"] = figure["value"]!.GetValue<decimal>() * 2 + 1;
            var (status, _) = await App.PostAsync("/claims", new
            {
                sourceId = elsewhere["sourceId"]!.GetValue<Guid>(), kind = "figure", quote = elsewhere["quote"]!.GetValue<string>(), figure,
            });
            Assert.Equal(201, status);
        }

        var (_, whole) = await App.GetAsync("/figures?pageSize=500");
        var expected = whole!["figures"]!.AsArray().Where(f => f!["conflict"]!.GetValue<bool>() == conflict)
            .Select(f => f!["figureKey"]!.GetValue<string>()).ToList();
        Assert.True(expected.Count > 2, $"the seed corpus has figures with conflict {conflict} for more than a page of two");

        var pages = await WalkAsync($"&conflict={conflict.ToString().ToLowerInvariant()}", pageSize: 2);

        Assert.Equal(expected, Keys(pages));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(2, p["figures"]!.AsArray().Count));
        // Where few figures pass the filter, keys are screened on their own claims first: what a page shows of each
        // figure is still the whole read's, and so are the checks that take it in.
        var wholeFigures = whole["figures"]!.AsArray().ToDictionary(f => f!["figureKey"]!.GetValue<string>(), f => f!.ToJsonString());
        Assert.All(pages.SelectMany(p => p["figures"]!.AsArray()), f => Assert.Equal(wholeFigures[f!["figureKey"]!.GetValue<string>()], f.ToJsonString()));
        foreach (var page in pages)
        {
            var shown = Keys([page]).ToHashSet();
            var takesIn = (JsonNode? c) => new[] { "baseFigureKey", "changeFigureKey", "nextFigureKey" }.Any(k => c?[k]?.GetValue<string>() is { } key && shown.Contains(key));
            Assert.Equal(whole["checks"]!.AsArray().Where(takesIn).Select(c => c!.ToJsonString()).Order(), page["checks"]!.AsArray().Select(c => c!.ToJsonString()).Order());
        }
    }

    /// <summary>
    /// Keys whose claims all state the figure alike are passed over before any figure is read (they cannot disagree);
    /// one claim corrected to another value brings the key back, and the ledger as it stood before the correction
    /// passes it over again.
    /// </summary>
    [Fact]
    public async Task Figures_stated_alike_by_every_source_are_not_in_conflict_until_a_correction_makes_them_differ()
    {
        const string key = "trade-turnover:RU-VN:1977";
        var (_, claims) = await App.GetAsync("/claims?kind=figure&pageSize=500");
        var bySource = claims!["claims"]!.AsArray().GroupBy(c => c!["sourceId"]!.GetValue<Guid>()).Take(2).Select(g => g.First()!).ToList();
        var ids = new List<Guid>();
        foreach (var claim in bySource)
        {
            var (status, written) = await App.PostAsync("/claims", new
            {
                sourceId = claim["sourceId"]!.GetValue<Guid>(), kind = "figure", quote = claim["quote"]!.GetValue<string>(),
                figure = new { metric = "trade-turnover", parties = new[] { "RU", "VN" }, period = "1977", unit = "usd", scale = "billion", qualifier = "nearly", value = 0.5m },
            });
            Assert.Equal(201, status);
            ids.Add(written!["id"]!.GetValue<Guid>());
        }
        async Task<bool> ListedAsync(bool conflict, string axes = "") =>
            Keys(await WalkAsync($"&metric=trade-turnover&parties=RU-VN&conflict={conflict.ToString().ToLowerInvariant()}{axes}", pageSize: 2)).Contains(key);

        Assert.Equal((false, true), (await ListedAsync(conflict: true), await ListedAsync(conflict: false)));

        var beforeCorrection = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));
        await Task.Delay(50);
        Assert.Equal(200, (await App.PostAsync($"/claims/{ids[1]}/corrections",
            new { expectedVersion = 1, reason = "misread the value", changes = new { figure = new { value = 5m } } })).Status);

        Assert.Equal((true, false), (await ListedAsync(conflict: true), await ListedAsync(conflict: false)));
        Assert.Equal((false, true), (await ListedAsync(conflict: true, $"&recordedAsOf={beforeCorrection}"), await ListedAsync(conflict: false, $"&recordedAsOf={beforeCorrection}")));
    }

    [Fact]
    public async Task validAt_pages_hold_the_figures_whose_period_covers_the_date()
    {
        var (_, whole) = await App.GetAsync("/figures?pageSize=500&validAt=2021-06-15");
        var covering = Keys([whole!]);
        Assert.Contains("trade-turnover:RU-VN:2021", covering);
        Assert.DoesNotContain("trade-turnover:RU-VN:2020", covering);
        Assert.Equal(covering, Keys(await WalkAsync("&validAt=2021-06-15", pageSize: 2)));
    }

    [Fact]
    public async Task Each_metric_lists_exactly_its_own_keys_from_any_cursor()
    {
        // The database here sorts keys as their bytes do, so a metric's page starts and stops at its keys.
        await using (var session = App.Store.QuerySession())
            Assert.True(await SubjectIndex.SortsByBytesAsync(session, CancellationToken.None));
        var all = Keys(await WalkAsync("", pageSize: 500));
        // trade-turnover is the start of two other metrics: its keys and theirs are told apart by the colon.
        Assert.Contains(all, k => k.StartsWith("trade-turnover-change:", StringComparison.Ordinal));
        foreach (var metric in all.Select(k => k.Split(':')[0]).Distinct())
            Assert.Equal(all.Where(k => k.Split(':')[0] == metric), Keys(await WalkAsync($"&metric={metric}", pageSize: 2)));

        var turnover = all.Where(k => k.StartsWith("trade-turnover:", StringComparison.Ordinal)).ToList();
        Assert.True(turnover.Count > 2, "the seed corpus has several trade turnover figures");
        // A cursor before the metric's keys, among them, and past them.
        Assert.Equal(turnover, await KeysAsync(App.Client, "&metric=trade-turnover", after: all[0]));
        Assert.Equal(turnover.Skip(1), await KeysAsync(App.Client, "&metric=trade-turnover", after: turnover[0]));
        Assert.Empty(await KeysAsync(App.Client, "&metric=trade-turnover", after: all[^1]));
    }

    [Fact]
    public async Task Each_pair_of_parties_lists_exactly_its_own_keys_from_any_cursor()
    {
        var all = Keys(await WalkAsync("", pageSize: 500));
        static string PartiesOf(string key) => key.Split(':')[1];
        var pairs = all.Select(PartiesOf).Distinct().ToList();
        Assert.True(pairs.Count > 1, "the seed corpus has figures between more than one pair of parties");
        foreach (var parties in pairs)
            Assert.Equal(all.Where(k => PartiesOf(k) == parties), Keys(await WalkAsync($"&parties={parties}", pageSize: 2)));

        // A pair's keys lie under several metrics: a page goes on from one metric's keys to the next's.
        var pair = pairs.MaxBy(p => all.Where(k => PartiesOf(k) == p).Select(k => k.Split(':')[0]).Distinct().Count())!;
        var wanted = all.Where(k => PartiesOf(k) == pair).ToList();
        Assert.True(wanted.Select(k => k.Split(':')[0]).Distinct().Count() > 1, "some pair has figures of several metrics");
        // Every key of the ledger as the cursor: before the pair's keys, among them, between two metrics', past them.
        foreach (var after in all)
        {
            var (_, page) = await App.GetAsync($"/figures?pageSize=3&parties={pair}&after={after}");
            Assert.Equal(wanted.Where(k => string.CompareOrdinal(k, after) > 0).Take(3), Keys([page!]));
        }
        Assert.Empty(Keys(await WalkAsync("&parties=US-ZW", pageSize: 2)));
    }

    /// <summary>
    /// A database whose collation passes over hyphens and colons (as en_US does): there one metric's keys lie among
    /// another's, and the lists must not seek by a metric's start. ICU's en-US with punctuation shifted stands in for it.
    /// </summary>
    [Fact]
    public async Task On_a_database_that_sorts_keys_by_language_each_metric_still_lists_exactly_its_own_keys()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(App.ConnectionString);
        var database = builder.Database + "_by_language";
        await using (var server = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(App.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await server.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"drop database if exists \"{database}\" with (force)", server);
            await drop.ExecuteNonQueryAsync();
            await using var create = new Npgsql.NpgsqlCommand(
                $"create database \"{database}\" template template0 locale_provider icu icu_locale 'en-US-u-ka-shifted' locale 'C.UTF-8'", server);
            await create.ExecuteNonQueryAsync();
        }
        builder.Database = database;
        await using var byLanguage = App.WithSettings(new Dictionary<string, string> { ["ConnectionStrings:Ledger"] = builder.ConnectionString });
        using var client = byLanguage.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeySecret.Header, App.Keys[LedgerApp.DefaultKey]);
        await new CorpusLoader(client).LoadDirectoryAsync(LedgerApp.SeedDirectory);
        await using (var session = byLanguage.Services.GetRequiredService<IDocumentStore>().QuerySession())
            Assert.False(await SubjectIndex.SortsByBytesAsync(session, CancellationToken.None));

        var all = await KeysAsync(client, "");
        Assert.Equal(Keys(await WalkAsync("", pageSize: 500)), all.Order(StringComparer.Ordinal));
        // The proof that this database interleaves: its order of the keys is not their bytes' order.
        Assert.NotEqual(all.Order(StringComparer.Ordinal), all);
        foreach (var metric in new[] { "trade-turnover", "trade-turnover-change", "trade-turnover-target", "students" })
            Assert.Equal(all.Where(k => k.Split(':')[0] == metric), await KeysAsync(client, $"&metric={metric}"));
        Assert.Equal(all.Where(k => k.StartsWith("trade-turnover:RU-VN:", StringComparison.Ordinal)), await KeysAsync(client, "&metric=trade-turnover&parties=VN-RU"));
        foreach (var parties in all.Select(k => k.Split(':')[1]).Distinct())
            Assert.Equal(all.Where(k => k.Split(':')[1] == parties), await KeysAsync(client, $"&parties={parties}"));
    }

    [Fact]
    public async Task The_series_list_names_each_metric_between_parties_the_figures_have()
    {
        var all = Keys(await WalkAsync("", pageSize: 500));
        var (status, answer) = await App.GetAsync("/figures/series?metric=trade-turnover");
        Assert.Equal(200, status);
        var series = answer!["series"]!.AsArray().Select(s => s!["seriesKey"]!.GetValue<string>()).ToList();
        Assert.Contains("trade-turnover:RU-VN", series);
        Assert.Equal(all.Where(k => k.StartsWith("trade-turnover:", StringComparison.Ordinal)).Select(k => k[..k.LastIndexOf(':')]).Distinct(), series);

        var (_, every) = await App.GetAsync("/figures/series");
        Assert.Equal(all.Select(k => k[..k.LastIndexOf(':')]).Distinct().Order(StringComparer.Ordinal),
            every!["series"]!.AsArray().Select(s => s!["seriesKey"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/figures?pageSize=0", "pageSize")]
    [InlineData("/figures?pageSize=501", "pageSize")]
    [InlineData("/figures?pageSize=ten", "pageSize")]
    [InlineData("/figures?after=trade-turnover", "after")]
    [InlineData("/figures?parties=RU-ru", "parties")]
    [InlineData("/figures?parties=RU-RU", "parties")]
    [InlineData("/figures?metric=Trade%20Turnover", "metric")]
    [InlineData("/figures/series?metric=trade_turnover", "metric")]
    [InlineData("/figures?conflict=maybe", "conflict")]
    public async Task A_bad_page_or_filter_is_refused_naming_the_field(string path, string field)
    {
        var (status, problem) = await App.GetAsync(path);
        Assert.Equal(400, status);
        Assert.True(problem!["errors"]?[field] is not null || problem["field"]?.GetValue<string>() == field,
            problem.ToJsonString());
    }

    [Fact]
    public async Task A_search_longer_than_a_hundred_characters_is_refused()
    {
        var (status, problem) = await App.GetAsync("/figures?search=" + new string('a', 101));
        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]!["search"]);
    }
}
