namespace ClaimsLedger.Bench;

/// <summary>CPU time used during a measure, in milliseconds: by the PostgreSQL cluster and by the service's process.</summary>
public readonly record struct CpuUse(double PostgresMs, double ServiceMs)
{
    public static CpuUse operator -(CpuUse after, CpuUse before) => new(after.PostgresMs - before.PostgresMs, after.ServiceMs - before.ServiceMs);
    public static CpuUse operator +(CpuUse a, CpuUse b) => new(a.PostgresMs + b.PostgresMs, a.ServiceMs + b.ServiceMs);
}

/// <summary>
/// Reads where a request's cost goes from /proc: the cluster's postmaster with the backends it has reaped (cutime) and
/// those still alive, and the service's process. Throughput says how fast; this says which side a request spends its
/// CPU on, so a goal that PostgreSQL's share alone rules out on this machine shows as such.
/// </summary>
public static class CpuMeter
{
    /// <summary>Linux reports CPU time in clock ticks of 1/100 s (USER_HZ, fixed at 100 on x86-64 and arm64).</summary>
    private const double MsPerTick = 10;

    public static CpuUse Read(string clusterDir, int? servicePid)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(clusterDir, "data", "postmaster.pid")).First());
        double postgres = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || Stat(pid) is not { } stat) continue;
            if (pid == postmaster) postgres += stat.Own + stat.Reaped;
            else if (stat.Parent == postmaster) postgres += stat.Own;
        }
        var service = servicePid is { } p && Stat(p) is { } s ? s.Own : 0;
        return new CpuUse(postgres * MsPerTick, service * MsPerTick);
    }

    private static (int Parent, long Own, long Reaped)? Stat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // The command name is in parentheses and may hold spaces: the fields are counted from the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // After the name: state, ppid, ...; utime, stime, cutime and cstime are fields 14 to 17 of proc(5).
        return (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]), long.Parse(fields[13]) + long.Parse(fields[14]));
    }
}
