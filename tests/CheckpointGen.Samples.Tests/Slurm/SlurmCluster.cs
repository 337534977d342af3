using System.Diagnostics;

namespace CheckpointGen.Samples.Tests.Slurm;

/// <summary>
/// The SLURM cluster the tests submit to: whatever <c>sinfo</c> and <c>sbatch</c> reach (in CI, the
/// single-node cluster <c>.ci/slurm-cluster</c> starts and points <c>SLURM_CONF</c> to).
/// </summary>
internal static class SlurmCluster
{
    private static readonly Lazy<string?> s_unavailable = new(Probe);

    /// <summary>Why no cluster can be used, or null when one answers.</summary>
    public static string? Unavailable => s_unavailable.Value;

    /// <summary>True when the tests run in CI (CI=true), where a missing cluster fails the SLURM tests instead of skipping them.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Fails the test, with the reason, when no cluster answers (only reached in CI, where the tests are not skipped).</summary>
    public static void Require()
    {
        if (Unavailable is { } reason) Assert.Fail($"CI=true but no SLURM cluster: {reason}");
    }

    private static string? Probe()
    {
        try
        {
            var (code, output) = Run("sinfo", ["-h", "-o", "%T"], TimeSpan.FromSeconds(15));
            if (code != 0) return $"sinfo failed (exit code {code}: {output}). {StartHint}";
            return output.Split('\n', StringSplitOptions.TrimEntries).Any(s => s is "idle" or "mixed" or "allocated")
                ? null
                : $"the SLURM cluster has no usable node (sinfo: '{output}'). {StartHint}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"SLURM is not installed (no sinfo on PATH). {StartHint}";
        }
        catch (TimeoutException e)
        {
            return $"{e.Message}. {StartHint}";
        }
    }

    private const string StartHint =
        "Start a local cluster with `eval \"$(.ci/slurm-cluster start /tmp/ckpt-slurm)\"` (Debian, root) and run the tests from that shell.";

    /// <summary>Runs a SLURM command and returns its exit code and its output (standard error first).</summary>
    public static (int Code, string Output) Run(string command, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} {string.Join(' ', start.ArgumentList)} did not answer within {limit.TotalSeconds:F0} s");
        }
        process.WaitForExit();
        return (process.ExitCode, $"{stderr.Result}{stdout.Result}".Trim());
    }

    /// <summary>Runs a SLURM command that must succeed, and returns its output.</summary>
    public static string Check(string command, params string[] arguments)
    {
        var (code, output) = Run(command, arguments);
        Assert.True(code == 0, $"{command} {string.Join(' ', arguments)} failed with exit code {code}: {output}");
        return output;
    }
}

/// <summary>A <see cref="FactAttribute"/> for tests that need a SLURM cluster: skipped, with the reason, when none answers — except in CI.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (!SlurmCluster.InCi && SlurmCluster.Unavailable is { } reason) Skip = $"No SLURM cluster: {reason}";
    }
}
