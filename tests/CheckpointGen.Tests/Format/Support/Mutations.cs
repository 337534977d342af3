namespace CheckpointGen.Tests.Format.Support;

/// <summary>Seeded random damage for fuzzing: bit flips, overwritten, deleted and inserted bytes, truncation.</summary>
internal static class Mutations
{
    /// <summary>A copy of <paramref name="original"/> with one to four random mutations, described in <paramref name="how"/>.</summary>
    public static byte[] Apply(byte[] original, Random random, out string how)
    {
        var bytes = new List<byte>(original);
        var steps = new List<string>();
        int count = random.Next(1, 5);
        for (int i = 0; i < count && bytes.Count > 0; i++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); steps.Add($"flip bit @{at}"); break;
                case 1: bytes[at] = (byte)random.Next(256); steps.Add($"set @{at}"); break;
                case 2: bytes[at] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x7F; steps.Add($"max @{at}"); break;
                case 3: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 16))); steps.Add($"delete @{at}"); break;
                case 4: bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256))); steps.Add($"insert @{at}"); break;
                default: bytes.RemoveRange(at, bytes.Count - at); steps.Add($"truncate @{at}"); break;
            }
        }
        how = string.Join(", ", steps);
        return [.. bytes];
    }
}
