namespace CheckpointGen.Tests.Storage;

/// <summary>The bytes the asynchronous-save tests compare: a synchronous save's, and a folder storage's file.</summary>
internal static class SavedBytes
{
    public static byte[] Synchronous(object root)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(root, stream);
        return stream.ToArray();
    }

    public static byte[] Stored(string directory, long sequence) =>
        File.ReadAllBytes(Path.Combine(directory, $"checkpoint-{sequence:D12}.ckpt"));
}
