namespace CheckpointGen.Tests.Generated;

/// <summary>Types as an earlier version named them (Old…) and as the current version does, with their former names.</summary>
public static partial class Renamed
{
    [Checkpointable]
    public sealed partial class OldHolder
    {
        public int Count;
        public OldPoint[] Points = [];
        public OldNode? Node;
    }

    [Checkpointable]
    public partial struct OldPoint
    {
        public long Step;
        public double Value;
    }

    [Checkpointable]
    public partial class OldNode
    {
        public string Label = "";
    }

    [Checkpointable, CheckpointFormerName("CheckpointGen.Tests.Generated.Renamed+OldHolder")]
    public sealed partial class Holder
    {
        public int Count;
        public Point[] Points = [];
        public Node? Node;
    }

    [Checkpointable, CheckpointFormerName("CheckpointGen.Tests.Generated.Renamed+OldPoint")]
    public partial struct Point
    {
        public long Step;
        public double Value;
    }

    [Checkpointable]
    [CheckpointFormerName("Somewhere.Else.Node")]
    [CheckpointFormerName("CheckpointGen.Tests.Generated.Renamed+OldNode")]
    public partial class Node
    {
        public string Label = "";
    }

    /// <summary>Saves members like <see cref="Holder"/> but was never called by that name.</summary>
    [Checkpointable]
    public sealed partial class Stranger
    {
        public int Count;
    }
}
