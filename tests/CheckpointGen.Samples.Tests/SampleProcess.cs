using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace CheckpointGen.Samples.Tests;

/// <summary>Runs the SplitMNIST checkpointing sample as a child process, and kills or signals it.</summary>
internal sealed partial class SampleProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SampleProcess(IEnumerable<string> arguments, string? ignoredSignals, IReadOnlyList<string>? prefix)
    {
        string sample = Path.Combine(AppContext.BaseDirectory, "SplitMnistCheckpointing.dll");
        ProcessStartInfo start;
        if (OperatingSystem.IsLinux())
        {
            // The test host's dispositions must not reach the sample: started in the background by a
            // script, it ignores SIGINT, and so would every child .NET starts. env (coreutils) execs
            // dotnet with the stop signals at their defaults (or ignored, when a test wants that).
            string[] command = [.. prefix ?? [], "env"];
            start = new ProcessStartInfo(command[0]);
            foreach (string part in command[1..]) start.ArgumentList.Add(part);
            start.ArgumentList.Add("--default-signal=INT,TERM,USR1");
            if (ignoredSignals is not null) start.ArgumentList.Add($"--ignore-signal={ignoredSignals}");
            start.ArgumentList.Add("dotnet");
        }
        else
        {
            start = new ProcessStartInfo("dotnet");
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.ArgumentList.Add(sample);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts the sample with SIGINT, SIGTERM and SIGUSR1 at their default dispositions, whatever this process inherited;
    /// <paramref name="ignoredSignals"/> (e.g. "INT") are started ignored instead. On Linux, <paramref name="prefix"/>
    /// (a command such as setpriv and its options) runs the sample.
    /// </summary>
    public static SampleProcess Start(IEnumerable<string> arguments, string? ignoredSignals = null, IReadOnlyList<string>? prefix = null) =>
        new(arguments, ignoredSignals, prefix);

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Waits for the exit and returns the exit code; a run that hangs fails the test with its output.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The sample did not finish within {timeout}. Output:\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits until this process has written <paramref name="text"/>; false when it ended first.</summary>
    public bool WaitForOutput(string text)
    {
        var deadline = DateTime.UtcNow + SampleRun.Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited) return false;
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            Thread.Sleep(5);
        }
        return false;
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed.</summary>
    public void KillHard()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>Sends a POSIX signal (SIGTERM, SIGINT, SIGUSR1).</summary>
    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0 && !_process.HasExited)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    public const int SigTerm = 15;
    public const int SigInt = 2;
    public const int SigUsr1 = 10;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    public void Dispose() => _process.Dispose();
}
