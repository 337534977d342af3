using System.Diagnostics;

namespace CheckpointGen.ObjectStorage.Tests;

/// <summary>The probe (tests/CheckpointGen.ObjectStorage.Probe) as a second process, started with the dotnet that runs the tests.</summary>
internal sealed class ProbeProcess : IDisposable
{
    private readonly Process _process;

    public ProbeProcess(params string[] arguments)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "CheckpointGen.ObjectStorage.Probe.dll");
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
    }

    public int Id => _process.Id;

    /// <summary>Reads output lines until one starts with <paramref name="prefix"/>; fails with what it printed otherwise.</summary>
    public string WaitFor(string prefix, TimeSpan timeout)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var line = _process.StandardOutput.ReadLineAsync();
            if (!line.Wait(deadline - DateTime.UtcNow) || line.Result is null) break;
            if (line.Result.StartsWith(prefix, StringComparison.Ordinal)) return line.Result;
            seen.Add(line.Result);
        }
        string error = _process.HasExited ? _process.StandardError.ReadToEnd() : "";
        throw new Xunit.Sdk.XunitException($"The probe did not print '{prefix}' within {timeout.TotalSeconds:F0} s. Output: {string.Join(" | ", seen)} {error}");
    }

    /// <summary>SIGKILL: no cleanup, no lock release, the upload cut where it was.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
    }
}
