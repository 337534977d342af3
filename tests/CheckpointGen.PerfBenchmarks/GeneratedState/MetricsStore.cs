namespace CheckpointGen.PerfBenchmarks.GeneratedState;

/// <summary>
/// An evaluation plugin's all-results store: a curve per metric name, the final value of every
/// metric after each experience, and the accuracy matrix (trained up to experience i, evaluated on
/// task j). Public properties so System.Text.Json can round-trip it with default options.
/// </summary>
[Checkpointable]
public sealed partial class MetricsStore
{
    /// <summary>Metric name → its (step, value) points in order.</summary>
    public Dictionary<string, List<MetricPoint>> Curves { get; set; } = [];

    /// <summary>Experience name → metric name → value at the end of that experience.</summary>
    public Dictionary<string, Dictionary<string, double>> FinalByExperience { get; set; } = [];

    /// <summary>Experience trained on → task evaluated → accuracy.</summary>
    public Dictionary<int, Dictionary<int, double>> AccuracyMatrix { get; set; } = [];

    /// <summary>The experiences seen so far, in order.</summary>
    public List<string> ExperienceNames { get; set; } = [];

    /// <summary>The experience being trained.</summary>
    public int CurrentExperience { get; set; }

    /// <summary>A store with <paramref name="metricCount"/> curves of <paramref name="pointsPerMetric"/> points and <paramref name="experiences"/> experiences (deterministic for a seed).</summary>
    public static MetricsStore Create(int metricCount, int pointsPerMetric, int experiences, int seed)
    {
        var random = new Random(seed);
        var store = new MetricsStore { CurrentExperience = experiences - 1 };
        var names = new List<string>(metricCount);
        for (int m = 0; m < metricCount; m++)
        {
            string name = $"{(m % 2 == 0 ? "Top1_Acc" : "Loss")}_{(m % 3 == 0 ? "Stream" : "Exp")}/eval_phase/test_stream/Task{m:D3}";
            names.Add(name);
            var points = new List<MetricPoint>(pointsPerMetric);
            for (int p = 0; p < pointsPerMetric; p++) points.Add(new MetricPoint(p * 50L, random.NextDouble()));
            store.Curves.Add(name, points);
        }
        for (int e = 0; e < experiences; e++)
        {
            string experience = $"experience_{e:D3}";
            store.ExperienceNames.Add(experience);
            var finals = new Dictionary<string, double>(metricCount);
            foreach (string name in names) finals.Add(name, random.NextDouble());
            store.FinalByExperience.Add(experience, finals);
            var row = new Dictionary<int, double>(experiences);
            for (int task = 0; task <= e; task++) row.Add(task, random.NextDouble());
            store.AccuracyMatrix.Add(e, row);
        }
        return store;
    }
}
