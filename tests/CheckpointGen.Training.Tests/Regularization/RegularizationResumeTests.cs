using CheckpointGen.Training.Optimizers;
using CheckpointGen.Training.Plugins.Regularization;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;
using static CheckpointGen.Training.Tests.Support.RegularizationResume;

namespace CheckpointGen.Training.Tests.Regularization;

/// <summary>Every regularization and projection strategy: stopping after two experiences and resuming from the checkpoint gives the bits of not stopping.</summary>
public class RegularizationResumeTests
{
    private static readonly TemplateOptions Options = new() { TrainMbSize = 8, TrainEpochs = 2, EvalMbSize = 32 };

    private static (FeatureMlp Model, optim.Optimizer Optimizer, nn.Module<Tensor, Tensor, Tensor> Criterion) Parts()
    {
        var model = new FeatureMlp();
        return (model, new GcSafeAdam(model.parameters(), 0.01), nn.CrossEntropyLoss());
    }

    [Fact]
    public void EWC_separate_resumes_bit_identically_with_its_importances()
    {
        var (a, b) = Run(() => { var (m, o, c) = Parts(); return new EWC(m, o, c, ewcLambda: 5, options: Options); }, RegularizationFixtures.Blobs());
        AssertSameModel(a, b);
        var pa = ((EWC)a).Plugin;
        var pb = ((EWC)b).Plugin;
        Assert.Equal(3, pa.Importances.Count);
        foreach (var (exp, importances) in pa.Importances)
        {
            AssertSameTensors(importances, pb.Importances[exp], $"importance of experience {exp}");
            AssertSameTensors(pa.SavedParams[exp], pb.SavedParams[exp], $"saved parameter of experience {exp}");
        }
    }

    [Fact]
    public void EWC_online_resumes_bit_identically_with_its_running_importances()
    {
        var (a, b) = Run(() => { var (m, o, c) = Parts(); return new EWC(m, o, c, 5, EwcMode.Online, decayFactor: 0.7, options: Options); }, RegularizationFixtures.Blobs());
        AssertSameModel(a, b);
        var pa = ((EWC)a).Plugin;
        var pb = ((EWC)b).Plugin;
        Assert.Equal([2], pa.Importances.Keys);
        AssertSameTensors(pa.Importances[2], pb.Importances[2], "online importance");
    }

    [Fact]
    public void SynapticIntelligence_resumes_bit_identically_with_its_importances_and_anchor()
    {
        var (a, b) = Run(() => { var (m, o, c) = Parts(); return new SynapticIntelligence(m, o, c, siLambda: 1, eps: 0.1, options: Options); }, RegularizationFixtures.Blobs());
        AssertSameModel(a, b);
        var pa = ((SynapticIntelligence)a).Plugin;
        var pb = ((SynapticIntelligence)b).Plugin;
        AssertSameTensors(pa.Importance, pb.Importance, "SI importance");
        AssertSameTensors(pa.Anchor, pb.Anchor, "SI anchor");
        Assert.Contains(pa.Importance.Values, t => t.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void LwF_resumes_bit_identically_with_its_previous_model_restored_into_a_fresh_plugin()
    {
        var (a, b) = Run(() => { var (m, o, c) = Parts(); return new LwF(m, o, c, [0, 0.5, 1.333], temperature: 2, Options); }, RegularizationFixtures.Blobs());
        AssertSameModel(a, b);
        var pa = ((LwF)a).Plugin;
        var pb = ((LwF)b).Plugin;
        AssertSameTensors(pa.PreviousModel!.Parameters, pb.PreviousModel!.Parameters, "LwF previous model");
        Assert.Equal(pa.PreviousClassesByTask[0], pb.PreviousClassesByTask[0]);
        Assert.Equal([0, 1, 2, 3, 4, 5], pa.PreviousClassesByTask[0]);
    }

    [Fact]
    public void GEM_resumes_bit_identically_with_its_memories()
    {
        var (a, b) = Run(() => { var (m, o, c) = Parts(); return new GEM(m, o, c, patternsPerExp: 10, memoryStrength: 0.5, Options); }, RegularizationFixtures.Blobs());
        AssertSameModel(a, b);
        var pa = ((GEM)a).Plugin;
        var pb = ((GEM)b).Plugin;
        Assert.Equal(3, pa.MemoryInputs.Count);
        foreach (int t in pa.MemoryInputs.Keys)
        {
            Assert.Equal(Bytes(pa.MemoryInputs[t]), Bytes(pb.MemoryInputs[t]));
            Assert.Equal(Bytes(pa.MemoryTargets[t]), Bytes(pb.MemoryTargets[t]));
        }
    }

    [Fact]
    public void AGEM_resumes_bit_identically_with_its_buffers_and_sampling_position()
    {
        var (a, b) = Run(() => { var (m, o, c) = Parts(); return new AGEM(m, o, c, patternsPerExp: 10, sampleSize: 6, Options); }, RegularizationFixtures.Blobs());
        AssertSameModel(a, b);
        var pa = ((AGEM)a).Plugin;
        var pb = ((AGEM)b).Plugin;
        Assert.Equal(3, pa.BufferCount);
        for (int i = 0; i < 3; i++) Assert.Equal(Bytes(pa.BufferInputs[i]), Bytes(pb.BufferInputs[i]));
        Assert.Equal(pa.NextChunks, pb.NextChunks);
    }

    [Fact]
    public void MAS_resumes_bit_identically_with_its_importances()
    {
        var (a, b) = Run(() => { var (m, o, c) = Parts(); return new MAS(m, o, c, lambdaReg: 1, alpha: 0.5, Options); }, RegularizationFixtures.Blobs());
        AssertSameModel(a, b);
        AssertSameTensors(((MAS)a).Plugin.Importance!, ((MAS)b).Plugin.Importance!, "MAS importance");
    }

    [Fact]
    public void LFL_resumes_bit_identically_with_its_previous_model_and_frozen_classifier()
    {
        var (a, b) = Run(() => { var (m, o, c) = Parts(); return new LFL(m, o, c, lambdaE: 0.5, Options); }, RegularizationFixtures.Blobs());
        AssertSameModel(a, b);
        AssertSameTensors(((LFL)a).Plugin.PreviousModel!.Parameters, ((LFL)b).Plugin.PreviousModel!.Parameters, "LFL previous model");
        Assert.Equal(["classifier.weight", "classifier.bias"], ((LFL)b).Plugin.FrozenParameters);
        Assert.All(b.Model.named_parameters().Where(p => p.name.StartsWith("classifier")), p => Assert.False(p.parameter.requires_grad));
    }
}
