using CheckpointGen.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Models;

public sealed class MultiHeadClassifierTests
{
    [Fact]
    public void Each_sample_goes_through_the_head_of_its_task_and_is_padded_with_the_mask_value_to_the_widest_label()
    {
        manual_seed(11);
        var heads = new MultiHeadClassifier(inFeatures: 3, initialOutFeatures: 2);
        heads.AdaptTo([0], [0, 1]);
        heads.AdaptTo([1], [0, 1, 2, 3]);
        Assert.Equal([0, 1], heads.Tasks);
        Assert.Equal(4, heads.MaxClassLabel);

        using var x = randn(5, 3);
        using var tasks = tensor(new long[] { 1, 0, 1, 0, 0 });
        using var output = heads.Forward(x, tasks);

        Assert.Equal(new long[] { 5, 4 }, output.shape);
        using var head0 = heads.HeadOf(0)!.call(x);
        using var head1 = heads.HeadOf(1)!.call(x);
        var values = output.data<float>().ToArray();
        var h0 = head0.data<float>().ToArray();
        var h1 = head1.data<float>().ToArray();
        long[] taskOf = [1, 0, 1, 0, 0];
        for (int row = 0; row < 5; row++)
            for (int unit = 0; unit < 4; unit++)
            {
                float expected = taskOf[row] == 1 ? h1[row * 4 + unit] : unit < 2 ? h0[row * 2 + unit] : -1000f;
                Assert.Equal(expected, values[row * 4 + unit]);
            }
    }

    [Fact]
    public void A_head_with_negative_logits_still_predicts_one_of_its_own_classes_after_later_tasks_widened_the_output()
    {
        manual_seed(12);
        var heads = new MultiHeadClassifier(inFeatures: 3, initialOutFeatures: 2);
        heads.AdaptTo([0], [0, 1]);
        heads.AdaptTo([1], [2, 3]);
        using (no_grad())
        {
            // Task 0's head: both logits negative for every input (what cross-entropy on two units leaves free).
            var head0 = heads.HeadOf(0)!.parameters().ToList();
            head0[0].zero_();
            head0[1].copy_(tensor(new float[] { -5, -3 }));
        }
        using var x = randn(4, 3);
        using var tasks = zeros(4, dtype: ScalarType.Int64);
        using var output = heads.Forward(x, tasks);
        Assert.Equal(4, output.shape[1]);
        using var predicted = output.argmax(1);
        Assert.All(predicted.data<long>().ToArray(), p => Assert.Equal(1L, p));
    }

    [Fact]
    public void Without_masking_the_padding_is_zero()
    {
        manual_seed(13);
        var heads = new MultiHeadClassifier(inFeatures: 3, initialOutFeatures: 2, masking: false);
        heads.AdaptTo([0], [0, 1]);
        heads.AdaptTo([1], [2, 3]);
        using var x = randn(2, 3);
        using var tasks = zeros(2, dtype: ScalarType.Int64);
        using var output = heads.Forward(x, tasks);
        Assert.Equal(new float[] { 0, 0, 0, 0 }, output.narrow(1, 2, 2).contiguous().data<float>().ToArray());
    }

    [Fact]
    public void A_task_seen_for_the_first_time_gets_a_new_head_and_raises_structure_changed()
    {
        var heads = new MultiHeadClassifier(3, 2);
        int changes = 0;
        heads.StructureChanged += () => changes++;
        Assert.True(heads.AdaptTo([2], [0, 1]));
        Assert.False(heads.AdaptTo([2], [0, 1]));
        Assert.Equal([0, 2], heads.Tasks);
        Assert.Equal(1, changes);
    }

    [Fact]
    public void Every_head_including_grown_ones_is_a_registered_submodule_so_optimizers_and_train_mode_reach_it()
    {
        // Before the fix the heads sat in a ModuleDict registered while empty, so they were never submodules:
        // model.parameters() had no head weights (heads stayed at their random initial values, the optimizer was
        // never rebuilt for a new head) and train()/eval() did not reach them.
        var heads = new MultiHeadClassifier(inFeatures: 3, initialOutFeatures: 2);
        heads.AdaptTo([0], [0, 1]);
        heads.AdaptTo([1], [2, 3]);

        var parameters = heads.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(
            ["classifiers.0.classifier.bias", "classifiers.0.classifier.weight", "classifiers.1.classifier.bias", "classifiers.1.classifier.weight"],
            parameters.Keys.Order());
        // The grown head of task 1 is registered with its grown layer, not the 2-unit one it replaced.
        Assert.Equal(heads.HeadOf(1)!.Classifier.weight!.Handle, parameters["classifiers.1.classifier.weight"].Handle);
        Assert.Equal(new long[] { 4, 3 }, parameters["classifiers.1.classifier.weight"].shape);

        heads.eval();
        Assert.All(heads.Tasks, task => Assert.False(heads.HeadOf(task)!.training));
    }

    [Fact]
    public void A_multitask_model_grown_over_three_tasks_restores_into_a_fresh_one_bit_identically()
    {
        manual_seed(2);
        var grown = MultiTask.AsMultitask(new SimpleMlp(3, 8, 6, 1, 0), SimpleMlp.ClassifierName);
        grown.Classifier.AdaptTo([0], [0, 1]);
        grown.Classifier.AdaptTo([1], [0, 1, 2]);
        grown.Classifier.AdaptTo([2], [0, 1, 2, 3, 4]);
        grown.eval();
        using var stream = new MemoryStream();
        Checkpoint.Save(grown, stream);

        var fresh = MultiTask.AsMultitask(new SimpleMlp(3, 8, 6, 1, 0), SimpleMlp.ClassifierName);
        stream.Position = 0;
        Checkpoint.Restore(fresh, stream);

        Assert.Equal([0, 1, 2], fresh.Classifier.Tasks);
        Assert.Equal(5, fresh.Classifier.HeadOf(2)!.OutFeatures);
        using var x = randn(6, 8);
        using var tasks = tensor(new long[] { 0, 1, 2, 2, 1, 0 });
        using var expected = grown.Forward(x, tasks);
        using var actual = fresh.Forward(x, tasks);
        Assert.True(expected.bytes.SequenceEqual(actual.bytes));
    }

    [Fact]
    public void As_multitask_refuses_a_model_that_cannot_give_up_its_classifier()
    {
        var sequential = nn.Sequential(("classifier", nn.Linear(3, 2)));
        Assert.Throws<ArgumentException>(() => MultiTask.AsMultitask(sequential, "classifier"));
        Assert.Throws<ArgumentException>(() => MultiTask.AsMultitask(new SimpleMlp(2, 3, 4), "head"));
    }
}
