using System.Globalization;

namespace CheckpointGen.Storage.ObjectStores;

/// <summary>
/// Object names of one run's checkpoints: <c>{prefix}checkpoint-000000000012.ckpt</c>. The prefix
/// always ends with '/', so listing <c>run-1/</c> never returns <c>run-10/…</c>; anything else under
/// the prefix (a person's notes, a sub-folder, the lock) is not a checkpoint and is ignored.
/// </summary>
public sealed class CheckpointObjectNames
{
    /// <summary>The lock object's name under the prefix.</summary>
    public const string LockName = "checkpoints.lock";

    /// <summary>Normalizes <paramref name="prefix"/> ("run-1", "/run-1/", "" for the container's root) to "run-1/" or "".</summary>
    public CheckpointObjectNames(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string trimmed = prefix.Trim('/');
        if (trimmed.Contains("//", StringComparison.Ordinal))
            throw new ArgumentException($"The prefix '{prefix}' has an empty path segment ('//').", nameof(prefix));
        Prefix = trimmed.Length == 0 ? "" : trimmed + "/";
    }

    /// <summary>The prefix, empty or ending with '/'.</summary>
    public string Prefix { get; }

    /// <summary>The lock object's full name.</summary>
    public string LockKey => Prefix + LockName;

    /// <summary>The object name of checkpoint <paramref name="sequence"/>.</summary>
    public string KeyOf(long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{FileSystemCheckpointStorage.FilePrefix}{sequence:D12}{FileSystemCheckpointStorage.FileExtension}");
    }

    /// <summary>True when <paramref name="key"/> is a checkpoint directly under the prefix; its sequence is returned.</summary>
    public bool TryParse(string key, out long sequence)
    {
        sequence = 0;
        if (!key.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        string name = key[Prefix.Length..];
        const string Start = FileSystemCheckpointStorage.FilePrefix, End = FileSystemCheckpointStorage.FileExtension;
        if (name.Length <= Start.Length + End.Length || !name.StartsWith(Start, StringComparison.Ordinal) || !name.EndsWith(End, StringComparison.Ordinal))
            return false;
        return long.TryParse(name.AsSpan(Start.Length, name.Length - Start.Length - End.Length), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}
