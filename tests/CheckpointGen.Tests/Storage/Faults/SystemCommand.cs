using System.Diagnostics;

namespace CheckpointGen.Tests.Storage.Faults;

/// <summary>Runs the system tools that create real disk faults (mount, chattr, losetup, mkfs.ext4).</summary>
internal static class SystemCommand
{
    /// <summary>Runs <paramref name="file"/> and returns its exit code and output (standard error first); a missing tool is exit code 127.</summary>
    public static (int Code, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, $"{file}: {e.Message}");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
            {
                process.Kill(entireProcessTree: true);
                return (124, $"{file} {string.Join(' ', arguments)} did not finish within a minute");
            }
            process.WaitForExit();
            return (process.ExitCode, $"{stderr.Result}{stdout.Result}".Trim());
        }
    }

    /// <summary>Runs a command that must succeed, and returns its output.</summary>
    public static string Check(string file, params string[] arguments)
    {
        var (code, output) = Run(file, arguments);
        if (code != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {code}: {output}");
        return output;
    }
}
