using CheckpointGen.Format;
using CheckpointGen.Reading;
using CheckpointGen.Torch.Optimizers;
using CheckpointGen.Writing;
using TorchSharp;
using TorchSharp.Modules;

namespace CheckpointGen.Torch;

/// <summary>
/// TorchSharp's managed optimizers (SGD, Adam, AdamW, RMSProp, Adagrad, Adadelta, Adamax, NAdam,
/// RAdam, ASGD, Rprop; the per-type fields are in <see cref="OptimizerLayouts"/>).
/// </summary>
/// <remarks>
/// Encoding, all through TorchSharp's public API (<c>state_dict()</c> returns the live options and
/// state objects, whose fields are public):
/// <list type="bullet">
/// <item><c>param_groups</c>: a sequence, one record per param group in order: its parameter count,
/// <c>lr</c>, <c>initial_lr</c> and every hyperparameter of the optimizer's Options class.</item>
/// <item><c>state</c>: a sequence, one record per parameter in param-group order: step counters and
/// scalars as named members, state tensors as tensor references (so their bytes go to the
/// checkpoint's checksummed tensor region, not through TorchSharp's slow BinaryWriter format).</item>
/// </list>
/// Restoring writes into the optimizer's existing Options and State objects, and copies tensors
/// into its existing state tensors, so the optimizer keeps its parameter references. A
/// different optimizer type is refused by the component type check; a different number of param
/// groups or parameters, or a state tensor not shaped like its parameter, is a
/// <see cref="CheckpointMismatchException"/>. The optimizer's defaults for param groups added
/// later (a protected field) are not saved: they come from its constructor.
/// </remarks>
internal sealed class OptimizerCodec : IObjectCodec
{
    private const string GroupsKey = "param_groups";
    private const string StateKey = "state";
    private const string ParameterCountKey = "parameters";
    private const string LearningRateKey = "lr";
    private const string InitialLearningRateKey = "initial_lr";

    public bool CanHandle(object value) => value is torch.optim.Optimizer;

    public void Write(CheckpointWriter writer, object value)
    {
        var (optimizer, layout) = Resolve(value);
        var groups = Groups(optimizer);
        writer.BeginMember(GroupsKey);
        writer.BeginSequence(groups.Count);
        foreach (var group in groups)
        {
            writer.BeginRecord(layout.OptionsTypeName);
            writer.BeginMember(ParameterCountKey);
            writer.WriteInt32(group.Parameters.Count());
            writer.EndMember();
            writer.BeginMember(LearningRateKey);
            if (group.Options.LearningRate is { } lr) writer.WriteDouble(lr); else writer.WriteNull();
            writer.EndMember();
            writer.BeginMember(InitialLearningRateKey);
            writer.WriteDouble(group.Options.InitialLearningRate);
            writer.EndMember();
            layout.WriteOptions(writer, group.Options);
            writer.EndRecord();
        }
        writer.EndMember();

        var states = optimizer.state_dict().State;
        writer.BeginMember(StateKey);
        writer.BeginSequence(states.Count);
        foreach (var state in states)
        {
            writer.BeginRecord(layout.StateTypeName);
            layout.WriteState(writer, state);
            writer.EndRecord();
        }
        writer.EndMember();
    }

    public void Read(CheckpointReader reader, object target)
    {
        var (optimizer, layout) = Resolve(target);
        string name = optimizer.GetType().Name;
        var groups = Groups(optimizer);
        if (reader.TryBeginMember(GroupsKey))
        {
            int saved = reader.BeginSequence();
            if (saved != groups.Count)
                throw new CheckpointMismatchException($"Checkpoint {reader.CurrentTypeName}.{GroupsKey}: the saved {name} optimizer had {saved} param group(s), this one has {groups.Count}.");
            for (int g = 0; g < groups.Count; g++) ReadGroup(reader, layout, groups[g], $"{name} param group {g}");
            reader.EndMember();
        }

        var states = optimizer.state_dict().State;
        if (!reader.TryBeginMember(StateKey)) return;
        int count = reader.BeginSequence();
        if (count != states.Count)
            throw new CheckpointMismatchException($"Checkpoint {reader.CurrentTypeName}.{StateKey}: the saved {name} optimizer had state for {count} parameter(s), this one optimizes {states.Count}.");
        var parameters = groups.SelectMany(group => group.Parameters).ToList();
        for (int i = 0; i < states.Count; i++)
        {
            reader.BeginRecord(layout.StateTypeName);
            layout.ReadState(reader, states[i], parameters[i], $"{name} parameter {i}");
            reader.EndRecord();
        }
        reader.EndMember();
    }

    private static void ReadGroup(CheckpointReader reader, OptimizerLayout layout, ParamGroup group, string what)
    {
        reader.BeginRecord(layout.OptionsTypeName);
        if (reader.TryBeginMember(ParameterCountKey))
        {
            int saved = reader.ReadInt32();
            int actual = group.Parameters.Count();
            if (saved != actual)
                throw new CheckpointMismatchException($"Checkpoint optimizer state: {what} had {saved} parameter(s) when saved, this one has {actual}.");
            reader.EndMember();
        }
        if (reader.TryBeginMember(LearningRateKey))
        {
            group.Options.LearningRate = reader.TryReadNull() ? null : reader.ReadDouble();
            reader.EndMember();
        }
        if (reader.TryBeginMember(InitialLearningRateKey))
        {
            group.Options.InitialLearningRate = reader.ReadDouble();
            reader.EndMember();
        }
        layout.ReadOptions(reader, group.Options);
        reader.EndRecord();
    }

    private static List<ParamGroup> Groups(OptimizerHelper optimizer) => optimizer.ParamGroups.Cast<ParamGroup>().ToList();

    private static (OptimizerHelper Optimizer, OptimizerLayout Layout) Resolve(object value)
    {
        if (value is OptimizerHelper helper && OptimizerLayouts.For(value.GetType()) is { } layout) return (helper, layout);
        string type = TypeNames.Of(value.GetType());
        if (value is LBFGS)
            throw new NotSupportedException($"The LBFGS optimizer ({type}) cannot be checkpointed: it runs inside libtorch and TorchSharp exposes none of its state (its curvature history). Leave it out with [CheckpointIgnore] and rebuild it after a restore, or use another optimizer.");
        throw new NotSupportedException($"The optimizer {type} cannot be checkpointed: CheckpointGen knows the state of TorchSharp's managed optimizers (SGD, Adam, AdamW, RMSProp, Adagrad, Adadelta, Adamax, NAdam, RAdam, ASGD, Rprop) only.");
    }
}
