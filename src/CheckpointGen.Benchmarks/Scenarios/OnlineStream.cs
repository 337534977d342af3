using System.Collections;
using System.Runtime.InteropServices;
using CheckpointGen.Randomness;
using TorchSharp;

namespace CheckpointGen.Benchmarks.Scenarios;

/// <summary>
/// An online stream (Avalanche's <c>split_online_stream</c>): every experience of a stream cut into
/// mini-experiences of a fixed number of samples, in stream order, each trained on once. Experience
/// i of the online stream has <see cref="Experience.CurrentExperience"/> = i, so a loop resumed from
/// a checkpoint continues at the index the checkpoint gives back.
/// </summary>
/// <remarks>
/// <para>Each original experience is shuffled with <c>torch.randperm</c> on a generator of its own
/// seeded with the stream's seed (as Avalanche's <c>FixedSizeExperienceSplitter</c>, so a seed gives
/// the same cut as there). Without a seed, every original experience draws its seed from
/// <see cref="RngManager.Random"/> when the stream is built (Avalanche draws when the experience is
/// reached; drawing up front keeps the cut independent of what training draws meanwhile).</para>
/// <para>Mini-experiences are made when first asked for and kept, so the same index is always the
/// same object. Avalanche marks no mini-experience last when an experience divides evenly and the
/// last one is kept; here the last mini-experience of each experience is always marked.</para>
/// </remarks>
public sealed class OnlineStream : IReadOnlyList<OnlineExperience>
{
    private readonly Experience[] _origins;
    private readonly ulong[] _seeds;
    private readonly int[] _firstIndex;   // index in this stream of each origin's first mini-experience
    private readonly int[] _lengths;      // mini-experiences cut from each origin
    private readonly int[]?[] _orders;    // each origin's sample order, made when first needed
    private readonly OnlineExperience?[] _experiences;

    private OnlineStream(string name, Experience[] origins, int experienceSize, bool shuffle, bool dropLast, bool accessTaskBoundaries, ulong[] seeds)
    {
        Name = name;
        _origins = origins;
        _seeds = seeds;
        ExperienceSize = experienceSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        AccessTaskBoundaries = accessTaskBoundaries;
        _lengths = origins.Select(o => dropLast ? o.Dataset.Count / experienceSize : (o.Dataset.Count + experienceSize - 1) / experienceSize).ToArray();
        _firstIndex = new int[origins.Length];
        int total = 0;
        for (int i = 0; i < origins.Length; i++)
        {
            _firstIndex[i] = total;
            total = checked(total + _lengths[i]);
        }
        _orders = new int[]?[origins.Length];
        _experiences = new OnlineExperience?[total];
    }

    /// <summary>
    /// Cuts every experience of <paramref name="originalStream"/> into mini-experiences of
    /// <paramref name="experienceSize"/> samples.
    /// </summary>
    /// <param name="originalStream">The experiences to cut, in order (a benchmark's train stream).</param>
    /// <param name="experienceSize">Samples per mini-experience.</param>
    /// <param name="shuffle">Shuffle each experience's samples before cutting; false: dataset order.</param>
    /// <param name="dropLast">Drop the last mini-experience of an experience when it has fewer samples.</param>
    /// <param name="accessTaskBoundaries">Whether strategies may use the origin and boundary flags (see <see cref="OnlineExperience"/>).</param>
    /// <param name="seed">Seed of every experience's shuffle; null: one seed per experience from <see cref="RngManager.Random"/>.</param>
    /// <param name="name">The stream's name; default: the original stream's name + <c>_online</c>, as Avalanche's.</param>
    public static OnlineStream Split(IEnumerable<Experience> originalStream, int experienceSize, bool shuffle = true, bool dropLast = false,
        bool accessTaskBoundaries = false, long? seed = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(originalStream);
        ArgumentOutOfRangeException.ThrowIfLessThan(experienceSize, 1);
        var origins = originalStream.ToArray();
        if (origins.Length == 0) throw new ArgumentException("The original stream has no experience to cut.", nameof(originalStream));
        var seeds = origins.Select(_ => seed is long s ? unchecked((ulong)s) : (ulong)RngManager.Random.NextInt64(0, 1L << 32)).ToArray();
        string streamName = name ?? (originalStream is ExperienceStream named ? named.Name : origins[0].StreamName) + "_online";
        return new OnlineStream(streamName, origins, experienceSize, shuffle, dropLast, accessTaskBoundaries, seeds);
    }

    /// <summary>The stream's name (e.g. <c>train_online</c>).</summary>
    public string Name { get; }

    /// <summary>Samples per mini-experience (the last one of an experience may have fewer unless <see cref="DropLast"/>).</summary>
    public int ExperienceSize { get; }

    /// <summary>Whether each experience was shuffled before being cut.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether incomplete last mini-experiences were dropped.</summary>
    public bool DropLast { get; }

    /// <summary>Whether strategies may use the origin and boundary flags.</summary>
    public bool AccessTaskBoundaries { get; }

    /// <summary>The experiences that were cut, in order.</summary>
    public IReadOnlyList<Experience> OriginalExperiences => _origins;

    /// <inheritdoc/>
    public int Count => _experiences.Length;

    /// <summary>The index in this stream of the first mini-experience cut from original experience <paramref name="origin"/>.</summary>
    public int FirstIndexOf(int origin) => _firstIndex[origin];

    /// <inheritdoc/>
    public OnlineExperience this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_experiences.Length)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The online stream '{Name}' has {_experiences.Length} mini-experiences.");
            return _experiences[index] ??= Make(index);
        }
    }

    private OnlineExperience Make(int index)
    {
        // The origin whose mini-experiences cover the index (origins that give none are skipped).
        int origin = 0;
        while (index >= _firstIndex[origin] + _lengths[origin]) origin++;
        var experience = _origins[origin];
        var order = _orders[origin] ??= OrderOf(experience.Dataset.Count, _seeds[origin]);
        int k = index - _firstIndex[origin];
        int start = k * ExperienceSize;
        int length = Math.Min(ExperienceSize, order.Length - start);
        var dataset = experience.Dataset.Subset(order.AsSpan(start, length), $"{experience.Dataset.Name}/online{k}");
        return new OnlineExperience(Name, index, dataset, experience, k == 0, k == _lengths[origin] - 1, _lengths[origin], AccessTaskBoundaries);
    }

    private int[] OrderOf(int count, ulong seed)
    {
        if (!Shuffle || count == 0)
        {
            var identity = new int[count];
            for (int i = 0; i < count; i++) identity[i] = i;
            return identity;
        }
        using var generator = new torch.Generator(seed);
        using var permutation = torch.randperm(count, generator: generator, dtype: torch.ScalarType.Int64);
        var longs = MemoryMarshal.Cast<byte, long>(permutation.bytes);
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = (int)longs[i];
        return order;
    }

    /// <inheritdoc/>
    public IEnumerator<OnlineExperience> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
