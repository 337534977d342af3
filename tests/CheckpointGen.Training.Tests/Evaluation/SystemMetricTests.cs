using CheckpointGen.Training.Evaluation.Metrics;

namespace CheckpointGen.Training.Tests.Evaluation;

public sealed class SystemMetricTests
{
    [Fact]
    public void Timing_metrics_are_emitted_at_their_scopes_and_nest()
    {
        var run = new ScriptedRun(new MinibatchTime(), new EpochTime(), new RunningEpochTime(), new ExperienceTime(), new StreamTime()).RunAll();
        Assert.Equal(12, run.Values("Time_MB/train_phase/train_stream/Task000").Length);
        Assert.Equal(12, run.Values("RunningTime_Epoch/train_phase/train_stream/Task000").Length);
        var epochs = run.Values("Time_Epoch/train_phase/train_stream/Task000");
        Assert.Equal(6, epochs.Length);
        Assert.All(epochs, t => Assert.InRange(t, 1e-7, 60));
        var streams = run.Values("Time_Stream/eval_phase/test_stream/Task000");
        var lastExp = run.Values("Time_Exp/eval_phase/test_stream/Task000/Exp002");
        Assert.Equal(4, streams.Length);
        for (int i = 0; i < 4; i++) Assert.True(streams[i] >= lastExp[i], $"The stream ({streams[i]} s) lasts at least as long as its last experience ({lastExp[i]} s).");
    }

    [Fact]
    public void Ram_usage_reports_the_resident_memory_in_mebibytes()
    {
        var run = new ScriptedRun(new MinibatchMaxRam(), new EpochMaxRam(), new ExperienceMaxRam(), new StreamMaxRam()).RunAll();
        double resident = Environment.WorkingSet / 1024.0 / 1024.0;
        Assert.All(run.Values("MaxRAMUsage_Stream/eval_phase/test_stream/Task000"), v => Assert.InRange(v, 10, resident * 2));
        Assert.Equal(12, run.Values("MaxRAMUsage_MB/train_phase/train_stream/Task000").Length);
        Assert.Equal(6, run.Values("MaxRAMUsage_Epoch/train_phase/train_stream/Task000").Length);
        Assert.Equal(4, run.Values("MaxRAMUsage_Experience/eval_phase/test_stream/Task000/Exp001").Length);
    }

    [Fact]
    public void Cpu_usage_is_a_non_negative_percentage_at_every_scope()
    {
        var run = new ScriptedRun(new MinibatchCpuUsage(), new EpochCpuUsage(), new ExperienceCpuUsage(), new StreamCpuUsage()).RunAll();
        foreach (string name in new[] { "CPUUsage_MB/train_phase/train_stream/Task000", "CPUUsage_Epoch/train_phase/train_stream/Task000", "CPUUsage_Exp/eval_phase/test_stream/Task000/Exp000", "CPUUsage_Stream/eval_phase/test_stream/Task000" })
        {
            var values = run.Values(name);
            Assert.NotEmpty(values);
            Assert.All(values, v => Assert.True(double.IsFinite(v) && v >= 0, $"{name} = {v}"));
            // No upper bound: every scope of this scripted run lasts a few milliseconds, shorter than the
            // tick of the process CPU time, so a ratio above what the cores deliver is measurement noise.
        }
    }
}
