using CheckpointGen.Training.Models;
using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;

namespace CheckpointGen.Training.Tests.Strategies;

public sealed class MultiHeadTrainingTests
{
    [Fact]
    public void Training_a_task_leaves_the_heads_of_other_tasks_untouched_even_with_weight_decay()
    {
        // PyTorch clears gradients to None, so the optimizer skips a head no minibatch reaches; TorchSharp's
        // zero_grad zero-fills them, and weight decay (or Adam's step count) then moves such a head.
        var (benchmark, model) = Runs.Fresh(taskLabels: true);
        var multiTask = MultiTask.AsMultitask(model, SimpleMlp.ClassifierName);
        static torch.optim.Optimizer DecayingSgd(IEnumerable<TorchSharp.Modules.Parameter> parameters) => new GcSafeSgd(parameters, 0.05, weightDecay: 0.1);
        var strategy = new Naive(multiTask, DecayingSgd(multiTask.parameters()), torch.nn.CrossEntropyLoss(), Runs.Options(DecayingSgd));
        Assert.NotEqual(benchmark.TrainStream[0].TaskLabel, benchmark.TrainStream[1].TaskLabel);

        strategy.Train(benchmark.TrainStream[0]);
        var head = multiTask.Classifier.HeadOf(benchmark.TrainStream[0].TaskLabel)!.Classifier;
        var weightsAfterItsTask = head.weight!.detach().clone();
        strategy.Train(benchmark.TrainStream[1]);

        Assert.Null(head.weight!.grad);
        Assert.True(weightsAfterItsTask.bytes.SequenceEqual(head.weight!.detach().bytes), "the head of task 0 changed while task 1 trained");
    }
}
