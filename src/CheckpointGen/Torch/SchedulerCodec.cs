using TorchSharp;

namespace CheckpointGen;

/// <summary>TorchSharp LR schedulers (being written: see the optimizer-state work item).</summary>
internal sealed class SchedulerCodec : IObjectCodec
{
    public bool CanHandle(object value) => value is torch.optim.lr_scheduler.LRScheduler;

    public void Write(CheckpointWriter writer, object value) => throw new NotSupportedException("LR scheduler checkpointing is not implemented yet.");

    public void Read(CheckpointReader reader, object target) => throw new NotSupportedException("LR scheduler checkpointing is not implemented yet.");
}
