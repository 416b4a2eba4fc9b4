using ClaimsLedger.Tests.Support;

namespace ClaimsLedger.Tests;

/// <summary>Optimistic concurrency under real parallel writers: exactly one correction per version wins.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ConcurrencyTests(LedgerApp app) : SeededTests(app)
{
    [Fact]
    public async Task Parallel_corrections_against_the_same_version_let_exactly_one_through_and_refuse_the_rest_with_409()
    {
        var id = Seed.ClaimId(Seed.Phuc2021, "trade-2020");
        var before = await App.EventCountAsync();
        const int writers = 12;

        var answers = await Task.WhenAll(Enumerable.Range(0, writers).Select(i =>
            App.PostAsync($"/claims/{id}/corrections", new { expectedVersion = 1, reason = $"writer {i}", changes = new { note = $"checked by writer {i}" } })));

        var wins = answers.Count(a => a.Status == 200);
        Assert.Equal(1, wins);
        Assert.All(answers.Where(a => a.Status != 200), a => Assert.Equal(409, a.Status));
        var (_, claim) = await App.GetAsync($"/claims/{id}");
        Assert.Equal(1 + wins, claim!["version"]!.GetValue<long>());
        Assert.Equal(before + wins, await App.EventCountAsync());
    }

    [Fact]
    public async Task The_same_claim_recorded_by_parallel_retries_is_recorded_once()
    {
        var source = Seed.SourceId(Seed.Phuc2021);
        var id = Guid.NewGuid();
        var claim = new
        {
            id, sourceId = source, kind = "figure", quote = "bilateral trade turnover in 2020 reached nearly 4.85 billion USD",
            figure = new { metric = "trade-turnover", parties = new[] { "RU", "VN" }, period = "2020", unit = "usd", scale = "billion", qualifier = "nearly", value = 4.85m },
        };
        var before = await App.EventCountAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => App.PostAsync("/claims", claim)));

        Assert.All(answers, a => Assert.Contains(a.Status, new[] { 200, 201, 409 }));
        Assert.Equal(1, answers.Count(a => a.Status == 201));
        Assert.Equal(before + 1, await App.EventCountAsync());
    }

    [Fact]
    public async Task Claims_recorded_at_the_same_moment_all_commit_and_a_refused_one_fails_only_its_own_request()
    {
        // Sent at once, these share the service's group transactions (GroupCommit): the ids in use make a group fail,
        // and each of its writes must then stand or fall alone.
        var source = Seed.SourceId(Seed.Phuc2021);
        object Claim(Guid id, decimal value) => new
        {
            id, sourceId = source, kind = "figure", quote = "bilateral trade turnover in 2020 reached nearly 4.85 billion USD",
            figure = new { metric = "trade-turnover", parties = new[] { "RU", "VN" }, period = "2020", unit = "usd", scale = "billion", qualifier = "nearly", value },
        };
        var fresh = Enumerable.Range(0, 16).Select(i => (Id: Guid.NewGuid(), Value: 4.85m + i)).ToList();
        var copied = Guid.NewGuid();
        var requests = fresh.Select(f => Claim(f.Id, f.Value))
            .Concat(Enumerable.Range(0, 4).Select(_ => Claim(copied, 4.85m)))
            .Concat(Enumerable.Range(0, 4).Select(_ => Claim(source, 4.85m)))
            .ToList();
        var before = await App.EventCountAsync();

        var answers = await Task.WhenAll(requests.Select(r => App.PostAsync("/claims", r)));

        Assert.All(answers.Take(16), a => Assert.Equal(201, a.Status));
        Assert.Equal([200, 200, 200, 201], answers.Skip(16).Take(4).Select(a => a.Status).Order());
        Assert.All(answers.Skip(20), a => Assert.Equal((409, "id"), (a.Status, a.Body!["field"]!.GetValue<string>())));
        Assert.Equal(before + 17, await App.EventCountAsync());
        foreach (var (id, value) in fresh)
        {
            var (status, claim) = await App.GetAsync($"/claims/{id}");
            Assert.Equal((200, 1L, value), (status, claim!["version"]!.GetValue<long>(), claim["figure"]!["value"]!.GetValue<decimal>()));
        }
    }

    [Fact]
    public async Task Changes_to_many_claims_at_the_same_moment_all_commit_and_a_lost_race_fails_only_its_own_request()
    {
        // Sent at once, these changes share group transactions (GroupCommit); the retraction and the correction of the
        // last claim race for its version 2, so exactly one of them may win, and its loser must not take the group down.
        var source = Seed.SourceId(Seed.Phuc2021);
        var claims = new List<Guid>();
        for (var i = 0; i < 13; i++)
        {
            var (status, body) = await App.PostAsync("/claims", new
            {
                sourceId = source, kind = "figure", quote = "bilateral trade turnover in 2020 reached nearly 4.85 billion USD",
                figure = new { metric = "trade-turnover", parties = new[] { "RU", "VN" }, period = "2020", unit = "usd", scale = "billion", qualifier = "nearly", value = 4.85m + i },
            });
            Assert.Equal(201, status);
            claims.Add(body!["id"]!.GetValue<Guid>());
        }
        var before = await App.EventCountAsync();
        var contested = claims[^1];
        var requests = claims.Take(12).Select((id, i) => ($"/claims/{id}/corrections", (object)new { expectedVersion = 1, reason = "re-read", changes = new { note = $"note {i}" } }))
            .Append(($"/claims/{contested}/corrections", new { expectedVersion = 1, reason = "re-read", changes = new { note = "contested" } }))
            .Append(($"/claims/{contested}/retraction", new { expectedVersion = 1, reason = "withdrawn" }))
            .Append(($"/claims/{Guid.NewGuid()}/corrections", new { expectedVersion = 1, reason = "re-read", changes = new { note = "nobody" } }))
            .ToList();

        var answers = await Task.WhenAll(requests.Select(r => App.PostAsync(r.Item1, r.Item2)));

        Assert.All(answers.Take(12), a => Assert.Equal((200, 2L), (a.Status, a.Body!["version"]!.GetValue<long>())));
        Assert.Equal([200, 409], answers.Skip(12).Take(2).Select(a => a.Status).Order());
        Assert.Equal(404, answers[^1].Status);
        Assert.Equal(before + 13, await App.EventCountAsync());
        for (var i = 0; i < 12; i++)
        {
            var (status, claim) = await App.GetAsync($"/claims/{claims[i]}");
            Assert.Equal((200, 2L, $"note {i}"), (status, claim!["version"]!.GetValue<long>(), claim["note"]!.GetValue<string>()));
        }
        var (_, last) = await App.GetAsync($"/claims/{contested}/history");
        Assert.Equal(2, last!["versions"]!.AsArray().Count);
    }
}
