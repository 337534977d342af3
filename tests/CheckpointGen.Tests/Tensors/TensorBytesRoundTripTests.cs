using CheckpointGen.Reading;
using CheckpointGen.Writing;
using TorchSharp;
using Xunit;

namespace CheckpointGen.Tests.Tensors;

/// <summary>
/// The tensor byte path (hash while writing, verify while reading) at sizes that matter to it:
/// empty, under, at and over 1 MiB and the 4 MiB read/write chunk, and over several chunks.
/// </summary>
public sealed class TensorBytesRoundTripTests
{
    private const int MiB = 1 << 20;

    public static TheoryData<long> ByteLengths => new()
    {
        0, 4, MiB - 4, MiB, MiB + 4, 4 * MiB, 9 * MiB + 64 + 4,
    };

    [Theory]
    [MemberData(nameof(ByteLengths))]
    public void Tensors_restore_in_place_bit_for_bit(long byteLength)
    {
        using var saved = RandomBytes(byteLength, seed: 1);
        using var small = RandomBytes(12, seed: 2);
        using var target = torch.zeros(byteLength / 4, torch.float32);
        using var smallTarget = torch.zeros(3, torch.float32);
        using var file = new MemoryStream();

        Checkpoint.Save(new TensorList(saved, small), file);
        file.Position = 0;
        var restoredInto = new TensorList(target, smallTarget);
        Checkpoint.Restore(restoredInto, file);

        Assert.True(saved.bytes.SequenceEqual(target.bytes));
        Assert.True(small.bytes.SequenceEqual(smallTarget.bytes));
    }

    [Theory]
    [InlineData(12L)]
    [InlineData(9L * MiB + 4)]
    public void A_flipped_byte_in_a_tensor_fails_the_restore_as_damage(long byteLength)
    {
        using var saved = RandomBytes(byteLength, seed: 3);
        using var target = torch.zeros(byteLength / 4, torch.float32);
        using var file = new MemoryStream();
        Checkpoint.Save(new TensorList(saved), file);
        var bytes = file.ToArray();
        bytes[64 + byteLength * 2 / 3] ^= 0x10; // inside the tensor data, which starts after the 64-byte header

        var error = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Restore(new TensorList(target), new MemoryStream(bytes)));
        Assert.Contains("checksum mismatch", error.Message);
    }

    [Fact]
    public void A_stream_failing_mid_tensor_fails_the_save_with_its_exception()
    {
        using var saved = RandomBytes(9L * MiB, seed: 4);
        using var file = new FailingStream(failAfterBytes: 5 * MiB);

        var error = Assert.Throws<IOException>(() => Checkpoint.Save(new TensorList(saved), file));
        Assert.Equal(FailingStream.Message, error.Message);
    }

    [Fact]
    public void A_file_saved_with_large_tensors_passes_verification()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tensor-bytes-{Guid.NewGuid():N}.ckpt");
        try
        {
            using var first = RandomBytes(9L * MiB + 4, seed: 5);
            using var second = RandomBytes(2L * MiB, seed: 6);
            Checkpoint.Save(new TensorList(first, second), path);
            Checkpoint.Verify(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static torch.Tensor RandomBytes(long byteLength, int seed)
    {
        var values = new byte[byteLength];
        new Random(seed).NextBytes(values);
        var tensor = torch.zeros(byteLength / 4, torch.float32);
        if (byteLength > 0) tensor.bytes = values;
        return tensor;
    }

    private sealed class TensorList(params torch.Tensor[] tensors) : ICheckpointable
    {
        public void WriteCheckpoint(CheckpointWriter w)
        {
            w.BeginMember("tensors");
            w.BeginSequence(tensors.Length);
            foreach (var tensor in tensors) w.WriteTensor(tensor);
            w.EndMember();
        }

        public void ReadCheckpoint(CheckpointReader r)
        {
            Assert.True(r.TryBeginMember("tensors"));
            Assert.Equal(tensors.Length, r.BeginSequence());
            for (int i = 0; i < tensors.Length; i++) r.ReadTensorInto(tensors[i], $"tensor {i}");
            r.EndMember();
        }
    }

    private sealed class FailingStream(long failAfterBytes) : MemoryStream
    {
        public const string Message = "disk full (test)";

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > failAfterBytes) throw new IOException(Message);
            base.Write(buffer, offset, count);
        }

        // MemoryStream's span overload does not call the array one in a derived type: route it there.
        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);
    }
}
