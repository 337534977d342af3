using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;

namespace CheckpointGen.Training.Tests.Strategies;

public sealed class GDumbTests
{
    [Fact]
    public void GDumb_trains_each_experience_from_the_initial_weights_on_a_class_balanced_buffer()
    {
        var run = Runs.GDumb();
        var gdumb = (GDumb)run.Strategy;
        var initial = gdumb.Model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        int[][] perClass = [[9, 9], [5, 5, 4, 4], [3, 3, 3, 3, 3, 3]];
        for (int e = 0; e < 3; e++)
        {
            run.Train(e);
            var buffer = gdumb.GDumbPlugin.StoragePolicy;
            Assert.Equal(perClass[e], buffer.SeenClasses.Select(c => buffer.GroupOf(c)!.Count));
        }
        foreach (var (name, tensor) in gdumb.GDumbPlugin.InitialState)
            Assert.True(tensor.bytes.SequenceEqual(initial[name].bytes), $"initial value of {name} changed");
        // Reset then retrained: the final weights are not the initial ones.
        Assert.False(gdumb.Model.state_dict()["classifier.weight"].bytes.SequenceEqual(initial["classifier.weight"].bytes));
    }

    [Fact]
    public void Joint_training_refuses_a_second_training()
    {
        var run = Runs.JointTraining();
        run.Train(0);
        Assert.True(((JointTraining)run.Strategy).IsTrained);
        Assert.Throws<InvalidOperationException>(() => run.Train(0));
    }
}
