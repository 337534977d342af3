using System.Collections.Concurrent;
using CheckpointGen.Storage.ObjectStores;

namespace CheckpointGen.ObjectStorage.Tests;

/// <summary>The upload stream alone, over an in-process recorder of parts (no server: this is about buffering, not storage).</summary>
public sealed class PartUploadStreamTests
{
    private sealed class RecordingUpload : IObjectUpload
    {
        private int _inFlight;
        public ConcurrentDictionary<int, byte[]> Parts { get; } = new();
        public ConcurrentBag<int> Started { get; } = [];
        public byte[]? Whole { get; private set; }
        public int Committed { get; private set; }
        public bool Aborted { get; private set; }
        public int MaxInFlight;
        public int FailPart = -1;

        public Task PutAsync(IReadOnlyList<ReadOnlyMemory<byte>> content, CancellationToken cancellationToken)
        {
            Whole = content.SelectMany(segment => segment.ToArray()).ToArray();
            return Task.CompletedTask;
        }

        public async Task UploadPartAsync(int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            Started.Add(partNumber);
            int now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref MaxInFlight, now);
            await Task.Delay(5, cancellationToken);
            Parts[partNumber] = content.ToArray();
            Interlocked.Decrement(ref _inFlight);
            if (partNumber == FailPart) throw new IOException($"part {partNumber} failed");
        }

        public Task CommitAsync(int partCount, CancellationToken cancellationToken)
        {
            Committed = partCount;
            return Task.CompletedTask;
        }

        public Task AbortAsync(CancellationToken cancellationToken)
        {
            Aborted = true;
            return Task.CompletedTask;
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
        }
    }

    [Fact]
    public void A_cancelled_upload_sends_no_further_part_and_discards_those_sent()
    {
        var upload = new RecordingUpload();
        using var cancel = new CancellationTokenSource();
        using (var stream = new PartUploadStream(upload, 64 << 10, maxInFlight: 4, cancel.Token, singleRequestMaxBytes: 64 << 10))
        {
            stream.Write(new byte[(64 << 10) + 1]);
            cancel.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => stream.Write(new byte[(64 << 10) * 3]));
        }
        Assert.Equal([1], upload.Started.Order());
        Assert.Equal(0, upload.Committed);
        Assert.True(upload.Aborted);
    }

    [Fact]
    public void A_large_object_is_sent_in_parts_with_memory_bounded_by_the_parts_in_flight()
    {
        var upload = new RecordingUpload();
        var data = new byte[(64 << 10) * 40 + 123];
        new Random(1).NextBytes(data);
        using (var stream = new PartUploadStream(upload, 64 << 10, maxInFlight: 2))
        {
            for (int offset = 0; offset < data.Length; offset += 1000) stream.Write(data, offset, Math.Min(1000, data.Length - offset));
            stream.Commit();
            Assert.True(stream.BuffersRented <= 3, $"{stream.BuffersRented} buffers for 2 parts in flight");
        }
        Assert.Equal(41, upload.Committed);
        Assert.True(upload.MaxInFlight <= 2);
        Assert.Equal(data, Enumerable.Range(1, 41).SelectMany(n => upload.Parts[n]).ToArray());
        Assert.Null(upload.Whole);
    }

    [Fact]
    public void An_object_within_one_part_is_one_put()
    {
        var upload = new RecordingUpload();
        using (var stream = new PartUploadStream(upload, 64 << 10, maxInFlight: 2))
        {
            stream.Write(new byte[1000]);
            stream.Commit();
        }
        Assert.Equal(1000, upload.Whole!.Length);
        Assert.Empty(upload.Parts);
        Assert.Equal(0, upload.Committed);
    }

    [Fact]
    public void A_failed_part_fails_the_save_and_aborts_the_upload()
    {
        var upload = new RecordingUpload { FailPart = 2 };
        var stream = new PartUploadStream(upload, 64 << 10, maxInFlight: 2);
        // The failure surfaces when the writer next waits for that part: in a later write or in the commit.
        Assert.Throws<IOException>(() =>
        {
            stream.Write(new byte[(64 << 10) * 5]);
            stream.Commit();
        });
        stream.Dispose();
        Assert.True(upload.Aborted);
        Assert.Equal(0, upload.Committed);
    }

    [Fact]
    public void Disposing_without_commit_aborts()
    {
        var upload = new RecordingUpload();
        using (var stream = new PartUploadStream(upload, 64 << 10, maxInFlight: 2)) stream.Write(new byte[(64 << 10) * 5]);
        Assert.True(upload.Aborted);
        Assert.Equal(0, upload.Committed);
    }

    [Theory]
    [InlineData(64 << 10)]
    [InlineData((64 << 10) * 5 / 2)]
    [InlineData((64 << 10) * 3)]
    public void An_object_that_fits_the_buffers_of_the_parts_in_flight_is_one_put_of_them_all(int size)
    {
        var upload = new RecordingUpload();
        var data = new byte[size];
        new Random(2).NextBytes(data);
        using (var stream = new PartUploadStream(upload, 64 << 10, maxInFlight: 2))
        {
            stream.Write(data);
            stream.Commit();
            Assert.True(stream.BuffersRented <= 3, $"{stream.BuffersRented} buffers for 2 parts in flight");
        }
        Assert.Equal(data, upload.Whole);
        Assert.Empty(upload.Parts);
        Assert.Equal(0, upload.Committed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64 << 10)]
    [InlineData((64 << 10) * 7 + 5)]
    public void An_object_beyond_the_single_request_limit_sends_the_held_buffers_as_its_first_parts(int beyond)
    {
        var upload = new RecordingUpload();
        var data = new byte[(64 << 10) * 3 + beyond];
        new Random(3).NextBytes(data);
        using (var stream = new PartUploadStream(upload, 64 << 10, maxInFlight: 2))
        {
            for (int offset = 0; offset < data.Length; offset += 777) stream.Write(data, offset, Math.Min(777, data.Length - offset));
            stream.Commit();
            Assert.True(stream.BuffersRented <= 3, $"{stream.BuffersRented} buffers for 2 parts in flight");
        }
        int parts = (data.Length + (64 << 10) - 1) / (64 << 10);
        Assert.Equal(parts, upload.Committed);
        Assert.True(upload.MaxInFlight <= 2);
        Assert.Equal(data, Enumerable.Range(1, parts).SelectMany(n => upload.Parts[n]).ToArray());
        Assert.Null(upload.Whole);
    }

    [Fact]
    public void A_single_request_limit_beyond_the_buffers_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PartUploadStream(new RecordingUpload(), 64 << 10, maxInFlight: 2, singleRequestMaxBytes: (64 << 10) * 3 + 1));
        Assert.Equal("singleRequestMaxBytes", error.ParamName);
    }
}
