using TorchSharp;

namespace CheckpointGen.Tensors;

/// <summary>
/// A device as recorded in a checkpoint: its type ("cpu", "cuda", …) and index (-1 for none).
/// TorchSharp's <see cref="torch.Device"/> has no value equality, so comparisons go through this.
/// </summary>
public readonly record struct DeviceDescriptor(string Type, int Index)
{
    /// <summary>The CPU.</summary>
    public static DeviceDescriptor Cpu { get; } = new("cpu", -1);

    /// <summary>True for the CPU.</summary>
    public bool IsCpu => Type == "cpu";

    /// <summary>The descriptor of a TorchSharp device.</summary>
    public static DeviceDescriptor From(torch.Device device) => From(device.type, device.index);

    /// <summary>The descriptor of a device given by its type and index (a tensor's <c>device_type</c> and <c>device_index</c>).</summary>
    public static DeviceDescriptor From(DeviceType type, int index) => new(TypeName(type), index);

    // Saves describe every tensor's device: the common types without formatting an enum each time.
    private static string TypeName(DeviceType type) => type switch
    {
        DeviceType.CPU => "cpu",
        DeviceType.CUDA => "cuda",
        DeviceType.MPS => "mps",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>The TorchSharp device ("cuda:1" → <c>torch.device("cuda:1")</c>). Creating the descriptor needs no CUDA; using it does.</summary>
    /// <remarks>Uses the Device constructor, which only records type and index: <c>torch.device("cuda:1")</c> throws on a machine without CUDA.</remarks>
    public torch.Device ToDevice() => new(Enum.Parse<DeviceType>(Type, ignoreCase: true), Index);

    /// <summary>"cpu", "cuda:1".</summary>
    public override string ToString() => Index < 0 ? Type : $"{Type}:{Index}";
}
