using CheckpointGen;
using CheckpointGen.ObjectStorage.Probe;
using CheckpointGen.Storage;
using CheckpointGen.Storage.ObjectStores;
using System.Globalization;

// Usage: Probe hold <azure|s3> <url> <prefix> <lock seconds>     take the lock, print "HELD <pid>", keep it until a line arrives on stdin
//        Probe hang-upload <azure|s3> <url> <prefix> <lock seconds> <part bytes>
//                                                               save checkpoint 1, then write 3 parts of checkpoint 2, print "UPLOADING" and hang (the test kills it)
//        Probe hang-background <azure|s3|folder> <url or folder> <prefix> <lock seconds> <part bytes>
//                                                               asynchronous saves: checkpoint 1 persisted, checkpoint 2 snapshotted, the state
//                                                               changed, its persist stopped after 2.5 parts; print "PERSISTING" and hang (the test kills it)
//        Probe timeline <azure|s3> <url> <MiB> <count>         time each request of <count> saves and SDK uploads of a checkpoint of <MiB>, alternating, and their paired ratio (docs/storages.md, "What a save costs")
if (args.Length == 5 && args[0] == "timeline")
{
    TimelineCommand.Run(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
    return 0;
}
if (args.Length < 5 || args[0] is not ("hold" or "hang-upload" or "hang-background"))
{
    Console.Error.WriteLine("usage: Probe hold|hang-upload|hang-background <azure|s3|folder> <url> <prefix> <lock seconds> [part bytes], or Probe timeline <azure|s3> <url> <MiB> <count>");
    return 2;
}
var options = new ObjectStoreOptions
{
    LockDuration = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture)),
    LockWait = TimeSpan.Zero,
    PartSizeBytes = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : new ObjectStoreOptions().PartSizeBytes,
};
// Parts from the first full buffer on, so that a kill can land between parts.
options = options with { SingleRequestMaxBytes = options.PartSizeBytes };
if (args[0] == "hang-background")
{
    ICheckpointStorage target = args[1] == "folder"
        ? new FileSystemCheckpointStorage(Path.Combine(args[2], args[3]))
        : ObjectStoreTarget.Open(args[1], args[2], args[3], options);
    var hanging = new HangingPersist(target, hangingSequence: 2, hangAfterBytes: options.PartSizeBytes * 5L / 2);
    var background = new BackgroundCheckpointStorage(hanging, ownsInner: false);
    background.SaveCheckpoint(1, ByteState.At(1, 1000));
    var state = ByteState.At(2, options.PartSizeBytes * 3);
    background.SaveCheckpoint(2, state);
    // Training goes on while the snapshot is persisted.
    state.Bytes.AsSpan().Clear();
    hanging.Hanging.Wait();
    Console.WriteLine("PERSISTING");
    Console.Out.Flush();
    Thread.Sleep(Timeout.Infinite);
    return 1;
}
try
{
    using var storage = ObjectStoreTarget.Open(args[1], args[2], args[3], options);
    if (args[0] == "hold")
    {
        Console.WriteLine($"HELD {Environment.ProcessId}");
        Console.Out.Flush();
        Console.In.ReadLine();
        return 0;
    }
    storage.SaveCheckpoint(1, ByteState.At(1, 1000));
    storage.Save(2, stream =>
    {
        var chunk = new byte[options.PartSizeBytes];
        for (int i = 0; i < 3; i++) stream.Write(chunk);
        Thread.Sleep(2000); // lets the parts in flight reach the server
        Console.WriteLine("UPLOADING");
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
    });
    return 1;
}
catch (CheckpointException e)
{
    Console.WriteLine($"LOCKED {e.Message}");
    return 3;
}
