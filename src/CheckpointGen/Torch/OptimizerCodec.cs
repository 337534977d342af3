using TorchSharp;

namespace CheckpointGen;

/// <summary>TorchSharp optimizers (being written: see the optimizer-state work item).</summary>
internal sealed class OptimizerCodec : IObjectCodec
{
    public bool CanHandle(object value) => value is torch.optim.Optimizer;

    public void Write(CheckpointWriter writer, object value) => throw new NotSupportedException("Optimizer checkpointing is not implemented yet.");

    public void Read(CheckpointReader reader, object target) => throw new NotSupportedException("Optimizer checkpointing is not implemented yet.");
}
