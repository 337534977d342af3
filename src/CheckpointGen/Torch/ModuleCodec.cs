using CheckpointGen.Reading;
using CheckpointGen.Writing;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Torch;

/// <summary>
/// A TorchSharp module: its parameters and buffers by dotted name (as in <c>state_dict</c>) and its
/// training flag. Restored in place: each saved tensor is copied into the module's existing
/// parameter or buffer, so optimizers holding them stay valid. A parameter of another shape is a
/// clear error; a module that grows during training restores its structure first (a
/// [Checkpointable] module's own members are restored before its parameters).
/// </summary>
internal sealed class ModuleCodec : IObjectCodec
{
    public const string TrainingKey = "training";
    private const string ParameterPrefix = "param:";
    private const string BufferPrefix = "buffer:";

    public bool CanHandle(object value) => value is nn.Module;

    public void Write(CheckpointWriter writer, object value) => WriteState(writer, (nn.Module)value);

    public void Read(CheckpointReader reader, object target) => ReadState(reader, (nn.Module)target);

    /// <summary>Writes the module's training flag, parameters and buffers as members of the current component.</summary>
    public static void WriteState(CheckpointWriter writer, nn.Module module)
    {
        writer.BeginMember(TrainingKey);
        writer.WriteBoolean(module.training);
        writer.EndMember();
        foreach (var (name, parameter) in module.named_parameters())
        {
            writer.BeginMember(ParameterPrefix + name);
            writer.WriteTensor(parameter);
            writer.EndMember();
        }
        foreach (var (name, buffer) in module.named_buffers())
        {
            writer.BeginMember(BufferPrefix + name);
            writer.WriteTensor(buffer);
            writer.EndMember();
        }
    }

    /// <summary>Restores the module's training flag, parameters and buffers in place.</summary>
    public static void ReadState(CheckpointReader reader, nn.Module module)
    {
        if (reader.TryBeginMember(TrainingKey))
        {
            module.train(reader.ReadBoolean());
            reader.EndMember();
        }
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (!reader.TryBeginMember(ParameterPrefix + name)) continue;
            reader.ReadTensorInto(parameter, $"parameter '{name}' of the {module.GetName()} module");
            reader.EndMember();
        }
        foreach (var (name, buffer) in module.named_buffers())
        {
            if (!reader.TryBeginMember(BufferPrefix + name)) continue;
            reader.ReadTensorInto(buffer, $"buffer '{name}' of the {module.GetName()} module");
            reader.EndMember();
        }
    }
}
