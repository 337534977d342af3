namespace CheckpointGen.Training.Storage;

/// <summary>The samples of one class in a <see cref="HerdingBuffer"/>, in herding order, and the class's share of the capacity.</summary>
[Checkpointable]
internal sealed partial class HerdingGroup
{
    private int _label;
    private int _capacity;
    private readonly DatasetSelection _samples = new();

    // For restoring.
    private HerdingGroup() { }

    public HerdingGroup(int label, int capacity)
    {
        _label = label;
        _capacity = capacity;
    }

    public int Label => _label;

    public int Capacity
    {
        get => _capacity;
        set => _capacity = value;
    }

    public DatasetSelection Samples => _samples;
}
