namespace CheckpointGen.Tests.Generated;

/// <summary>Saves a graph to memory and restores it into another graph.</summary>
internal static class RoundTrip
{
    public static RestoreReport Into(object source, object target, CheckpointLoadOptions? options = null)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(source, stream);
        stream.Position = 0;
        return Checkpoint.Restore(target, stream, options);
    }
}
