using System.Diagnostics;
using System.Text;

namespace CheckpointGen.Analyzers.Tests.Package;

/// <summary>A downstream application started with `dotnet app.dll`, its output collected line by line, that a test can wait on or kill.</summary>
internal sealed class AppRun
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppRun(Process process) => _process = process;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static AppRun Start(string assembly, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var run = new AppRun(Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet."));
        run._process.OutputDataReceived += (_, e) => run.Append(e.Data);
        run._process.ErrorDataReceived += (_, e) => run.Append(e.Data);
        run._process.BeginOutputReadLine();
        run._process.BeginErrorReadLine();
        return run;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.AppendLine(line);
            Monitor.PulseAll(_output);
        }
    }

    /// <summary>Waits for the process to end and returns its exit code; kills it after <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            return -1;
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits until the output holds <paramref name="text"/>; false when the process ends or the time runs out first.</summary>
    public bool WaitForLine(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_output)
        {
            while (!_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline) return false;
                Monitor.Wait(_output, TimeSpan.FromMilliseconds(200));
            }
            return true;
        }
    }

    /// <summary>SIGKILL: no handler runs, as when a node dies.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }
}
