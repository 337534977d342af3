using CheckpointGen.Format;
using CheckpointGen.Reading;
using CheckpointGen.Writing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Torch.Optimizers;

/// <summary>A field of an optimizer's options or per-parameter state, reached by reference so one lambda both reads and writes it.</summary>
internal delegate ref T FieldRef<in TOwner, T>(TOwner owner);

/// <summary>
/// How one managed TorchSharp optimizer's param-group options and per-parameter state are encoded.
/// Every field is a public field of the optimizer's nested <c>Options</c>/<c>State</c> class, so no
/// private member is touched. Each options object and each state object is one record of named
/// members (named as in TorchSharp, so a renamed field shows up as a missing/skipped key).
/// </summary>
internal abstract class OptimizerLayout
{
    public abstract Type OptimizerType { get; }

    public abstract string OptionsTypeName { get; }

    public abstract string StateTypeName { get; }

    /// <summary>Writes the options' hyperparameters (the learning rates are written by the caller) as members of the open record.</summary>
    public abstract void WriteOptions(CheckpointWriter writer, OptimizerOptions options);

    public abstract void ReadOptions(CheckpointReader reader, OptimizerOptions options);

    /// <summary>The options' hyperparameters as <c>key=value</c> texts, in layout order (the learning rates are the caller's).</summary>
    public abstract IEnumerable<string> DescribeOptions(OptimizerOptions options);

    public abstract void WriteState(CheckpointWriter writer, OptimizerState state);

    /// <summary>Restores one parameter's state in place; <paramref name="parameter"/> is what its tensors must look like.</summary>
    public abstract void ReadState(CheckpointReader reader, OptimizerState state, Tensor parameter, string what);
}

/// <summary>The layout of optimizer <typeparamref name="TOptimizer"/>, built field by field (see <see cref="OptimizerLayouts"/>).</summary>
internal sealed class OptimizerLayout<TOptimizer, TOptions, TState> : OptimizerLayout
    where TOptimizer : OptimizerHelper
    where TOptions : OptimizerOptions
    where TState : OptimizerState
{
    private readonly List<(string Key, FieldRef<TOptions, double?> Field)> _optionDoubles = [];
    private readonly List<(string Key, FieldRef<TOptions, bool?> Field)> _optionFlags = [];
    private readonly List<(string Key, FieldRef<TState, long> Field)> _stateCounters = [];
    private readonly List<(string Key, FieldRef<TState, double> Field)> _stateScalars = [];
    private readonly List<(string Key, FieldRef<TState, Tensor?> Field)> _stateTensors = [];

    public override Type OptimizerType => typeof(TOptimizer);

    public override string OptionsTypeName => TypeNames.Of(typeof(TOptions));

    public override string StateTypeName => TypeNames.Of(typeof(TState));

    public OptimizerLayout<TOptimizer, TOptions, TState> Option(string key, FieldRef<TOptions, double?> field) { _optionDoubles.Add((key, field)); return this; }

    public OptimizerLayout<TOptimizer, TOptions, TState> Option(string key, FieldRef<TOptions, bool?> field) { _optionFlags.Add((key, field)); return this; }

    public OptimizerLayout<TOptimizer, TOptions, TState> State(string key, FieldRef<TState, long> field) { _stateCounters.Add((key, field)); return this; }

    public OptimizerLayout<TOptimizer, TOptions, TState> State(string key, FieldRef<TState, double> field) { _stateScalars.Add((key, field)); return this; }

    public OptimizerLayout<TOptimizer, TOptions, TState> State(string key, FieldRef<TState, Tensor?> field) { _stateTensors.Add((key, field)); return this; }

    public override void WriteOptions(CheckpointWriter writer, OptimizerOptions options)
    {
        var typed = (TOptions)options;
        foreach (var (key, field) in _optionDoubles)
        {
            writer.BeginMember(key);
            if (field(typed) is { } value) writer.WriteDouble(value); else writer.WriteNull();
            writer.EndMember();
        }
        foreach (var (key, field) in _optionFlags)
        {
            writer.BeginMember(key);
            if (field(typed) is { } value) writer.WriteBoolean(value); else writer.WriteNull();
            writer.EndMember();
        }
    }

    public override IEnumerable<string> DescribeOptions(OptimizerOptions options)
    {
        var typed = (TOptions)options;
        foreach (var (key, field) in _optionDoubles)
            yield return $"{key}={Configuration.ConfigurationValues.Format(field(typed))}";
        foreach (var (key, field) in _optionFlags)
            yield return $"{key}={Configuration.ConfigurationValues.Format(field(typed))}";
    }

    public override void ReadOptions(CheckpointReader reader, OptimizerOptions options)
    {
        var typed = (TOptions)options;
        foreach (var (key, field) in _optionDoubles)
        {
            if (!reader.TryBeginMember(key)) continue;
            field(typed) = reader.TryReadNull() ? null : reader.ReadDouble();
            reader.EndMember();
        }
        foreach (var (key, field) in _optionFlags)
        {
            if (!reader.TryBeginMember(key)) continue;
            field(typed) = reader.TryReadNull() ? null : reader.ReadBoolean();
            reader.EndMember();
        }
    }

    public override void WriteState(CheckpointWriter writer, OptimizerState state)
    {
        var typed = (TState)state;
        foreach (var (key, field) in _stateCounters)
        {
            writer.BeginMember(key);
            writer.WriteInt64(field(typed));
            writer.EndMember();
        }
        foreach (var (key, field) in _stateScalars)
        {
            writer.BeginMember(key);
            writer.WriteDouble(field(typed));
            writer.EndMember();
        }
        foreach (var (key, field) in _stateTensors)
        {
            writer.BeginMember(key);
            writer.WriteTensor(field(typed));
            writer.EndMember();
        }
    }

    public override void ReadState(CheckpointReader reader, OptimizerState state, Tensor parameter, string what)
    {
        var typed = (TState)state;
        foreach (var (key, field) in _stateCounters)
        {
            if (!reader.TryBeginMember(key)) continue;
            field(typed) = reader.ReadInt64();
            reader.EndMember();
        }
        foreach (var (key, field) in _stateScalars)
        {
            if (!reader.TryBeginMember(key)) continue;
            field(typed) = reader.ReadDouble();
            reader.EndMember();
        }
        foreach (var (key, field) in _stateTensors)
        {
            if (!reader.TryBeginMember(key)) continue;
            StateTensors.Read(reader, ref field(typed), parameter, $"{what} '{key}'");
            reader.EndMember();
        }
    }
}
