using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Tool.Tests.Support;

/// <summary>A small training state to checkpoint: a model (a module component), a tensor, a list and a counter.</summary>
[Checkpointable]
public sealed partial class ToyRun : IDisposable
{
    public nn.Module<Tensor, Tensor> Model { get; private set; } = nn.Linear(4, 3);

    public Tensor Importance { get; set; } = torch.arange(6, dtype: ScalarType.Float64).reshape(2, 3);

    public List<int> Seen { get; } = [];

    public int Step { get; set; }

    /// <summary>A run with deterministic weights: weight[i, j] = i + j / 10, bias[i] = -i.</summary>
    public static ToyRun Create()
    {
        var run = new ToyRun();
        using (torch.no_grad())
        {
            var weight = run.Model.parameters().First();
            var bias = run.Model.parameters().Last();
            weight.copy_(torch.arange(3, dtype: ScalarType.Float32).reshape(3, 1) + torch.arange(4, dtype: ScalarType.Float32).reshape(1, 4) / 10);
            bias.copy_(-torch.arange(3, dtype: ScalarType.Float32));
        }
        run.Seen.AddRange([3, 1, 4]);
        run.Step = 7;
        return run;
    }

    public Tensor Weight => Model.parameters().First();

    public void Dispose()
    {
        Model.Dispose();
        Importance.Dispose();
    }
}
