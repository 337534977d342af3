using CheckpointGen.Storage;
using Xunit;

namespace CheckpointGen.Tests.Storage;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"atomicfile-tests-{Guid.NewGuid():N}");

    public AtomicFileTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Write_replaces_the_target_and_leaves_no_temporary_file()
    {
        string path = Path.Combine(_directory, "file.bin");
        File.WriteAllBytes(path, [9, 9, 9, 9]);

        AtomicFile.Write(path, stream => stream.Write([1, 2, 3]));

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(["file.bin"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Flushing_an_existing_folder_succeeds()
    {
        // .NET's File.OpenHandle refuses folders; the flush must not depend on it.
        AtomicFile.FlushDirectory(_directory);
    }

    [Fact]
    public void Flushing_a_missing_folder_is_an_IOException_naming_it()
    {
        string missing = Path.Combine(_directory, "missing");
        if (OperatingSystem.IsWindows()) return; // folders are not flushed on Windows
        var error = Assert.Throws<IOException>(() => AtomicFile.FlushDirectory(missing));
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void A_failing_writer_leaves_the_old_file_and_no_temporary_file()
    {
        string path = Path.Combine(_directory, "file.bin");
        File.WriteAllBytes(path, [7]);

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write([1, 2, 3]);
            throw new InvalidOperationException("writer failed");
        }));

        Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_directory));
    }
}
