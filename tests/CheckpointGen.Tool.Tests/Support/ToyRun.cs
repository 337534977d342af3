using CheckpointGen.Tests.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Tool.Tests.Support;

/// <summary>A small training state to checkpoint: a model (a module component), a tensor, a list and a counter.</summary>
[Checkpointable]
public sealed partial class ToyRun : IDisposable
{
    public nn.Module<Tensor, Tensor> Model { get; private set; } = nn.Linear(4, 3);

    public Tensor Importance { get; set; } = Ranges.Of(6, ScalarType.Float64).reshape(2, 3);

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
            using Scalar ten = 10, one = 1;
            weight.copy_(Ranges.Of(3, ScalarType.Float32).reshape(3, 1).add(Ranges.Of(4, ScalarType.Float32).reshape(1, 4).div(ten), one));
            bias.copy_(-Ranges.Of(3, ScalarType.Float32));
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
