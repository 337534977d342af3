using CheckpointGen.PerfBenchmarks.GeneratedState;

namespace CheckpointGen.PerfBenchmarks.HandWritten;

/// <summary>What a careful engineer writes by hand for <see cref="MetricsStore"/>: every collection as a count followed by its entries, strings length-prefixed.</summary>
public static class MetricsStoreBinaryFormat
{
    public static void Write(BinaryWriter writer, MetricsStore store)
    {
        writer.Write(store.Curves.Count);
        foreach (var (name, points) in store.Curves)
        {
            writer.Write(name);
            writer.Write(points.Count);
            foreach (var point in points)
            {
                writer.Write(point.Step);
                writer.Write(point.Value);
            }
        }
        writer.Write(store.FinalByExperience.Count);
        foreach (var (experience, finals) in store.FinalByExperience)
        {
            writer.Write(experience);
            writer.Write(finals.Count);
            foreach (var (metric, value) in finals)
            {
                writer.Write(metric);
                writer.Write(value);
            }
        }
        writer.Write(store.AccuracyMatrix.Count);
        foreach (var (trainedOn, row) in store.AccuracyMatrix)
        {
            writer.Write(trainedOn);
            writer.Write(row.Count);
            foreach (var (task, accuracy) in row)
            {
                writer.Write(task);
                writer.Write(accuracy);
            }
        }
        writer.Write(store.ExperienceNames.Count);
        foreach (string name in store.ExperienceNames) writer.Write(name);
        writer.Write(store.CurrentExperience);
    }

    public static MetricsStore Read(BinaryReader reader)
    {
        var store = new MetricsStore();
        int curveCount = reader.ReadInt32();
        store.Curves = new Dictionary<string, List<MetricPoint>>(curveCount);
        for (int c = 0; c < curveCount; c++)
        {
            string name = reader.ReadString();
            int pointCount = reader.ReadInt32();
            var points = new List<MetricPoint>(pointCount);
            for (int p = 0; p < pointCount; p++) points.Add(new MetricPoint(reader.ReadInt64(), reader.ReadDouble()));
            store.Curves.Add(name, points);
        }
        int experienceCount = reader.ReadInt32();
        store.FinalByExperience = new Dictionary<string, Dictionary<string, double>>(experienceCount);
        for (int e = 0; e < experienceCount; e++)
        {
            string experience = reader.ReadString();
            int metricCount = reader.ReadInt32();
            var finals = new Dictionary<string, double>(metricCount);
            for (int m = 0; m < metricCount; m++) finals.Add(reader.ReadString(), reader.ReadDouble());
            store.FinalByExperience.Add(experience, finals);
        }
        int rowCount = reader.ReadInt32();
        store.AccuracyMatrix = new Dictionary<int, Dictionary<int, double>>(rowCount);
        for (int r = 0; r < rowCount; r++)
        {
            int trainedOn = reader.ReadInt32();
            int taskCount = reader.ReadInt32();
            var row = new Dictionary<int, double>(taskCount);
            for (int t = 0; t < taskCount; t++) row.Add(reader.ReadInt32(), reader.ReadDouble());
            store.AccuracyMatrix.Add(trainedOn, row);
        }
        int nameCount = reader.ReadInt32();
        store.ExperienceNames = new List<string>(nameCount);
        for (int n = 0; n < nameCount; n++) store.ExperienceNames.Add(reader.ReadString());
        store.CurrentExperience = reader.ReadInt32();
        return store;
    }
}
