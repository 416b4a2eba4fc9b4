using System.Text.Json.Nodes;
using ClaimsLedger.Hosting;
using ClaimsLedger.ServiceHost;
using ClaimsLedger.Tests.Support;
using Npgsql;

namespace ClaimsLedger.Tests;

/// <summary>
/// A ledger made by a version whose claim view had no retracted column and one index on the kind, started by this one:
/// the real service process on its own PostgreSQL, the table put back between two starts as an earlier version left it.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ClaimViewUpgradeTests
{
    [Fact]
    public async Task A_ledger_made_before_the_retracted_column_and_the_kind_statistics_starts_with_both_and_lists_as_before()
    {
        await using var dataDir = new ServiceDataDirectory("upgrade");
        var environment = dataDir.Environment;
        string[] before;
        await using (var service = await ServiceProcess.StartAsync(environment))
        {
            await service.WaitForOutputAsync("Seed corpus:");
            var claim = (await service.GetAsync("/claims?pageSize=1"))["claims"]![0]!;
            using var retraction = await service.Http.SendAsync(JsonRequests.Post($"/claims/{claim["id"]}/retraction",
                new { expectedVersion = claim["version"]!.GetValue<long>(), reason = "withdrawn by the outlet" }));
            Assert.Equal(200, (int)retraction.StatusCode);
            before = await ListsAsync(service);
            Assert.DoesNotContain(JsonNode.Parse(before[0])!["claims"]!.AsArray(), c => c!["id"]!.GetValue<Guid>() == claim["id"]!.GetValue<Guid>());
        }

        await AsAnEarlierVersionLeftItAsync(dataDir.Path);
        await using (var upgraded = await ServiceProcess.StartAsync(environment))
        {
            await upgraded.WaitForOutputAsync("Seed corpus:");
            Assert.Contains("Claim view upgraded: 1 retracted claims marked", upgraded.Output);
            Assert.Contains(StatisticsGathered, upgraded.Output);
            Assert.Equal(before, await ListsAsync(upgraded));
        }

        // The rebuild command builds the host without starting it: it upgrades first, or Marten would add the column.
        await AsAnEarlierVersionLeftItAsync(dataDir.Path);
        var (exit, output) = await ServiceProcess.RunCommandAsync(environment, "rebuild");
        Assert.True(exit == 0, output);
        Assert.Contains("Claim view upgraded: 1 retracted claims marked", output);
        Assert.Contains(StatisticsGathered, output);

        // Once only, and the schema it leaves is the one the service expects: a further start changes nothing.
        await using (var again = await ServiceProcess.StartAsync(environment))
        {
            await again.WaitForOutputAsync("Seed corpus:");
            Assert.DoesNotContain("Upgrading the claim view", again.Output);
            Assert.DoesNotContain(StatisticsGathered, again.Output);
            Assert.Equal(before, await ListsAsync(again));
        }
    }

    /// <summary>The lists the upgrade must leave as they were: the live claims (first), with the retracted, the figure claims.</summary>
    private static async Task<string[]> ListsAsync(ServiceProcess service) =>
    [
        .. await Task.WhenAll(new[] { "/claims?pageSize=500", "/claims?pageSize=500&includeRetracted=true", "/claims?pageSize=500&kind=figure" }
            .Select(async list => (await service.GetAsync(list)).ToJsonString())),
    ];

    private const string StatisticsGathered = "statistics on the kinds of claims gathered";

    /// <summary>
    /// The table as the earlier version left it: no retracted column (so no index on it either), no statistics on the
    /// kind, and one index on the kind in place of one for each.
    /// </summary>
    private static async Task AsAnEarlierVersionLeftItAsync(string dataDir)
    {
        await using var cluster = await EmbeddedPostgres.StartAsync(dataDir);
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var earlier = new NpgsqlCommand(
            $"""
            alter table ledger.mt_doc_claim drop column {ClaimViewUpkeep.RetractedColumn};
            drop statistics if exists ledger.mt_doc_claim_kind;
            drop index if exists ledger.mt_doc_claim_idx_kind_figure, ledger.mt_doc_claim_idx_kind_partnership, ledger.mt_doc_claim_idx_kind_project;
            create index if not exists mt_doc_claim_idx_kind on ledger.mt_doc_claim ((data ->> 'Kind'));
            """, connection);
        await earlier.ExecuteNonQueryAsync();
    }
}
