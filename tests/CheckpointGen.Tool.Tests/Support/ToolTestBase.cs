namespace CheckpointGen.Tool.Tests.Support;

/// <summary>A unique temporary folder per test and a way to run the tool in process, capturing what it writes.</summary>
public abstract class ToolTestBase : IDisposable
{
    protected string Folder { get; } = Path.Combine(Path.GetTempPath(), "ckpt-tool-tests-" + Guid.NewGuid().ToString("N"));

    protected ToolTestBase() => Directory.CreateDirectory(Folder);

    protected string PathOf(params string[] parts) => Path.Combine([Folder, .. parts]);

    protected static ToolResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = ToolApp.Run(args, output, error);
        return new ToolResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Saves <see cref="ToyRun.Create"/> (changed by <paramref name="change"/>) to <paramref name="path"/>.</summary>
    protected static string SaveToyRun(string path, Action<ToyRun>? change = null)
    {
        using var run = ToyRun.Create();
        change?.Invoke(run);
        Checkpoint.Save(run, path);
        return path;
    }

    /// <summary>A storage folder with checkpoints at the given steps.</summary>
    protected string StorageWithSteps(string name, params long[] steps)
    {
        string folder = PathOf(name);
        using var storage = new Storage.FileSystemCheckpointStorage(folder, keep: int.MaxValue);
        foreach (long step in steps)
        {
            using var run = ToyRun.Create();
            run.Step = (int)step;
            Storage.CheckpointStorageExtensions.SaveCheckpoint(storage, step, run);
        }
        return folder;
    }

    /// <summary>Flips one byte of a file's tensor data (just after the 64-byte header).</summary>
    protected static void DamageTensorData(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[64] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }

    public virtual void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}

public sealed record ToolResult(int ExitCode, string Output, string Error)
{
    /// <summary>Errors are one line naming what is wrong, never a stack trace.</summary>
    public void AssertOneLineError(int exitCode, string mentions)
    {
        Assert.Equal(exitCode, ExitCode);
        var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"Expected one error line, got:\n{Error}");
        Assert.StartsWith("checkpointgen: ", lines[0]);
        Assert.Contains(mentions, lines[0]);
        Assert.DoesNotContain("   at ", Error);
    }
}
