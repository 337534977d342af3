using CheckpointGen.Randomness;
using Xunit;

namespace CheckpointGen.Tests.Randomness;

public sealed class CheckpointableRandomTests
{
    [Fact]
    public void The_generator_core_matches_the_published_xoshiro256starstar_test_vector()
    {
        // State {1, 2, 3, 4}: the first outputs published with the reference implementation
        // (also the test vector of Rust's rand_xoshiro).
        var random = new CheckpointableRandom(0);
        random.SetState([1, 2, 3, 4]);

        ulong[] expected = [11520, 0, 1509978240, 1215971899390074240, 1216172134540287360, 607988272756665600];
        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(_ => random.NextUInt64()));
    }

    [Fact]
    public void Seeding_is_splitmix64_so_a_seed_gives_the_same_first_values_in_every_process()
    {
        // Computed once, outside .NET, from the published SplitMix64 and xoshiro256** algorithms.
        var random = new CheckpointableRandom(42);

        Assert.Equal([0xbdd732262feb6e95UL, 0x28efe333b266f103UL, 0x47526757130f9f52UL, 0x581ce1ff0e4ae394UL], random.GetState());
        Assert.Equal(1546998764402558742UL, random.NextUInt64());
        Assert.Equal(6990951692964543102UL, random.NextUInt64());
        Assert.Equal(12544586762248559009UL, random.NextUInt64());
        ulong zero = 0;
        Assert.Equal(0xe220a8397b1dcdafUL, ReferenceXoshiro256StarStar.SplitMix64Next(ref zero));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    [InlineData(20260301L)]
    public void Every_seed_follows_the_reference_algorithm_for_ten_thousand_draws(long seed)
    {
        var random = new CheckpointableRandom(seed);
        var reference = new ReferenceXoshiro256StarStar((ulong)seed);
        for (int i = 0; i < 10_000; i++) Assert.Equal(reference.Next(), random.NextUInt64());
    }

    [Fact]
    public void Next_with_a_bound_gives_every_value_equally_often()
    {
        var random = new CheckpointableRandom(7);
        const int bound = 7, draws = 700_000;
        var counts = new int[bound];
        for (int i = 0; i < draws; i++) counts[random.Next(bound)]++;

        double expected = (double)draws / bound;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        // 6 degrees of freedom: chi² > 35.9 has probability 3e-6 for a uniform generator.
        Assert.True(chiSquare < 35.9, $"chi² = {chiSquare:F1}, counts [{string.Join(", ", counts)}]");
    }

    [Fact]
    public void A_large_bound_has_no_modulo_bias()
    {
        // With bound = 2/3 of 2^63, "random % bound" would land in the lower half twice as often
        // as in the upper half (P = 2/3). Rejection sampling keeps it at 1/2.
        var random = new CheckpointableRandom(11);
        const long bound = long.MaxValue / 3 * 2;
        const int draws = 200_000;
        int lower = 0;
        for (int i = 0; i < draws; i++)
        {
            long value = random.NextInt64(bound);
            Assert.InRange(value, 0, bound - 1);
            if (value < bound / 2) lower++;
        }
        Assert.InRange((double)lower / draws, 0.495, 0.505);
    }

    [Fact]
    public void Next_double_stays_in_zero_to_one_and_fills_it_evenly()
    {
        var random = new CheckpointableRandom(3);
        const int draws = 1_000_000;
        var buckets = new int[10];
        double sum = 0;
        for (int i = 0; i < draws; i++)
        {
            double value = random.NextDouble();
            Assert.True(value is >= 0.0 and < 1.0, $"draw {i}: {value}");
            buckets[(int)(value * 10)]++;
            sum += value;
        }
        Assert.InRange(sum / draws, 0.499, 0.501);
        double expected = draws / 10.0;
        double chiSquare = buckets.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 40.0, $"chi² = {chiSquare:F1} over 9 degrees of freedom");
    }

    [Fact]
    public void A_checkpoint_replays_the_same_draws_after_restore()
    {
        var random = new CheckpointableRandom(99);
        for (int i = 0; i < 17; i++) random.Next();
        using var saved = new MemoryStream();
        Checkpoint.Save(random, saved);

        long[] first = Enumerable.Range(0, 100).Select(_ => random.NextInt64()).ToArray();
        saved.Position = 0;
        Checkpoint.Restore(random, saved);
        long[] second = Enumerable.Range(0, 100).Select(_ => random.NextInt64()).ToArray();

        Assert.Equal(first, second);
    }
}
