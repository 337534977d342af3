using CheckpointGen.Randomness;

namespace CheckpointGen.Benchmarks.Loading;

/// <summary>
/// The epoch order of a loader: a Fisher–Yates shuffle of 0..n−1 driven by a
/// <see cref="CheckpointableRandom"/>, written out here (not <see cref="Random.Shuffle{T}(Span{T})"/>)
/// so that the order depends only on the generator's state, never on the runtime's implementation.
/// </summary>
public static class ShuffleOrder
{
    /// <summary>A permutation of 0..<paramref name="count"/>−1 drawn from <paramref name="random"/> (n−1 draws).</summary>
    public static int[] Draw(int count, CheckpointableRandom random)
    {
        var order = Identity(count);
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>0..<paramref name="count"/>−1 in order.</summary>
    public static int[] Identity(int count)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        return order;
    }
}
