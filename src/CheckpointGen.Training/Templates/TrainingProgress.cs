namespace CheckpointGen.Training.Templates;

/// <summary>
/// Where training stands inside an experience: which experience is under way, which epoch, and the
/// minibatch loader's position (see <see cref="Benchmarks.Loading.LoaderPosition"/>). A checkpoint
/// taken between two iterations holds it, so a resumed run re-enters the same experience and epoch
/// and continues with exactly the batches it would have seen.
/// </summary>
[Checkpointable]
public sealed partial class TrainingProgress
{
    /// <summary>The training experience under way, or -1 between experiences.</summary>
    public int Experience { get; internal set; } = -1;

    /// <summary>The epoch under way within <see cref="Experience"/>.</summary>
    public int Epoch { get; internal set; }

    /// <summary>Seed of the experience's minibatch shuffling, drawn once when the experience starts.</summary>
    public long LoaderSeed { get; internal set; }

    /// <summary>The loader's position within the epoch.</summary>
    public Benchmarks.Loading.LoaderPosition Loader { get; internal set; } = new();

    /// <summary>True while an experience is under way.</summary>
    public bool InExperience => Experience >= 0;

    internal void Begin(int experience, long loaderSeed)
    {
        Experience = experience;
        Epoch = 0;
        LoaderSeed = loaderSeed;
        Loader = new Benchmarks.Loading.LoaderPosition();
    }

    internal void End()
    {
        Experience = -1;
        Epoch = 0;
        LoaderSeed = 0;
        Loader = new Benchmarks.Loading.LoaderPosition();
    }
}
