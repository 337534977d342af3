namespace CheckpointGen.Storage.ObjectStores;

/// <summary>
/// One object being uploaded: either one create-only PUT, or parts followed by a create-only commit.
/// Until <see cref="PutAsync"/> or <see cref="CommitAsync"/> succeeds nothing is visible under the
/// object's name. A backend retries each call itself (its parts are in memory, so a retry resends them).
/// </summary>
public interface IObjectUpload
{
    /// <summary>Stores the whole object at once, only if no object of that name exists; its bytes are <paramref name="content"/>'s buffers one after the other (see <see cref="ReadOnlySegmentsStream"/>).</summary>
    Task PutAsync(IReadOnlyList<ReadOnlyMemory<byte>> content, CancellationToken cancellationToken);

    /// <summary>Uploads part <paramref name="partNumber"/> (1, 2, …); parts may be in flight together. The buffer is the caller's again when the task ends.</summary>
    Task UploadPartAsync(int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Makes parts 1…<paramref name="partCount"/> the object, only if no object of that name exists.</summary>
    Task CommitAsync(int partCount, CancellationToken cancellationToken);

    /// <summary>Discards the parts uploaded so far (best effort: a server also drops uncommitted parts by itself).</summary>
    Task AbortAsync(CancellationToken cancellationToken);
}
