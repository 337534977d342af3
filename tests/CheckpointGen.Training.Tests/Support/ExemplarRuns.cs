using CheckpointGen.Training.Models;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Strategies;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Support;

/// <summary>Builders of small runs of the exemplar strategies (iCaRL, BiC, replay with herding) on <see cref="SyntheticData"/>.</summary>
internal static class ExemplarRuns
{
    /// <summary>iCaRL over the SimpleMlp's hidden block and classifier; its class means grow with the classes (2, 4, 6 rows).</summary>
    public static ResumableRun Icarl(int memorySize = 12, bool fixedMemory = true)
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new ICaRL(FeatureExtractor(model), model.Classifier, Runs.Sgd(model.parameters()), memorySize, fixedMemory, options: Runs.Options()), benchmark);
    }

    /// <summary>BiC with a memory of 120 (12 held out for validation) and a short stage 2.</summary>
    public static ResumableRun Bic()
    {
        var (benchmark, model) = Runs.Fresh();
        return new(new BiC(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 120, stage2Epochs: 4, batchSizeMem: 8, options: Runs.Options()), benchmark);
    }

    /// <summary>Replay whose buffer is chosen by herding on the SimpleMlp's hidden features.</summary>
    public static ResumableRun HerdingReplay()
    {
        var (benchmark, model) = Runs.Fresh();
        var buffer = new HerdingBuffer(18, RehearsalRuns.Features(model));
        return new(new Replay(model, Runs.Sgd(model.parameters()), nn.CrossEntropyLoss(), memSize: 18, Runs.Options(), buffer), benchmark);
    }

    /// <summary>The SimpleMlp's input flattened and run through its hidden block, as one module.</summary>
    public static nn.Module<Tensor, Tensor> FeatureExtractor(SimpleMlp model) => nn.Sequential(("flatten", nn.Flatten()), ("features", model.Features));
}
