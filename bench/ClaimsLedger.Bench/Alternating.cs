namespace ClaimsLedger.Bench;

/// <summary>One side of a comparison over all its chunks: requests, failures and rate, the CPU they cost, and each chunk's rate.</summary>
public sealed record Side(int Requests, int Failures, double PerSecond, CpuUse Cpu, IReadOnlyList<double> ChunkRates);

/// <summary>
/// Times the two sides of a ratio, the ledger and its baseline, in alternating chunks (ledger, baseline, baseline,
/// ledger, and again) instead of one whole side after the other. Why: the hosts these runs share are noisy on the scale
/// of seconds to minutes (two clean runs five minutes apart measured B2's appends at 2,682 and 4,142/s), and a slow
/// spell that fell on one side's few seconds moved the ratio with it. In mirrored order a drift over the measure falls
/// on both sides alike, and the chunks' own ratios show how much the host moved meanwhile.
/// </summary>
public static class Alternating
{
    private const int ChunksPerSide = 4;

    /// <summary>
    /// The pause after each chunk, before its CPU is read: the ledger's async daemon (polling every 100-250 ms) applies
    /// what the chunk appended then, so its work is charged to the chunk that caused it, not to the baseline's next one.
    /// </summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    /// <param name="chunk">How long each chunk sends requests.</param>
    /// <param name="run">Sends a side's requests from number <c>from</c> on for <c>chunk</c>: <c>run(isLedger, from, chunk)</c>.</param>
    public static async Task<(Side Ledger, Side Baseline)> RunAsync(TimeSpan chunk, Func<CpuUse> cpu, Func<bool, int, TimeSpan, Task<LoadResult>> run)
    {
        var ledger = new List<(LoadResult Load, CpuUse Cpu)>();
        var baseline = new List<(LoadResult Load, CpuUse Cpu)>();
        for (var pair = 0; pair < ChunksPerSide; pair++)
            foreach (var isLedger in pair % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var chunks = isLedger ? ledger : baseline;
                var before = cpu();
                var load = await run(isLedger, chunks.Sum(c => c.Load.Requests), chunk);
                await Task.Delay(Settle);
                chunks.Add((load, cpu() - before));
            }
        return (Combine(ledger), Combine(baseline));
    }

    private static Side Combine(List<(LoadResult Load, CpuUse Cpu)> chunks)
    {
        var requests = chunks.Sum(c => c.Load.Requests);
        var seconds = chunks.Sum(c => c.Load.PerSecond > 0 ? c.Load.Requests / c.Load.PerSecond : 0);
        var cpu = chunks.Aggregate(new CpuUse(0, 0), (sum, c) => sum + c.Cpu);
        return new Side(requests, chunks.Sum(c => c.Load.Failures), seconds > 0 ? requests / seconds : 0, cpu, chunks.Select(c => c.Load.PerSecond).ToList());
    }

    /// <summary>
    /// The range of the chunks' own ratios, pair by pair: how far the host moved during the measure. A chunk that sent
    /// nothing had run out of requests to send (the smoke run at 1,000 claims has few claims to correct): its pair is
    /// left out rather than read as 0%, as the side's rate already leaves out its time.
    /// </summary>
    public static string ChunkRatios(Side ledger, Side baseline)
    {
        var ratios = ledger.ChunkRates.Zip(baseline.ChunkRates, (l, b) => l > 0 && b > 0 ? l / b : double.NaN).Where(r => !double.IsNaN(r)).ToList();
        return ratios.Count == 0 ? "" : $"chunks {ratios.Min() * 100:F0}–{ratios.Max() * 100:F0}%";
    }
}
