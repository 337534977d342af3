using System.Diagnostics;
using CheckpointGen.Storage;
using Xunit;

namespace CheckpointGen.Tests.Storage;

/// <summary>
/// The folder lock that keeps two runs out of one checkpoint folder, tested across real processes
/// with tests/CheckpointGen.LockProbe (built and copied next to this assembly).
/// </summary>
public sealed class CheckpointFolderLockTests
{
    private const int ProbeLocked = 3;

    [Fact]
    public void A_second_storage_in_the_same_process_is_refused_until_the_first_is_disposed()
    {
        using var folder = new TemporaryFolder();
        var first = new FileSystemCheckpointStorage(folder.Path);

        var error = Assert.Throws<CheckpointException>(() => new FileSystemCheckpointStorage(folder.Path));
        Assert.Contains($"is locked by process {Environment.ProcessId} on host {Environment.MachineName} since ", error.Message);
        Assert.Contains(folder.Path, error.Message);

        first.Dispose();
        using var second = new FileSystemCheckpointStorage(folder.Path);
        Assert.Empty(second.List());
    }

    [Fact]
    public void Another_process_is_refused_with_a_message_naming_this_process()
    {
        using var folder = new TemporaryFolder();
        using (var storage = new FileSystemCheckpointStorage(folder.Path))
        {
            var (exitCode, output) = RunProbe("try", folder.Path);
            Assert.Equal(ProbeLocked, exitCode);
            Assert.Contains($"is locked by process {Environment.ProcessId} on host {Environment.MachineName} since ", output);
        }

        var (afterRelease, released) = RunProbe("try", folder.Path);
        Assert.True(afterRelease == 0, released);
        Assert.Contains("ACQUIRED", released);
    }

    [Fact]
    public void This_process_is_refused_while_another_holds_the_folder_and_takes_it_over_once_that_one_is_killed()
    {
        using var folder = new TemporaryFolder();
        using var holder = StartProbe("hold", folder.Path);
        string? announced = holder.StandardOutput.ReadLine();
        Assert.Equal($"HELD {holder.Id}", announced);

        var error = Assert.Throws<CheckpointException>(() => new FileSystemCheckpointStorage(folder.Path));
        Assert.Contains($"is locked by process {holder.Id} on host {Environment.MachineName} since ", error.Message);

        // Killed, it cannot clean up: the lock file and its owner description stay behind, stale.
        holder.Kill();
        holder.WaitForExit();
        Assert.True(File.Exists(Path.Combine(folder.Path, "checkpoints.lock.owner")));

        using var storage = new FileSystemCheckpointStorage(folder.Path);
        string owner = File.ReadAllText(Path.Combine(folder.Path, "checkpoints.lock.owner"));
        Assert.Contains($"pid={Environment.ProcessId}", owner);
    }

    private static (int ExitCode, string Output) RunProbe(string mode, string folder)
    {
        using var probe = StartProbe(mode, folder);
        string output = probe.StandardOutput.ReadToEnd() + probe.StandardError.ReadToEnd();
        if (!probe.WaitForExit(60_000))
        {
            probe.Kill();
            throw new TimeoutException($"LockProbe {mode} did not finish: {output}");
        }
        return (probe.ExitCode, output);
    }

    private static Process StartProbe(string mode, string folder)
    {
        string probe = Path.Combine(AppContext.BaseDirectory, "CheckpointGen.LockProbe.dll");
        Assert.True(File.Exists(probe), $"LockProbe is not built next to the tests: {probe}");
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // The test host may itself be "dotnet" (testhost.dll) or an apphost; run the probe through the muxer either way.
        if (!Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.FileName = "dotnet";
        start.ArgumentList.Add(probe);
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(folder);
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start LockProbe.");
    }
}
