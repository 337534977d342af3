namespace CheckpointGen.Tests.Generated;

/// <summary>
/// Collections stored as columns, in an earlier version of a plugin (Old…) and in the current one, whose
/// element types each lost a member (Removed) and gained one (Added); [CheckpointFormerName] ties the two.
/// </summary>
public static partial class EvolvedColumns
{
    [Checkpointable]
    public sealed partial class OldHolder
    {
        public List<OldRow> Rows = [];
        public Dictionary<int, OldPoint> Points = [];
        public List<OldOpen> Open = [];
    }

    [Checkpointable]
    public sealed partial class OldRow
    {
        public int Kept;
        public string Removed = "";
    }

    [Checkpointable]
    public partial struct OldPoint
    {
        public long Kept;
        public double Removed;
    }

    [Checkpointable]
    public partial class OldOpen
    {
        public int Kept;
        public int Removed;
    }

    [Checkpointable, CheckpointFormerName("CheckpointGen.Tests.Generated.EvolvedColumns+OldHolder")]
    public sealed partial class Holder
    {
        public List<Row> Rows = [];
        public Dictionary<int, Point> Points = [];
        public List<Open> Open = [];
    }

    [Checkpointable, CheckpointFormerName("CheckpointGen.Tests.Generated.EvolvedColumns+OldRow")]
    public sealed partial class Row
    {
        public int Kept;
        public string Added = "constructed";
    }

    [Checkpointable, CheckpointFormerName("CheckpointGen.Tests.Generated.EvolvedColumns+OldPoint")]
    public partial struct Point
    {
        public long Kept;
        public int Added;
    }

    [Checkpointable, CheckpointFormerName("CheckpointGen.Tests.Generated.EvolvedColumns+OldOpen")]
    public partial class Open
    {
        public int Kept;
        public double Added = -1;
    }
}
