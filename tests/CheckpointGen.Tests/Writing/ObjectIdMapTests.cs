using CheckpointGen.Writing;

namespace CheckpointGen.Tests.Writing;

/// <summary>The save's identity map: ids by reference (never by Equals), through growth and removals, as a dictionary would give them.</summary>
public sealed class ObjectIdMapTests
{
    /// <summary>Equal by value, hash-colliding: only reference identity tells them apart.</summary>
    private sealed record Twin(int Value)
    {
        public override int GetHashCode() => 0;
    }

    [Fact]
    public void Ids_are_found_by_reference_through_growth_and_removals_as_a_dictionary_finds_them()
    {
        var random = new Random(7);
        var keys = Enumerable.Range(0, 5_000).Select(i => new Twin(i % 10)).ToArray();
        var expected = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        using var map = new ObjectIdMap();
        for (int step = 0; step < 40_000; step++)
        {
            var key = keys[random.Next(keys.Length)];
            switch (random.Next(4))
            {
                case 0 when expected.Remove(key):
                    Assert.True(map.Remove(key));
                    break;
                case 0:
                    Assert.False(map.Remove(key));
                    break;
                default:
                    ref int id = ref map.GetValueRefOrAddDefault(key, out bool exists);
                    Assert.Equal(expected.ContainsKey(key), exists);
                    if (!exists) id = expected[key] = step;
                    Assert.Equal(expected[key], id);
                    break;
            }
            Assert.Equal(expected.Count, map.Count);
        }
        foreach (var key in keys)
        {
            Assert.Equal(expected.ContainsKey(key), map.ContainsKey(key));
            ref int id = ref map.GetValueRefOrNullRef(key);
            if (expected.TryGetValue(key, out int value)) Assert.Equal(value, id);
            else Assert.True(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref id));
        }
    }

    [Fact]
    public void Reserved_capacity_takes_every_addition_without_moving_the_slots()
    {
        using var map = new ObjectIdMap();
        map.EnsureCapacity(1_000);
        var first = new object();
        ref int slot = ref map.GetValueRefOrAddDefault(first, out _);
        for (int i = 1; i < 1_000; i++) map.Add(new object(), i);
        slot = 42;
        Assert.Equal(42, map.GetValueRefOrNullRef(first));
        Assert.Throws<ArgumentException>(() => map.Add(first, 1));
    }
}
