using CheckpointGen.Training.Models;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Models;

public sealed class IncrementalClassifierTests
{
    [Fact]
    public void Growing_keeps_the_old_units_weights_and_masks_units_never_trained()
    {
        manual_seed(3);
        var classifier = new IncrementalClassifier(inFeatures: 3, initialOutFeatures: 2);
        Assert.False(classifier.AdaptTo([0, 1]));
        var oldWeight = classifier.Classifier.weight!.detach().clone();
        var oldBias = classifier.Classifier.bias!.detach().clone();

        Assert.True(classifier.AdaptTo([3, 4]));

        Assert.Equal(5, classifier.OutFeatures);
        Assert.Equal([0, 1, 3, 4], classifier.ActiveUnits);
        Assert.True(classifier.Classifier.weight!.narrow(0, 0, 2).contiguous().bytes.SequenceEqual(oldWeight.bytes));
        Assert.True(classifier.Classifier.bias!.narrow(0, 0, 2).contiguous().bytes.SequenceEqual(oldBias.bytes));
        using var x = randn(4, 3);
        using var output = classifier.call(x);
        using var linear = classifier.Classifier.call(x);
        var values = output.data<float>().ToArray();
        var raw = linear.data<float>().ToArray();
        for (int row = 0; row < 4; row++)
            for (int unit = 0; unit < 5; unit++)
                Assert.Equal(unit == 2 ? -1000f : raw[row * 5 + unit], values[row * 5 + unit]);
    }

    [Fact]
    public void Adapting_in_evaluation_mode_grows_but_activates_nothing()
    {
        var classifier = new IncrementalClassifier(3, 2);
        classifier.eval();
        classifier.AdaptTo([2]);
        Assert.Equal(3, classifier.OutFeatures);
        Assert.Empty(classifier.ActiveUnits);
    }

    [Fact]
    public void A_classifier_grown_over_three_experiences_restores_into_a_freshly_built_one_bit_identically()
    {
        manual_seed(5);
        var grown = new IncrementalMlp(4, 6);
        grown.Classifier.AdaptTo([0, 1]);
        grown.Classifier.AdaptTo([2, 3]);
        grown.Classifier.AdaptTo([4, 5, 6]);
        using var stream = new MemoryStream();
        Checkpoint.Save(grown, stream);

        manual_seed(99);
        var fresh = new IncrementalMlp(4, 6);
        Assert.Equal(2, fresh.Classifier.OutFeatures);
        stream.Position = 0;
        Checkpoint.Restore(fresh, stream);

        Assert.Equal(7, fresh.Classifier.OutFeatures);
        Assert.Equal(grown.Classifier.ActiveUnits, fresh.Classifier.ActiveUnits);
        using var x = randn(5, 4);
        using var expected = grown.call(x);
        using var actual = fresh.call(x);
        Assert.True(expected.bytes.SequenceEqual(actual.bytes));
    }

    [Fact]
    public void Restoring_a_grown_model_tells_the_template_to_rebuild_its_optimizer()
    {
        var grown = new IncrementalMlp(4, 6);
        grown.Classifier.AdaptTo([0, 1, 2, 3, 4]);
        using var stream = new MemoryStream();
        Checkpoint.Save(grown, stream);
        var fresh = new IncrementalMlp(4, 6);
        int changes = 0;
        DynamicModules.OnStructureChanged(fresh, () => changes++);
        stream.Position = 0;
        Checkpoint.Restore(fresh, stream);
        Assert.Equal(1, changes);
    }
}
