using System.Numerics;
using CheckpointGen.Reading;
using CheckpointGen.Writing;

namespace CheckpointGen.Randomness;

/// <summary>
/// A drop-in replacement for <see cref="Random"/> whose state is saved and restored by checkpoints
/// (System.Random's state cannot be read or set, so a run that uses it cannot resume exactly).
/// xoshiro256** seeded through SplitMix64: fast, 256 bits of state, period 2^256 − 1.
/// </summary>
/// <remarks>
/// Every <see cref="Random"/> method is overridden to draw from this generator, so code written
/// against <see cref="Random"/> (including <see cref="Random.Shuffle{T}(Span{T})"/>) works
/// unchanged. Not thread-safe, like <see cref="Random"/>.
/// </remarks>
[CheckpointFormerName("CheckpointGen.CheckpointableRandom")]
public sealed class CheckpointableRandom : Random, ICheckpointable
{
    private const string StateKey = "state";
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator seeded from <paramref name="seed"/>: the same seed gives the same sequence in every process and on every machine.</summary>
    public CheckpointableRandom(long seed) => Reseed(seed);

    /// <summary>A generator seeded from the system's entropy source.</summary>
    public CheckpointableRandom() => Reseed(Random.Shared.NextInt64());

    /// <summary>Restarts the sequence from <paramref name="seed"/>.</summary>
    public void Reseed(long seed)
    {
        ulong x = (ulong)seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>A copy of the 256-bit state.</summary>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    /// <summary>Sets the state from <see cref="GetState"/>; an all-zero or wrongly sized state is refused (xoshiro would output zeros forever).</summary>
    public void SetState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 4) throw new ArgumentException($"A CheckpointableRandom state has 4 words, not {state.Length}.", nameof(state));
        if ((state[0] | state[1] | state[2] | state[3]) == 0) throw new ArgumentException("An all-zero CheckpointableRandom state is invalid.", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <inheritdoc/>
    public override int Next() => (int)NextUInt64Bounded(int.MaxValue);

    /// <inheritdoc/>
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue <= 1 ? 0 : (int)NextUInt64Bounded((ulong)maxValue);
    }

    /// <inheritdoc/>
    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        ulong range = (ulong)((long)maxValue - minValue);
        return range <= 1 ? minValue : (int)((long)minValue + (long)NextUInt64Bounded(range));
    }

    /// <inheritdoc/>
    public override long NextInt64() => (long)NextUInt64Bounded(long.MaxValue);

    /// <inheritdoc/>
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue <= 1 ? 0 : (long)NextUInt64Bounded((ulong)maxValue);
    }

    /// <inheritdoc/>
    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        ulong range = (ulong)(maxValue - minValue);
        return range <= 1 ? minValue : minValue + (long)NextUInt64Bounded(range);
    }

    /// <inheritdoc/>
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <inheritdoc/>
    public override float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1U << 24));

    /// <inheritdoc/>
    protected override double Sample() => NextDouble();

    /// <inheritdoc/>
    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    /// <inheritdoc/>
    public override void NextBytes(Span<byte> buffer)
    {
        while (buffer.Length >= 8)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(buffer, NextUInt64());
            buffer = buffer[8..];
        }
        if (!buffer.IsEmpty)
        {
            Span<byte> last = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(last, NextUInt64());
            last[..buffer.Length].CopyTo(buffer);
        }
    }

    /// <summary>A standard normal draw (Box–Muller; one of the pair is used so that the state is the only state).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Unbiased value in [0, bound) by Lemire's multiply-and-reject.</summary>
    private ulong NextUInt64Bounded(ulong bound)
    {
        ulong high = Math.BigMul(NextUInt64(), bound, out ulong low);
        if (low < bound)
        {
            ulong threshold = (0 - bound) % bound;
            while (low < threshold) high = Math.BigMul(NextUInt64(), bound, out low);
        }
        return high;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    void ICheckpointable.WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember(StateKey);
        writer.WritePrimitiveArray<ulong>(GetState());
        writer.EndMember();
    }

    void ICheckpointable.ReadCheckpoint(CheckpointReader reader)
    {
        if (!reader.TryBeginMember(StateKey)) return;
        var state = reader.ReadPrimitiveSpan<ulong>();
        if (state.Length != 4 || (state[0] | state[1] | state[2] | state[3]) == 0)
            throw new CheckpointMismatchException($"Checkpoint {reader.CurrentTypeName}.{StateKey}: not a valid CheckpointableRandom state ({state.Length} words).");
        SetState(state);
        reader.EndMember();
    }
}
