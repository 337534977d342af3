using CheckpointGen.Benchmarks.Data;

namespace CheckpointGen.Benchmarks.Scenarios;

/// <summary>
/// A "new instances" benchmark: the training samples are split into experiences that share the
/// classes; the test stream is one experience with the whole test set. Follows Avalanche's
/// <c>ni_benchmark</c> / <c>NIScenario</c>, including the order of its <c>torch.randperm</c> draws
/// after <c>torch.manual_seed(seed)</c>, so a seed assigns the same samples as there.
/// </summary>
public sealed class NiBenchmark : ContinualBenchmark
{
    private NiBenchmark(string name, ExperienceStream train, ExperienceStream test, int[][] assignment, int[][] structure)
        : base(name, train, test)
    {
        ExperienceAssignment = assignment;
        ExperienceStructure = structure;
    }

    /// <summary>For each experience, the positions (in the training view) of its samples.</summary>
    public IReadOnlyList<IReadOnlyList<int>> ExperienceAssignment { get; }

    /// <summary>For each experience, the number of samples of each class (indexed by position in the sorted class list).</summary>
    public IReadOnlyList<IReadOnlyList<int>> ExperienceStructure { get; }

    /// <summary>
    /// Builds a new-instances benchmark.
    /// </summary>
    /// <param name="name">Benchmark name.</param>
    /// <param name="train">Training samples to split.</param>
    /// <param name="test">Test samples (one experience).</param>
    /// <param name="nExperiences">Number of training experiences.</param>
    /// <param name="taskLabels">Task label i for experience i; else 0.</param>
    /// <param name="shuffle">Assign samples at random (else in index order).</param>
    /// <param name="seed">Seed for <c>torch.manual_seed</c>; null: the global generator's current state.</param>
    /// <param name="balanceExperiences">Spread each class's samples equally over the experiences.</param>
    /// <param name="minClassPatternsInExp">Minimum number of samples of every class in every experience.</param>
    public static NiBenchmark Create(string name, DatasetView train, DatasetView test, int nExperiences,
        bool taskLabels = false, bool shuffle = true, int? seed = null, bool balanceExperiences = false, int minClassPatternsInExp = 0)
    {
        if (nExperiences < 1) throw new ArgumentOutOfRangeException(nameof(nExperiences), nExperiences, "The number of experiences must be at least 1.");
        if (minClassPatternsInExp < 0) throw new ArgumentOutOfRangeException(nameof(minClassPatternsInExp), minClassPatternsInExp, "Must be at least 0.");

        var targets = train.Targets;
        int[] classes = train.Classes.ToArray();
        var classIndex = new Dictionary<int, int>();
        for (int k = 0; k < classes.Length; k++) classIndex[classes[k]] = k;
        var perClass = classes.Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < targets.Length; i++) perClass[classIndex[targets[i]]].Add(i);
        int minCount = perClass.Min(l => l.Count);
        if (minCount < nExperiences * minClassPatternsInExp)
            throw new ArgumentException($"minClassPatternsInExp = {minClassPatternsInExp} cannot be satisfied: the smallest class has {minCount} samples for {nExperiences} experiences.");

        TorchRandom.SeedIfGiven(seed);
        int[][] classPatterns = perClass.Select(l => l.ToArray()).ToArray();
        if (shuffle)
            for (int k = 0; k < classPatterns.Length; k++)
            {
                int[] perm = TorchRandom.Randperm(classPatterns[k].Length);
                classPatterns[k] = perm.Select(p => classPatterns[k][p]).ToArray();
            }

        var structure = Enumerable.Range(0, nExperiences).Select(_ => new int[classes.Length]).ToArray();
        var assignment = Enumerable.Range(0, nExperiences).Select(_ => new List<int>()).ToArray();
        if (balanceExperiences)
            AssignBalanced(classPatterns, nExperiences, shuffle, structure, assignment);
        else
            AssignUnbalanced(classPatterns, targets, classIndex, nExperiences, shuffle, minClassPatternsInExp, structure, assignment);

        var trainExperiences = assignment.Select((positions, exp) =>
        {
            int task = taskLabels ? exp : 0;
            var view = train.WithParts(p => p with { TaskLabel = task }).Subset(positions.ToArray(), $"{name}/train/exp{exp}");
            return new Experience("train", exp, view, task, view.Classes);
        });
        var testView = test.WithParts(p => p with { TaskLabel = 0 }, $"{name}/test/exp0");
        var testStream = new ExperienceStream("test", [new Experience("test", 0, testView, 0, testView.Classes)]);
        return new NiBenchmark(name, new ExperienceStream("train", trainExperiences), testStream,
            assignment.Select(a => a.ToArray()).ToArray(), structure);
    }

    /// <summary>Builds over whole tensor datasets.</summary>
    public static NiBenchmark Create(string name, TensorDataset train, TensorDataset test, int nExperiences,
        bool taskLabels = false, bool shuffle = true, int? seed = null, bool balanceExperiences = false, int minClassPatternsInExp = 0) =>
        Create(name, train.All, test.All, nExperiences, taskLabels, shuffle, seed, balanceExperiences, minClassPatternsInExp);

    private static void AssignBalanced(int[][] classPatterns, int nExperiences, bool shuffle, int[][] structure, List<int>[] assignment)
    {
        for (int k = 0; k < classPatterns.Length; k++)
            for (int e = 0; e < nExperiences; e++) structure[e][k] = classPatterns[k].Length / nExperiences;
        // Each class's remainder goes one sample each to randomly chosen experiences.
        for (int k = 0; k < classPatterns.Length; k++)
        {
            int remainder = classPatterns[k].Length % nExperiences;
            if (remainder == 0) continue;
            int[] chosen = shuffle ? TorchRandom.Randperm(nExperiences)[..remainder] : Enumerable.Range(0, remainder).ToArray();
            foreach (int e in chosen) structure[e][k]++;
        }
        var next = new int[classPatterns.Length];
        for (int e = 0; e < nExperiences; e++)
            for (int k = 0; k < classPatterns.Length; k++)
            {
                assignment[e].AddRange(classPatterns[k].AsSpan(next[k], structure[e][k]));
                next[k] += structure[e][k];
            }
    }

    private static void AssignUnbalanced(int[][] classPatterns, ReadOnlySpan<int> targets, Dictionary<int, int> classIndex,
        int nExperiences, bool shuffle, int minClassPatternsInExp, int[][] structure, List<int>[] assignment)
    {
        // First the guaranteed minimum of every class in every experience (taken from each class's
        // shuffled list; Avalanche slices the list of classes here, a bug that only shows with a minimum > 0).
        var assigned = new bool[targets.Length];
        var next = new int[classPatterns.Length];
        for (int e = 0; e < nExperiences; e++)
            for (int k = 0; k < classPatterns.Length; k++)
            {
                var picked = classPatterns[k].AsSpan(next[k], minClassPatternsInExp);
                assignment[e].AddRange(picked);
                foreach (int p in picked) assigned[p] = true;
                structure[e][k] += minClassPatternsInExp;
                next[k] += minClassPatternsInExp;
            }

        var remaining = Enumerable.Range(0, targets.Length).Where(p => !assigned[p]).ToArray();
        int[] order = shuffle ? TorchRandom.Randperm(remaining.Length).Select(i => remaining[i]).ToArray() : remaining;
        int average = order.Length / nExperiences, extra = order.Length % nExperiences, cursor = 0;
        for (int e = 0; e < nExperiences; e++)
            for (int j = 0; j < average; j++, cursor++)
            {
                assignment[e].Add(order[cursor]);
                structure[e][classIndex[targets[order[cursor]]]]++;
            }
        if (extra > 0)
        {
            int[] chosen = shuffle ? TorchRandom.Randperm(nExperiences)[..extra] : Enumerable.Range(0, extra).ToArray();
            foreach (int e in chosen)
            {
                assignment[e].Add(order[cursor]);
                structure[e][classIndex[targets[order[cursor]]]]++;
                cursor++;
            }
        }
    }
}
