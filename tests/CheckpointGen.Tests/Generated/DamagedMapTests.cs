using System.Collections.Immutable;
using CheckpointGen.Reading;
using CheckpointGen.Tests.Format.Support;
using CheckpointGen.Writing;

namespace CheckpointGen.Tests.Generated;

/// <summary>Dictionaries stored entry by entry (Map), as value kinds without columns store them; the test's forger writes its files.</summary>
[Checkpointable, CheckpointFormerName("CheckpointGen.Tests.Generated.DamagedMapTests+ForgedMap")]
public sealed partial class KeyedState
{
    public Dictionary<string, int> Counts = [];
    public SortedDictionary<string, int> Sorted = [];
    public ImmutableDictionary<string, int> Frozen = ImmutableDictionary<string, int>.Empty;
    public Dictionary<string, List<Moments>> Histories = [];
}

/// <summary>
/// A file whose dictionary entries break the rules a writer keeps (found by the fuzzer): generated code
/// reports a format error naming the entry, never a framework exception from the dictionary itself.
/// </summary>
public class DamagedMapTests
{
    public static TheoryData<string> Members => [nameof(KeyedState.Counts), nameof(KeyedState.Sorted), nameof(KeyedState.Frozen), nameof(KeyedState.Histories)];

    [Theory]
    [MemberData(nameof(Members))]
    public void A_null_key_is_a_format_error(string member)
    {
        byte[] file = CheckpointBytes.Save(new ForgedMap(member, w => w.WriteString("first"), w => w.WriteNull()));

        var e = Assert.Throws<CheckpointFormatException>(() => CheckpointBytes.Restore(new KeyedState(), file));
        Assert.Contains("key 1 of a dictionary is null", e.Message);
    }

    [Theory]
    [MemberData(nameof(Members))]
    public void A_key_that_appears_twice_is_a_format_error(string member)
    {
        byte[] file = CheckpointBytes.Save(new ForgedMap(member, w => w.WriteString("same"), w => w.WriteString("same")));

        var e = Assert.Throws<CheckpointFormatException>(() => CheckpointBytes.Restore(new KeyedState(), file));
        Assert.Contains("key 1 of a dictionary appears twice", e.Message);
    }

    /// <summary>One member holding a two-entry Map whose keys the test writes; values are empty for the member's type.</summary>
    private sealed class ForgedMap(string member, Action<CheckpointWriter> firstKey, Action<CheckpointWriter> secondKey) : ICheckpointable
    {
        public void WriteCheckpoint(CheckpointWriter writer)
        {
            writer.BeginMember(member);
            writer.BeginMap(2);
            foreach (var key in new[] { firstKey, secondKey })
            {
                key(writer);
                if (member == nameof(KeyedState.Histories)) writer.WriteNull();
                else writer.WriteInt32(1);
            }
            writer.EndMember();
        }

        public void ReadCheckpoint(CheckpointReader reader) => throw new NotSupportedException();
    }
}
