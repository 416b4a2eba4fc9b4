namespace ClaimsLedger.Bench;

/// <summary>
/// The machine a run measured, named in every report. The ratios to a baseline of the same run are not the same on
/// every host of the same size: on 2026-12-05 and 2026-12-06 the same code ran single appends at 62–79% of B2 on an
/// AMD EPYC host and at 42–61% on an Intel Xeon host, where B2's transaction per request cost less
/// (docs/benchmarks.md, "A second host").
/// </summary>
public static class Machine
{
    public static string Describe() =>
        $"{Environment.ProcessorCount} cores ({CpuModel()}), {MemoryGiB()} GiB, {Environment.OSVersion}";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";

    private static long MemoryGiB() => (long)Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024));

    /// <summary>
    /// The host's dirty-page writeback settings. They set #1p's tail here: under append load PostgreSQL 15 extends its
    /// tables with zero-filled pages, the kernel writes them back in one burst when they expire, and on ext4 the WAL
    /// flushes that commit appends wait behind it (docs/benchmarks.md, "Where the ledger stands", #1p).
    /// </summary>
    public static string Writeback()
    {
        static string Read(string name) =>
            File.Exists($"/proc/sys/vm/{name}") ? File.ReadAllText($"/proc/sys/vm/{name}").Trim() : "n/a";
        return string.Join(", ", new[] { "dirty_background_bytes", "dirty_background_ratio", "dirty_expire_centisecs", "dirty_writeback_centisecs" }
            .Select(n => $"vm.{n}={Read(n)}"));
    }
}
