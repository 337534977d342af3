using CheckpointGen.Benchmarks.Data;

namespace CheckpointGen.Benchmarks.Scenarios;

/// <summary>
/// A "new classes" benchmark: each experience holds all samples of a subset of the classes, and each
/// class appears in one experience. Follows Avalanche's <c>nc_benchmark</c> / <c>NCScenario</c>:
/// the class order is the sorted train classes permuted by <c>torch.randperm</c> after
/// <c>torch.manual_seed(seed)</c> (or fixed by the caller), then cut into experiences.
/// </summary>
public sealed class NcBenchmark : ContinualBenchmark
{
    private NcBenchmark(string name, ExperienceStream train, ExperienceStream test, int[] classOrderOriginal,
        int[] classOrder, int[] classMapping, int[] classesPerExperience, bool taskLabels)
        : base(name, train, test)
    {
        ClassOrderOriginalIds = classOrderOriginal;
        ClassOrder = classOrder;
        ClassMapping = classMapping;
        ClassesPerExperience = classesPerExperience;
        HasTaskLabels = taskLabels;
    }

    /// <summary>The class order with the dataset's labels (experience 0's classes first).</summary>
    public IReadOnlyList<int> ClassOrderOriginalIds { get; }

    /// <summary>The class order with the labels the model sees (after remapping, if any).</summary>
    public IReadOnlyList<int> ClassOrder { get; }

    /// <summary>Dataset label → model label (−1 for classes not in the benchmark).</summary>
    public IReadOnlyList<int> ClassMapping { get; }

    /// <summary>Number of classes in each experience.</summary>
    public IReadOnlyList<int> ClassesPerExperience { get; }

    /// <summary>True when experience i has task label i; false when all have 0.</summary>
    public bool HasTaskLabels { get; }

    /// <summary>
    /// Builds a new-classes benchmark over <paramref name="train"/> and <paramref name="test"/>.
    /// </summary>
    /// <param name="name">Benchmark name (prefix of experience dataset names).</param>
    /// <param name="train">Training samples with their labels.</param>
    /// <param name="test">Test samples (same label space).</param>
    /// <param name="nExperiences">Number of experiences.</param>
    /// <param name="taskLabels">Task label i for experience i (task-incremental); else 0 everywhere.</param>
    /// <param name="shuffle">Permute the class order (ignored when <paramref name="fixedClassOrder"/> is given).</param>
    /// <param name="seed">Seed for the permutation (<c>torch.manual_seed</c>); null: the global generator's current state.</param>
    /// <param name="fixedClassOrder">An explicit class order (dataset labels); may leave out classes.</param>
    /// <param name="perExperienceClasses">Class counts for some experiences (experience → count); the rest share the remaining classes equally.</param>
    /// <param name="classIdsFromZeroInEachExp">Relabel each experience's classes to 0..k−1.</param>
    /// <param name="classIdsFromZeroFromFirstExp">Relabel classes to their position in the class order.</param>
    public static NcBenchmark Create(string name, DatasetView train, DatasetView test, int nExperiences,
        bool taskLabels = false, bool shuffle = true, int? seed = null, IReadOnlyList<int>? fixedClassOrder = null,
        IReadOnlyDictionary<int, int>? perExperienceClasses = null, bool classIdsFromZeroInEachExp = false,
        bool classIdsFromZeroFromFirstExp = false)
    {
        if (classIdsFromZeroInEachExp && classIdsFromZeroFromFirstExp)
            throw new ArgumentException("classIdsFromZeroInEachExp and classIdsFromZeroFromFirstExp are mutually exclusive.");
        if (nExperiences < 1)
            throw new ArgumentOutOfRangeException(nameof(nExperiences), nExperiences, "The number of experiences must be at least 1.");

        int[] sortedClasses = train.Classes.ToArray();
        int[] order;
        if (fixedClassOrder is not null)
        {
            var known = sortedClasses.ToHashSet();
            var unknown = fixedClassOrder.Where(c => !known.Contains(c)).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"fixedClassOrder has classes the training set lacks: {string.Join(", ", unknown)}.", nameof(fixedClassOrder));
            if (fixedClassOrder.Distinct().Count() != fixedClassOrder.Count)
                throw new ArgumentException("fixedClassOrder repeats a class.", nameof(fixedClassOrder));
            order = fixedClassOrder.ToArray();
        }
        else if (shuffle)
        {
            TorchRandom.SeedIfGiven(seed);
            order = TorchRandom.Randperm(sortedClasses.Length).Select(i => sortedClasses[i]).ToArray();
        }
        else
        {
            order = sortedClasses;
        }

        int[] perExperience = ClassCounts(order.Length, nExperiences, perExperienceClasses);
        int nOriginal = sortedClasses.Length == 0 ? 0 : Math.Max(sortedClasses[^1], test.Classes.Count == 0 ? 0 : test.Classes[^1]) + 1;
        var mapping = Enumerable.Repeat(-1, nOriginal).ToArray();
        int[] mappedOrder = new int[order.Length];
        for (int pos = 0, exp = 0, inExp = 0; pos < order.Length; pos++, inExp++)
        {
            while (inExp >= perExperience[exp]) { exp++; inExp = 0; }
            int mapped = classIdsFromZeroFromFirstExp ? pos : classIdsFromZeroInEachExp ? inExp : order[pos];
            mapping[order[pos]] = mapped;
            mappedOrder[pos] = mapped;
        }

        var trainExperiences = new List<Experience>();
        var testExperiences = new List<Experience>();
        int start = 0;
        for (int exp = 0; exp < nExperiences; exp++)
        {
            int[] originalClasses = order[start..(start + perExperience[exp])].Order().ToArray();
            int[] modelClasses = originalClasses.Select(c => mapping[c]).Order().ToArray();
            int task = taskLabels ? exp : 0;
            trainExperiences.Add(new Experience("train", exp, Select(name, "train", exp, train, originalClasses, mapping, task), task, modelClasses, originalClasses));
            testExperiences.Add(new Experience("test", exp, Select(name, "test", exp, test, originalClasses, mapping, task), task, modelClasses, originalClasses));
            start += perExperience[exp];
        }

        return new NcBenchmark(name, new ExperienceStream("train", trainExperiences), new ExperienceStream("test", testExperiences),
            order, mappedOrder, mapping, perExperience, taskLabels);
    }

    /// <summary>Builds over whole tensor datasets.</summary>
    public static NcBenchmark Create(string name, TensorDataset train, TensorDataset test, int nExperiences,
        bool taskLabels = false, bool shuffle = true, int? seed = null, IReadOnlyList<int>? fixedClassOrder = null,
        IReadOnlyDictionary<int, int>? perExperienceClasses = null, bool classIdsFromZeroInEachExp = false,
        bool classIdsFromZeroFromFirstExp = false) =>
        Create(name, train.All, test.All, nExperiences, taskLabels, shuffle, seed, fixedClassOrder, perExperienceClasses,
            classIdsFromZeroInEachExp, classIdsFromZeroFromFirstExp);

    private static int[] ClassCounts(int nClasses, int nExperiences, IReadOnlyDictionary<int, int>? perExperienceClasses)
    {
        if (perExperienceClasses is null || perExperienceClasses.Count == 0)
        {
            if (nClasses % nExperiences != 0)
                throw new ArgumentException($"The {nClasses} classes cannot be divided equally into {nExperiences} experiences.");
            return Enumerable.Repeat(nClasses / nExperiences, nExperiences).ToArray();
        }
        foreach (var (exp, count) in perExperienceClasses)
        {
            if (exp < 0 || exp >= nExperiences)
                throw new ArgumentException($"perExperienceClasses names experience {exp}; experiences are 0..{nExperiences - 1}.");
            if (count < 0) throw new ArgumentException($"perExperienceClasses gives experience {exp} a negative class count ({count}).");
        }
        int assigned = perExperienceClasses.Values.Sum();
        if (assigned > nClasses)
            throw new ArgumentException($"perExperienceClasses assigns {assigned} classes; there are only {nClasses}.");
        int remainingExperiences = nExperiences - perExperienceClasses.Count;
        int remainingClasses = nClasses - assigned;
        if (remainingExperiences > 0 && remainingClasses % remainingExperiences != 0)
            throw new ArgumentException($"The remaining {remainingClasses} classes cannot be divided equally into the remaining {remainingExperiences} experiences.");
        if (remainingExperiences == 0 && remainingClasses != 0)
            throw new ArgumentException($"perExperienceClasses leaves {remainingClasses} classes without an experience.");
        int share = remainingExperiences > 0 ? remainingClasses / remainingExperiences : 0;
        var counts = Enumerable.Repeat(share, nExperiences).ToArray();
        foreach (var (exp, count) in perExperienceClasses) counts[exp] = count;
        return counts;
    }

    /// <summary>The samples of <paramref name="classes"/> (class by class, ascending; indices ascending within a class, as Avalanche).</summary>
    private static DatasetView Select(string name, string stream, int exp, DatasetView source, int[] classes, int[] mapping, int task)
    {
        var targets = source.Targets;
        var wanted = new Dictionary<int, List<int>>();
        foreach (int c in classes) wanted[c] = [];
        for (int i = 0; i < targets.Length; i++)
            if (wanted.TryGetValue(targets[i], out var list)) list.Add(i);
        var positions = classes.SelectMany(c => wanted[c]).ToArray();
        var relabelled = source.WithParts(p => p.ThenMap(mapping) with { TaskLabel = task });
        return relabelled.Subset(positions, $"{name}/{stream}/exp{exp}");
    }
}
