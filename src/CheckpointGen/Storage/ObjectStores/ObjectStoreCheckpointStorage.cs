namespace CheckpointGen.Storage.ObjectStores;

/// <summary>
/// Checkpoints as objects under one run prefix of an object store, with the guarantees of
/// <see cref="FileSystemCheckpointStorage"/> built the object-store way (docs/storages.md):
/// uploads in bounded parts made visible by one create-only commit at the end, one writer per
/// prefix through a renewed lock that names its holder, retention only after the commit, listing
/// of exact names under a prefix ending in '/', downloads staged in a temporary file (never twice
/// in memory) that <see cref="CheckpointStorageExtensions.RestoreLatest"/> verifies before restoring.
/// A backend supplies the primitives and retries each of them.
/// </summary>
public abstract class ObjectStoreCheckpointStorage : ICheckpointStorage, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _renewal;
    private Exception? _lockLost;
    private bool _locked;
    private bool _disposed;
    private List<CheckpointInfo>? _known;
    private Retention _retention = Retention.None;

    /// <summary>Sets the names and options; the derived class's factory then calls <see cref="TakeLock"/>.</summary>
    /// <param name="location">The prefix as a user would write it ("azure://container/run-1/"), for messages.</param>
    /// <param name="prefix">The run prefix inside the container or bucket.</param>
    /// <param name="options">Retention, part sizes, lock and retry timings.</param>
    protected ObjectStoreCheckpointStorage(string location, string prefix, ObjectStoreOptions? options)
    {
        Options = options ?? new ObjectStoreOptions();
        Options.Validate();
        Names = new CheckpointObjectNames(prefix);
        Location = location;
    }

    /// <summary>The run prefix as a user would write it, for messages.</summary>
    public string Location { get; }

    /// <summary>The object names of this run's checkpoints.</summary>
    public CheckpointObjectNames Names { get; }

    /// <summary>Retention, part sizes, lock and retry timings.</summary>
    public ObjectStoreOptions Options { get; }

    /// <summary>Every object directly or indirectly under <paramref name="prefix"/>, with its size.</summary>
    protected abstract Task<IReadOnlyList<(string Key, long Length)>> ListObjectsAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Starts the upload of a new object named <paramref name="key"/>.</summary>
    protected abstract IObjectUpload StartUpload(string key);

    /// <summary>Writes the object's bytes into <paramref name="destination"/> (emptied first on every attempt).</summary>
    protected abstract Task DownloadAsync(string key, Stream destination, CancellationToken cancellationToken);

    /// <summary>Deletes an object; one already gone is not an error.</summary>
    protected abstract Task DeleteObjectAsync(string key, CancellationToken cancellationToken);

    /// <summary>Takes the prefix's lock (waiting up to <see cref="ObjectStoreOptions.LockWait"/> for a holder that stopped renewing) or throws a <see cref="CheckpointException"/> naming the holder.</summary>
    protected abstract Task AcquireLockAsync(CancellationToken cancellationToken);

    /// <summary>Extends the lock by <see cref="ObjectStoreOptions.LockDuration"/>; throws when it was lost.</summary>
    protected abstract Task RenewLockAsync(CancellationToken cancellationToken);

    /// <summary>Releases the lock so the next run need not wait for it to lapse.</summary>
    protected abstract Task ReleaseLockAsync(CancellationToken cancellationToken);

    /// <summary>Releases the backend's clients.</summary>
    protected virtual void DisposeClient() { }

    /// <summary>Takes the lock and starts renewing it every third of its duration; disposes this storage when the lock cannot be taken.</summary>
    protected void TakeLock()
    {
        try
        {
            Wait(AcquireLockAsync(CancellationToken.None));
        }
        catch
        {
            _disposed = true;
            DisposeClient();
            throw;
        }
        _locked = true;
        _renewal = Task.Run(RenewUntilStoppedAsync);
    }

    private async Task RenewUntilStoppedAsync()
    {
        var period = Options.LockDuration / 3;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _stopping.Token).ConfigureAwait(false);
                await RenewLockAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _lockLost = e;
                Options.Log?.Invoke($"Lost the lock on {Location}: {e.Message}");
                return;
            }
        }
    }

    /// <summary>
    /// Uploads checkpoint <paramref name="sequence"/> in parts and commits it (create-only), then
    /// deletes what it supersedes: checkpoints with a higher sequence (an abandoned timeline) and
    /// those beyond the newest <see cref="ObjectStoreOptions.Keep"/>. A checkpoint of the same
    /// sequence left by this run's abandoned timeline is deleted first (this run holds the lock, so
    /// it is its own); one that appears during the upload is another writer's, and the commit fails
    /// naming it instead of overwriting it. The prefix is listed once; later saves go by what this
    /// run committed and deleted since (the lock keeps other writers out), and the deletions run in
    /// the background once the commit is done, and go on during the next save's upload until its commit
    /// (docs/storages.md, "What a save costs").
    /// </summary>
    public void Save(long sequence, Action<Stream> write) => Wait(SaveAsync(sequence, write, CancellationToken.None));

    /// <summary>
    /// <see cref="Save"/>, awaiting every request; <paramref name="cancellationToken"/> stops the
    /// upload between parts (its parts are discarded and nothing is committed) or, once committed,
    /// the retention that follows (the superseded checkpoints are then deleted by the next save).
    /// </summary>
    public async Task SaveAsync(long sequence, Action<Stream> write, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        ArgumentNullException.ThrowIfNull(write);
        string key = Names.KeyOf(sequence);
        try
        {
            // A pending deletion of this very name must end before it is created again.
            if (_retention.Deleting.Contains(sequence)) await FinishRetentionAsync().ConfigureAwait(false);
            // The previous save's other deletions go on during this upload: what this run knows already counts them as done.
            var known = await KnownCheckpointsAsync(cancellationToken).ConfigureAwait(false);
            if (known.Any(c => c.Sequence == sequence))
            {
                Options.Log?.Invoke($"Deleting checkpoint {sequence} under {Location}: this run saves it again (it resumed from an older one).");
                await DeleteObjectAsync(key, cancellationToken).ConfigureAwait(false);
                known.RemoveAll(c => c.Sequence == sequence);
            }
            long length;
            using (var stream = new PartUploadStream(StartUpload(key), Options.PartSizeBytes, Options.MaxPartsInFlight, cancellationToken, Options.SingleRequestLimit))
            {
                write(stream);
                cancellationToken.ThrowIfCancellationRequested();
                await stream.CommitAsync().ConfigureAwait(false);
                length = stream.Length;
            }
            // The previous save's deletions end before this one's start; one that failed makes this save list the prefix again.
            await FinishRetentionAsync().ConfigureAwait(false);
            known = await KnownCheckpointsAsync(cancellationToken).ConfigureAwait(false);
            if (!known.Any(c => c.Sequence == sequence)) known.Add(new CheckpointInfo(sequence, key[Names.Prefix.Length..], length));
            known.Sort((a, b) => b.Sequence.CompareTo(a.Sequence));
            var superseded = known.Where(c => c.Sequence > sequence)
                .Select(c => (c, $"newer than the checkpoint {sequence} just saved, from an abandoned timeline"))
                .Concat(known.Where(c => c.Sequence <= sequence).Skip(Options.Keep).Select(c => (c, $"only the newest {Options.Keep} are kept")))
                .ToList();
            known.RemoveAll(c => superseded.Any(s => s.c == c));
            // Started off this thread: the deletions' first requests are prepared while the caller goes on.
            _retention = new Retention(superseded.Select(s => s.c.Sequence).ToHashSet(), superseded.Count == 0 ? Task.FromResult(true) : Task.Run(() => DeleteSupersededAsync(superseded, cancellationToken), CancellationToken.None));
        }
        catch
        {
            // Another writer's object or a failed request may have changed the prefix: list it again next time.
            _known = null;
            throw;
        }
    }

    /// <summary>
    /// This run's checkpoints, newest first: listed once, then kept up to date by this run's saves and
    /// deletions (those in flight already left out); a listing first waits for the deletions in flight.
    /// </summary>
    private async Task<List<CheckpointInfo>> KnownCheckpointsAsync(CancellationToken cancellationToken)
    {
        if (_known is { } known) return known;
        await FinishRetentionAsync().ConfigureAwait(false);
        return _known ??= await ListCheckpointsAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> DeleteSupersededAsync(List<(CheckpointInfo Checkpoint, string Why)> superseded, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (checkpoint, why) in superseded)
            {
                Options.Log?.Invoke($"Deleting {checkpoint} under {Location}: {why}.");
                await DeleteObjectAsync(Names.Prefix + checkpoint.Name, cancellationToken).ConfigureAwait(false);
            }
            return true;
        }
        catch (Exception e)
        {
            Options.Log?.Invoke($"Retention under {Location} stopped ({e.Message}); the next save deletes what it left.");
            return false;
        }
    }

    /// <summary>Waits for the previous save's deletions; when they did not all happen, the next save lists the prefix again and retries them.</summary>
    private async Task FinishRetentionAsync()
    {
        var retention = _retention;
        if (retention.Deletions.IsCompleted && retention.Deleting.Count == 0) return;
        _retention = Retention.None;
        if (!await retention.Deletions.ConfigureAwait(false)) _known = null;
    }

    /// <summary>The deletions a save started after its commit, and the sequences they delete.</summary>
    private sealed record Retention(IReadOnlySet<long> Deleting, Task<bool> Deletions)
    {
        public static readonly Retention None = new(new HashSet<long>(), Task.FromResult(true));
    }

    /// <inheritdoc/>
    public IReadOnlyList<CheckpointInfo> List() => Wait(ListAsync(CancellationToken.None));

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CheckpointInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await FinishRetentionAsync().ConfigureAwait(false);
        var listed = await ListCheckpointsAsync(cancellationToken).ConfigureAwait(false);
        _known = [.. listed];
        return listed;
    }

    private async Task<List<CheckpointInfo>> ListCheckpointsAsync(CancellationToken cancellationToken)
    {
        var found = new List<CheckpointInfo>();
        foreach (var (key, length) in await ListObjectsAsync(Names.Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (Names.TryParse(key, out long sequence)) found.Add(new CheckpointInfo(sequence, key[Names.Prefix.Length..], length));
        }
        found.Sort((a, b) => b.Sequence.CompareTo(a.Sequence));
        return found;
    }

    /// <summary>
    /// Downloads a checkpoint into a temporary file (deleted when the stream is closed) and returns
    /// it at position 0. A download that fails after its retries, or whose length differs from the
    /// listed one, is an <see cref="IOException"/>, so that a restore passes over it to an older checkpoint.
    /// </summary>
    public Stream OpenRead(CheckpointInfo checkpoint) => Wait(OpenReadAsync(checkpoint, CancellationToken.None));

    /// <summary><see cref="OpenRead"/>, awaiting the download; a cancelled download deletes its temporary file.</summary>
    public async Task<Stream> OpenReadAsync(CheckpointInfo checkpoint, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        string key = KeyOf(checkpoint);
        await FinishRetentionAsync().ConfigureAwait(false);
        string folder = Options.DownloadDirectory ?? Path.GetTempPath();
        Directory.CreateDirectory(folder);
        var file = new FileStream(Path.Combine(folder, $"checkpointgen-{Guid.NewGuid():N}.download"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, bufferSize: 1 << 20, FileOptions.DeleteOnClose | FileOptions.RandomAccess);
        try
        {
            try
            {
                await DownloadAsync(key, file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not IOException and not CheckpointException && !cancellationToken.IsCancellationRequested)
            {
                throw new IOException($"Downloading {checkpoint} from {Location} failed: {e.Message}", e);
            }
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (checkpoint.Length is { } listed && file.Length != listed)
                throw new IOException($"Downloading {checkpoint} from {Location} gave {file.Length} bytes, but it is listed with {listed}; it changed or the transfer was cut.");
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public void Delete(CheckpointInfo checkpoint) => Wait(DeleteAsync(checkpoint, CancellationToken.None));

    /// <inheritdoc/>
    public async Task DeleteAsync(CheckpointInfo checkpoint, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        string key = KeyOf(checkpoint);
        await FinishRetentionAsync().ConfigureAwait(false);
        _known?.RemoveAll(c => c.Sequence == checkpoint.Sequence);
        await DeleteObjectAsync(key, cancellationToken).ConfigureAwait(false);
    }

    private string KeyOf(CheckpointInfo checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        string key = Names.Prefix + checkpoint.Name;
        if (checkpoint.Name.Contains('/') || !Names.TryParse(key, out long sequence) || sequence != checkpoint.Sequence)
            throw new ArgumentException($"{checkpoint} is not a checkpoint of {Location} (use one from List()).", nameof(checkpoint));
        return key;
    }

    /// <summary>The error of a create-only commit that found the object already there.</summary>
    protected CheckpointException SecondWriter(string key, Exception? inner) =>
        new($"The checkpoint '{key}' in {Location} was created by another writer while this run was uploading it; it was not overwritten. " +
            "Two runs are writing under one prefix: give each run its own prefix.", inner);

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_lockLost is { } lost)
            throw new CheckpointException($"This run lost its lock on {Location} ({lost.Message}); another writer may be using the prefix now, so nothing more is written. Start the run again once the other writer has stopped.", lost);
    }

    /// <summary>Stops renewing the lock and releases it; the checkpoints stay.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            // The lock is held until the last deletions are done.
            Wait(FinishRetentionAsync());
            _stopping.Cancel();
            _renewal?.GetAwaiter().GetResult();
            if (_locked && _lockLost is null) Wait(ReleaseLockAsync(CancellationToken.None));
        }
        catch (Exception e)
        {
            // The lock then lapses by itself after its duration.
            Options.Log?.Invoke($"Could not release the lock on {Location}: {e.Message}");
        }
        finally
        {
            DisposeClient();
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Runs a backend call to its end from synchronous code (the training thread has no synchronization context to deadlock on).</summary>
    protected static void Wait(Task task) => task.GetAwaiter().GetResult();

    /// <summary>Runs a backend call to its end and returns its result.</summary>
    protected static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
