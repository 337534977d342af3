namespace CheckpointGen.Tests.Randomness;

/// <summary>
/// xoshiro256** and SplitMix64 transcribed from the published reference C code
/// (Blackman and Vigna, prng.di.unimi.it: xoshiro256starstar.c, splitmix64.c), kept apart from
/// the implementation under test so that both would have to share a mistake for the tests to pass.
/// </summary>
internal sealed class ReferenceXoshiro256StarStar
{
    private readonly ulong[] s = new ulong[4];

    public ReferenceXoshiro256StarStar(ulong seed)
    {
        ulong x = seed;
        for (int i = 0; i < 4; i++) s[i] = SplitMix64Next(ref x);
    }

    public static ulong SplitMix64Next(ref ulong x)
    {
        ulong z = (x += 0x9e3779b97f4a7c15);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }

    private static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

    public ulong Next()
    {
        ulong result = Rotl(s[1] * 5, 7) * 9;
        ulong t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Rotl(s[3], 45);
        return result;
    }
}
