using System.Text;
using CheckpointGen.Configuration;
using CheckpointGen.Format;

namespace CheckpointGen.Inspection;

/// <summary>What a checkpoint file holds, as read by <see cref="CheckpointInspector"/> without the types that wrote it.</summary>
public sealed class CheckpointDescription
{
    /// <summary>The file format version, "major.minor".</summary>
    public required string FormatVersion { get; init; }

    /// <summary>The CheckpointGen version that wrote the file.</summary>
    public required Version WriterVersion { get; init; }

    /// <summary>The file's length in bytes.</summary>
    public required long FileLength { get; init; }

    /// <summary>Every component; component 0 is the root.</summary>
    public required IReadOnlyList<ComponentDescription> Components { get; init; }

    /// <summary>Every entry of the tensor table, in file order.</summary>
    public required IReadOnlyList<TensorDescription> Tensors { get; init; }

    /// <summary>
    /// The experiment's identity as recorded: every configuration member (<see cref="CheckpointConfigurationAttribute"/>,
    /// stored under <c>config:KEY</c>) as <c>(component type name, key without the prefix, value)</c>, in component order.
    /// Two checkpoints of the same experiment have the same list.
    /// </summary>
    public IEnumerable<(string TypeName, string Key, string Value)> Configuration =>
        from component in Components
        from member in component.Members
        where ConfigurationKeys.IsConfiguration(member.Key)
        select (component.TypeName, member.Key[ConfigurationKeys.Prefix.Length..], member.Value);

    /// <summary>A readable multi-line listing of the file: the configuration first, then every component and tensor.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        text.Append($"Checkpoint format {FormatVersion}, written by CheckpointGen {WriterVersion}, {FileLength} bytes\n");
        var configuration = Configuration.ToList();
        text.Append(configuration.Count == 0 ? "Configuration: none recorded\n" : $"Configuration ({configuration.Count}):\n");
        foreach (var (typeName, key, value) in configuration)
            text.Append($"  {typeName}.{key} = {value}\n");
        text.Append($"Components ({Components.Count}):\n");
        foreach (var component in Components)
        {
            text.Append($"  #{component.Id} {component.TypeName}\n");
            foreach (var member in component.Members)
                text.Append($"    {member.Key}: {member.Kind} {member.Value}\n");
        }
        text.Append($"Tensors ({Tensors.Count}):\n");
        foreach (var tensor in Tensors)
            text.Append($"  {tensor}\n");
        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Render();
}

/// <summary>One component (object) of a checkpoint.</summary>
public sealed class ComponentDescription
{
    /// <summary>The component's number; references to it use this number.</summary>
    public required int Id { get; init; }

    /// <summary>The recorded type name (see <see cref="TypeNames"/>).</summary>
    public required string TypeName { get; init; }

    /// <summary>The members, in file order.</summary>
    public required IReadOnlyList<MemberDescription> Members { get; init; }
}

/// <summary>One member of a component: its key and a short rendering of its value.</summary>
public sealed class MemberDescription
{
    /// <summary>The member's key.</summary>
    public required string Key { get; init; }

    /// <summary>The kind of the stored value.</summary>
    public required ValueTag Kind { get; init; }

    /// <summary>A short rendering: the scalar value, counts and first items of collections, references as <c>#id</c>.</summary>
    public required string Value { get; init; }

    /// <summary>Components this member refers to, anywhere inside its value.</summary>
    public required IReadOnlyList<int> ObjectRefs { get; init; }

    /// <summary>Tensors (indices into the tensor table) this member refers to, anywhere inside its value.</summary>
    public required IReadOnlyList<int> TensorRefs { get; init; }

    /// <summary>
    /// XxHash3 of the stored value and of the arrays it keeps in blocks: equal values have equal
    /// hashes. References are hashed as their numbers, so compare those through
    /// <see cref="ObjectRefs"/> and <see cref="TensorRefs"/> instead.
    /// </summary>
    public required ulong ContentHash { get; init; }
}

/// <summary>One entry of the tensor table.</summary>
public sealed class TensorDescription
{
    /// <summary>The tensor's index in the table.</summary>
    public required int Index { get; init; }

    /// <summary>The element type (TorchSharp's <c>ScalarType</c> name).</summary>
    public required string DType { get; init; }

    /// <summary>The shape (empty for a scalar).</summary>
    public required IReadOnlyList<long> Shape { get; init; }

    /// <summary>The device it was saved from, e.g. "cpu", "cuda:1".</summary>
    public required string Device { get; init; }

    /// <summary>Whether it required gradients when saved.</summary>
    public required bool RequiresGrad { get; init; }

    /// <summary>Absolute offset of its bytes in the file.</summary>
    public required long Offset { get; init; }

    /// <summary>Length of its bytes.</summary>
    public required long Length { get; init; }

    /// <summary>The XxHash3 of its bytes as recorded in the file (checked by <see cref="Checkpoint.Verify(string)"/>).</summary>
    public required ulong Hash { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"#{Index} {DType} [{string.Join(", ", Shape)}] {Device}{(RequiresGrad ? " requires_grad" : "")} offset {Offset} length {Length}";
}
