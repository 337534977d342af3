using System.IO.Hashing;

namespace CheckpointGen.Training.Checkpointing;

/// <summary>
/// Brings XxHash3, which hashes every tensor of a checkpoint, to optimized code before the first save.
/// </summary>
/// <remarks>
/// System.IO.Hashing ships without precompiled (ReadyToRun) code, so its loops start at the JIT's
/// unoptimized tier and are recompiled only after a few dozen calls made once the runtime's
/// tiering delay has passed (each burst of newly compiled methods restarts it). The warm-up
/// serializations call it too rarely and too early, so the first saves would hash at unoptimized
/// speed (docs/performance.md has the figures). This hashes a small private buffer a few thousand times, in bursts, on a
/// thread-pool thread while training runs: no state is shared and the save path is not touched.
/// </remarks>
internal static class HashingWarmUp
{
    private const int Rounds = 200;
    private const int CallsPerRound = 32;
    private const int BufferBytes = 4 << 10;
    private static int _started;

    /// <summary>Starts the warm-up once per process; returns at once.</summary>
    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) return;
        _ = Task.Run(HashRepeatedly);
    }

    private static async Task HashRepeatedly()
    {
        var buffer = new byte[BufferBytes];
        var hasher = new XxHash3();
        for (int round = 0; round < Rounds; round++)
        {
            for (int call = 0; call < CallsPerRound; call++)
            {
                hasher.Reset();
                hasher.Append(buffer);
                hasher.GetCurrentHashAsUInt64();
            }
            // Bursts spread over ~2 s, so that enough calls come after each tiering delay.
            await Task.Delay(10).ConfigureAwait(false);
        }
    }
}
