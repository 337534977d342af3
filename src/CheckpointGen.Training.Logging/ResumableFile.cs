using System.Text;

namespace CheckpointGen.Training.Logging;

/// <summary>
/// An append-only log file whose written length is checkpointed: restoring a checkpoint truncates the
/// file back to the length it had when the checkpoint was saved, so the lines of the work being redone
/// are not written twice and the file ends up equal to that of an uninterrupted run.
/// </summary>
/// <remarks>
/// Every append is flushed (not fsynced), so the length saved in a checkpoint is what the operating
/// system holds for the file; after an OS crash the file can be shorter than that, and the resumed
/// run then warns and appends after what survived instead of refusing to resume. A fresh
/// (never restored) file is created empty on its first append, replacing any file of an earlier run,
/// as Avalanche's loggers do.
/// </remarks>
[Checkpointable]
public sealed partial class ResumableFile : IDisposable
{
    // The folder comes from the constructor (a run directory may move); the name is checkpointed,
    // so a file whose name was made at run time (TensorBoard's) is found again.
    [CheckpointIgnore] private readonly string _directory;
    private string _fileName;
    private long _committedLength;
    [CheckpointIgnore] private FileStream? _stream;

    /// <summary>A log file at <paramref name="path"/> (its folder is created when needed).</summary>
    public ResumableFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = System.IO.Path.GetFullPath(path);
        _directory = System.IO.Path.GetDirectoryName(full)!;
        _fileName = System.IO.Path.GetFileName(full);
    }

    private ResumableFile() => (_directory, _fileName) = ("", "");

    /// <summary>The file's path.</summary>
    public string Path => System.IO.Path.Combine(_directory, _fileName);

    /// <summary>Bytes written so far (what a checkpoint records).</summary>
    public long CommittedLength => _committedLength;

    /// <summary>Appends UTF-8 <paramref name="text"/> and flushes it.</summary>
    public void Append(string text) => Append(Encoding.UTF8.GetBytes(text));

    /// <summary>Appends <paramref name="bytes"/> and flushes them.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        var stream = _stream ??= Open();
        stream.Write(bytes);
        stream.Flush();
        _committedLength += bytes.Length;
    }

    /// <summary>After a restore: cut what was written after the checkpoint and continue from there.</summary>
    partial void OnCheckpointRestored()
    {
        _stream?.Dispose();
        _stream = null;
        if (_committedLength > 0) _stream = Open();
    }

    private FileStream Open()
    {
        string path = Path;
        Directory.CreateDirectory(_directory);
        if (_committedLength == 0) return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        if (stream.Length < _committedLength)
        {
            // Appends are flushed but not fsynced (that would cost every save), so after an operating-system
            // crash or a power cut the checkpoint (fsynced) can outlive the log's last lines. The training
            // state matters more than the log: resume, append after what survived, and say what was lost.
            Console.Error.WriteLine($"Warning: the log file {path} has {stream.Length} bytes but the checkpoint says {_committedLength} were written " +
                "(the end of the log was lost, e.g. by a power cut, or the file was replaced); the resumed run appends after what is there, so the log has a gap.");
            _committedLength = stream.Length;
        }
        stream.SetLength(_committedLength);
        stream.Seek(0, SeekOrigin.End);
        return stream;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
