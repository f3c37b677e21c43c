using System.Globalization;

namespace Emitter.Tests;

/// <summary>A child process's memory as the kernel counts it (/proc/PID/status), for the tests of real processes' memory.</summary>
public static class ProcessMemory
{
    /// <summary>Resident memory now and at its peak (VmRSS, VmHWM), in MB.</summary>
    public static (double Rss, double Peak) Of(int pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/status");
        double Mb(string key) => double.Parse(lines.Single(l => l.StartsWith(key + ":", StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return (Mb("VmRSS"), Mb("VmHWM"));
    }
}
