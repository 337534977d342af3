using System.Net;
using CheckpointGen.ObjectStorage.Probe;
using CheckpointGen.Storage;
using CheckpointGen.Storage.ObjectStores;

namespace CheckpointGen.ObjectStorage.Tests;

/// <summary>
/// The guarantees every object-store storage gives, checked against a real server (Azurite or
/// s3rver) per backend. Each test works under its own random prefix, so tests never see each
/// other's objects.
/// </summary>
public abstract class ObjectStorageContract
{
    /// <summary>5 MiB, the smallest part S3 accepts: with <see cref="FastOptions"/> (one request only within the first part) a checkpoint of 12 MiB goes as three parts.</summary>
    protected const int PartSize = 5 << 20;

    protected abstract string Backend { get; }

    /// <summary>Puts an object directly with the SDK, as another program (or a person) would.</summary>
    protected abstract Task PutRawAsync(string key, byte[] content);

    protected string Url => ObjectStoreServers.Url(Backend);

    protected static string NewParent() => $"tests-{Guid.NewGuid():N}";

    protected static ObjectStoreOptions FastOptions(int keep = 2) => new()
    {
        Keep = keep,
        PartSizeBytes = PartSize,
        SingleRequestMaxBytes = PartSize,
        // The cancellation tests bound how many parts leave before the writer sees the cancellation.
        MaxPartsInFlight = 2,
        LockWait = TimeSpan.Zero,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    protected ObjectStoreCheckpointStorage Open(string prefix, ObjectStoreOptions? options = null, HttpMessageHandler? handler = null) =>
        ObjectStoreTarget.Open(Backend, Url, prefix, options ?? FastOptions(), handler);

    /// <summary>A request that writes checkpoint bytes (not the lock's renewal, which runs on its own timer).</summary>
    protected static bool IsCheckpointWrite(HttpRequestMessage request) =>
        request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.Contains("/checkpoint-", StringComparison.Ordinal);

    protected static ByteState Restore(ICheckpointStorage storage, out CheckpointRestoreResult result)
    {
        var state = new ByteState();
        result = storage.RestoreLatest(state);
        return state;
    }

    [ObjectStoreFact]
    public void A_small_and_a_multipart_checkpoint_are_listed_restored_byte_for_byte_and_deleted()
    {
        using var storage = Open($"{NewParent()}/run-1");
        var small = ByteState.At(3, 1000);
        var large = ByteState.At(7, 12 << 20);
        storage.SaveCheckpoint(3, small);
        storage.SaveCheckpoint(7, large);

        var listed = storage.List();
        Assert.Equal([7L, 3L], listed.Select(c => c.Sequence));
        Assert.True(listed[0].Length > 12 << 20);
        var restored = Restore(storage, out var result);
        Assert.Equal(7, result.Sequence);
        Assert.Empty(result.Rejected);
        Assert.Equal(large.Bytes, restored.Bytes);

        storage.Delete(listed[0]);
        restored = Restore(storage, out result);
        Assert.Equal(3, result.Sequence);
        Assert.Equal(small.Bytes, restored.Bytes);
    }

    [ObjectStoreFact]
    public async Task Listing_run_1_never_returns_run_10_and_ignores_foreign_objects()
    {
        string parent = NewParent();
        using var run1 = Open($"{parent}/run-1");
        using var run10 = Open($"{parent}/run-10");
        run1.SaveCheckpoint(1, ByteState.At(1, 100));
        run10.SaveCheckpoint(5, ByteState.At(5, 100));
        await PutRawAsync($"{parent}/run-1/notes.txt", "a person's notes"u8.ToArray());
        await PutRawAsync($"{parent}/run-1/old/checkpoint-000000000009.ckpt", [1, 2, 3]);
        await PutRawAsync($"{parent}/run-1/checkpoint-9.ckpt.partial", [1, 2, 3]);

        Assert.Equal([1L], run1.List().Select(c => c.Sequence));
        Assert.Equal([5L], run10.List().Select(c => c.Sequence));
    }

    [ObjectStoreFact]
    public void Retention_keeps_the_newest_and_deletes_nothing_when_the_new_upload_fails()
    {
        var faults = new FaultInjectingHandler();
        using var storage = Open($"{NewParent()}/run-1", FastOptions(keep: 2) with { MaxRetries = 1 }, faults);
        for (long step = 1; step <= 3; step++) storage.SaveCheckpoint(step, ByteState.At(step, 100));
        Assert.Equal([3L, 2L], storage.List().Select(c => c.Sequence));

        // Every attempt at the commit fails: the upload of 4 never becomes visible and 2 and 3 stay.
        for (int i = 0; i < 2; i++) faults.Add(FaultInjectingHandler.Kind.Status, HttpStatusCode.ServiceUnavailable, IsCheckpointWrite);
        Assert.ThrowsAny<Exception>(() => storage.SaveCheckpoint(4, ByteState.At(4, 100)));
        Assert.Equal(2, faults.Injected);
        Assert.Equal([3L, 2L], storage.List().Select(c => c.Sequence));

        storage.SaveCheckpoint(4, ByteState.At(4, 100));
        Assert.Equal([4L, 3L], storage.List().Select(c => c.Sequence));
    }

    /// <summary>A listing request of the prefix (Azure: <c>comp=list</c>; S3: <c>list-type=2</c>).</summary>
    private static bool IsListing(string request) =>
        request.StartsWith("GET ", StringComparison.Ordinal) && (request.Contains("comp=list", StringComparison.Ordinal) || request.Contains("list-type=2", StringComparison.Ordinal));

    [ObjectStoreFact]
    public void Saves_after_the_first_list_nothing_and_retention_still_keeps_the_newest_and_drops_an_abandoned_timeline()
    {
        var recorder = new FaultInjectingHandler();
        using var storage = Open($"{NewParent()}/run-1", FastOptions(keep: 2), recorder);
        storage.SaveCheckpoint(1, ByteState.At(1, 100));
        int listings = recorder.Requests.Count(IsListing);
        Assert.Equal(1, listings);
        for (long step = 2; step <= 4; step++) storage.SaveCheckpoint(step, ByteState.At(step, 100));
        storage.SaveCheckpoint(5, ByteState.At(5, 6 << 20));
        Assert.Equal(listings, recorder.Requests.Count(IsListing));

        Assert.Equal([5L, 4L], storage.List().Select(c => c.Sequence));
        // The run goes back to 4 and saves it again: the old 4 is replaced and 5, from the abandoned timeline, deleted.
        storage.SaveCheckpoint(4, ByteState.At(40, 100));
        storage.SaveCheckpoint(5, ByteState.At(50, 100));
        Assert.Equal([5L, 4L], storage.List().Select(c => c.Sequence));
        Assert.Equal(ByteState.At(50, 100).Bytes, Restore(storage, out _).Bytes);
    }

    [ObjectStoreFact]
    public void A_save_uploads_while_the_previous_saves_deletion_runs_and_deletes_its_own_only_after_its_commit()
    {
        var recorder = new FaultInjectingHandler();
        using var storage = Open($"{NewParent()}/run-1", FastOptions(keep: 1), recorder);
        storage.SaveCheckpoint(1, ByteState.At(1, 100));
        string first = storage.Names.KeyOf(1), second = storage.Names.KeyOf(2), third = storage.Names.KeyOf(3);
        using var held = new ManualResetEventSlim();
        // The deletion of checkpoint 1 (save 2's retention) is held at the server's door until released.
        recorder.OnRequest = r =>
        {
            if (r.Method == HttpMethod.Delete && r.RequestUri!.AbsolutePath.EndsWith(first, StringComparison.Ordinal)) held.Wait(TimeSpan.FromSeconds(30));
        };
        Task save3;
        try
        {
            storage.SaveCheckpoint(2, ByteState.At(2, 100));
            save3 = Task.Run(() => storage.SaveCheckpoint(3, ByteState.At(3, 100)));
            Assert.True(SpinWait.SpinUntil(() => recorder.Requests.Any(r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains(third, StringComparison.Ordinal)), TimeSpan.FromSeconds(20)),
                "Save 3 did not send its upload while save 2's deletion was in flight.");
            // Committed, save 3 waits for the deletion in flight before starting its own.
            Assert.False(SpinWait.SpinUntil(() => save3.IsCompleted, TimeSpan.FromMilliseconds(300)));
            Assert.DoesNotContain(recorder.Requests, r => r.StartsWith("DELETE ", StringComparison.Ordinal) && r.Contains(second, StringComparison.Ordinal));
        }
        finally
        {
            held.Set();
        }
        Assert.True(save3.Wait(TimeSpan.FromSeconds(30)), "Save 3 did not end once the deletion was released.");
        Assert.Equal([3L], storage.List().Select(c => c.Sequence));
        Assert.Equal(ByteState.At(3, 100).Bytes, Restore(storage, out _).Bytes);
    }

    [ObjectStoreFact]
    public async Task A_corrupted_checkpoint_is_rejected_at_restore_and_the_previous_one_is_used()
    {
        string prefix = $"{NewParent()}/run-1";
        using var storage = Open(prefix);
        storage.SaveCheckpoint(1, ByteState.At(1, 4000));
        storage.SaveCheckpoint(2, ByteState.At(2, 4000));
        using (var stream = storage.OpenRead(storage.List()[0]))
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            bytes[1000] ^= 0xFF; // inside the block of pseudo-random bytes
            await PutRawAsync(storage.Names.KeyOf(2), bytes);
        }

        var restored = Restore(storage, out var result);
        Assert.Equal(1, result.Sequence);
        Assert.Equal(2, Assert.Single(result.Rejected).Checkpoint.Sequence);
        Assert.Equal(ByteState.At(1, 4000).Bytes, restored.Bytes);
    }

    [ObjectStoreFact]
    public void Transient_faults_500_503_dropped_connections_and_timeouts_are_retried()
    {
        var faults = new FaultInjectingHandler();
        var options = FastOptions() with { RequestTimeout = TimeSpan.FromSeconds(2), MaxRetries = 3 };
        using var storage = Open($"{NewParent()}/run-1", options, faults);
        var state = ByteState.At(4, 12 << 20);
        faults.Add(FaultInjectingHandler.Kind.Status, HttpStatusCode.InternalServerError);
        faults.Add(FaultInjectingHandler.Kind.Drop);
        faults.Add(FaultInjectingHandler.Kind.Hang, match: IsCheckpointWrite);
        faults.Add(FaultInjectingHandler.Kind.Status, HttpStatusCode.ServiceUnavailable, IsCheckpointWrite);
        storage.SaveCheckpoint(4, state);
        faults.Add(FaultInjectingHandler.Kind.Status, HttpStatusCode.ServiceUnavailable, r => r.Method == HttpMethod.Get);
        faults.Add(FaultInjectingHandler.Kind.Drop, match: r => r.Method == HttpMethod.Get);

        var restored = Restore(storage, out var result);
        Assert.Equal(6, faults.Injected);
        Assert.Equal(4, result.Sequence);
        Assert.Equal(state.Bytes, restored.Bytes);
    }

    [ObjectStoreFact]
    public void A_permanent_fault_is_not_retried_and_reaches_the_caller()
    {
        var faults = new FaultInjectingHandler();
        using var storage = Open($"{NewParent()}/run-1", FastOptions(), faults);
        faults.Add(FaultInjectingHandler.Kind.Status, HttpStatusCode.Forbidden, IsCheckpointWrite);
        Assert.ThrowsAny<Exception>(() => storage.SaveCheckpoint(1, ByteState.At(1, 100)));
        Assert.Equal(1, faults.Injected);
        Assert.Empty(storage.List());
    }

    [ObjectStoreFact]
    public void A_second_writer_on_the_same_prefix_is_refused_naming_the_holder()
    {
        string prefix = $"{NewParent()}/run-1";
        using var holder = new ProbeProcess("hold", Backend, Url, prefix, "15");
        holder.WaitFor("HELD", TimeSpan.FromSeconds(60));

        var error = Assert.Throws<CheckpointException>(() => Open(prefix));
        Assert.Contains($"process {holder.Id} on host {Environment.MachineName}", error.Message);
    }

    [ObjectStoreFact]
    public void A_run_killed_during_an_upload_leaves_nothing_listed_and_the_previous_checkpoint_restorable() =>
        KillProbeThenRestoreTheFirstCheckpoint("hang-upload", "UPLOADING");

    [ObjectStoreFact]
    public void A_run_killed_during_a_background_persist_leaves_nothing_half_written_listed_and_the_previous_checkpoint_restorable() =>
        KillProbeThenRestoreTheFirstCheckpoint("hang-background", "PERSISTING");

    /// <summary>
    /// Starts the probe in <paramref name="mode"/> (it saves checkpoint 1, then hangs inside saving checkpoint 2),
    /// kills it once it prints <paramref name="hanging"/>, and checks that only checkpoint 1 is listed and restores.
    /// </summary>
    private void KillProbeThenRestoreTheFirstCheckpoint(string mode, string hanging)
    {
        string prefix = $"{NewParent()}/run-1";
        double lockSeconds = LockSecondsForKillTest;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        using (var probe = new ProbeProcess(mode, Backend, Url, prefix, lockSeconds.ToString(invariant), PartSize.ToString(invariant)))
        {
            probe.WaitFor(hanging, TimeSpan.FromSeconds(90));
            probe.KillHard();
        }

        // The killed run's lock is not renewed any more: the next run waits for it to lapse, then takes it.
        using var storage = Open(prefix, FastOptions() with { LockDuration = TimeSpan.FromSeconds(lockSeconds), LockWait = TimeSpan.FromSeconds(lockSeconds + 15) });
        Assert.Equal([1L], storage.List().Select(c => c.Sequence));
        var restored = Restore(storage, out var result);
        Assert.Equal(1, result.Sequence);
        Assert.Equal(ByteState.At(1, 1000).Bytes, restored.Bytes);
    }

    [ObjectStoreFact]
    public void A_checkpoint_larger_than_a_part_that_fits_the_buffers_is_one_create_only_request_resent_whole_on_a_retry()
    {
        var recorder = new FaultInjectingHandler();
        using var storage = Open($"{NewParent()}/run-1", FastOptions() with { SingleRequestMaxBytes = null }, recorder);
        var state = ByteState.At(4, 12 << 20);
        recorder.Add(FaultInjectingHandler.Kind.Drop, match: IsCheckpointWrite);
        storage.SaveCheckpoint(4, state);

        Assert.Equal(1, recorder.Injected);
        var writes = recorder.Requests.Where(r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("/checkpoint-")).ToList();
        Assert.Equal(2, writes.Count);
        Assert.All(writes, w => Assert.Contains("If-None-Match:*", w));
        Assert.DoesNotContain(recorder.Requests, r => r.Contains("blockid=") || r.Contains("partNumber=") || r.Contains("uploads") || r.Contains("blocklist"));
        var restored = Restore(storage, out var result);
        Assert.Equal(4, result.Sequence);
        Assert.Equal(state.Bytes, restored.Bytes);
    }

    [ObjectStoreFact]
    public async Task A_cancelled_asynchronous_save_commits_nothing_and_keeps_the_previous_checkpoint()
    {
        using var storage = Open($"{NewParent()}/run-1");
        await storage.SaveAsync(1, stream => Checkpoint.Save(ByteState.At(1, 1000), stream));
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => storage.SaveAsync(2, stream =>
        {
            stream.Write(new byte[PartSize * 2 + 100]);
            cancel.Cancel();
            stream.Write(new byte[100]);
        }, cancel.Token));

        Assert.Equal([1L], (await storage.ListAsync()).Select(c => c.Sequence));
        var restored = Restore(storage, out var result);
        Assert.Equal(1, result.Sequence);
        Assert.Equal(ByteState.At(1, 1000).Bytes, restored.Bytes);
    }

    /// <summary>An uploaded part (Azure: a staged block; S3: a part of a multipart upload).</summary>
    private static bool IsPart(HttpRequestMessage request) =>
        IsCheckpointWrite(request) && (request.RequestUri!.Query.Contains("blockid=", StringComparison.Ordinal) || request.RequestUri.Query.Contains("partNumber=", StringComparison.Ordinal));

    [ObjectStoreFact]
    public void A_background_persist_cancelled_during_its_upload_stops_between_parts_commits_nothing_and_keeps_the_previous_checkpoint()
    {
        using var cancel = new CancellationTokenSource();
        var recorder = new FaultInjectingHandler();
        using var background = new BackgroundCheckpointStorage(Open($"{NewParent()}/run-1", handler: recorder));
        background.SaveCheckpoint(1, ByteState.At(1, 1000));
        background.WaitForPendingSave();

        // The first part on the wire cancels the persist of a checkpoint of eight parts.
        recorder.OnRequest = request => { if (IsPart(request)) cancel.Cancel(); };
        background.SaveCheckpoint(2, ByteState.At(2, 8 * PartSize - 1000), cancel.Token);
        background.WaitForPendingSave();
        recorder.OnRequest = null;

        Assert.True(cancel.IsCancellationRequested);
        Assert.InRange(recorder.Requests.Count(r => r.StartsWith("PUT ", StringComparison.Ordinal) && (r.Contains("blockid=") || r.Contains("partNumber="))), 1, 3);
        Assert.Equal([1L], background.List().Select(c => c.Sequence));
        var restored = Restore(background, out var result);
        Assert.Equal(1, result.Sequence);
        Assert.Equal(ByteState.At(1, 1000).Bytes, restored.Bytes);
    }

    /// <summary>The lock duration of the killed run: Azure leases last at least 15 s; the S3 lock object has no minimum.</summary>
    protected abstract double LockSecondsForKillTest { get; }

    [ObjectStoreFact]
    public void A_checkpoint_another_writer_creates_during_the_upload_is_not_overwritten()
    {
        string prefix = $"{NewParent()}/run-1";
        using var storage = Open(prefix);
        byte[] theirs = "the other writer's bytes"u8.ToArray();
        foreach (var (sequence, size) in new[] { (1L, 100), (2L, 12 << 20) })
        {
            var error = Assert.Throws<CheckpointException>(() => storage.Save(sequence, stream =>
            {
                Checkpoint.Save(ByteState.At(sequence, size), stream);
                PutRawAsync(storage.Names.KeyOf(sequence), theirs).GetAwaiter().GetResult();
            }));
            Assert.Contains("another writer", error.Message);
            using var stored = storage.OpenRead(storage.List().Single(c => c.Sequence == sequence));
            var bytes = new byte[stored.Length];
            stored.ReadExactly(bytes);
            Assert.Equal(theirs, bytes);
        }
    }
}
