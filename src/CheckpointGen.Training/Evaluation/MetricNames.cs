using CheckpointGen.Training.Templates;

namespace CheckpointGen.Training.Evaluation;

/// <summary>
/// Avalanche's metric keys: <c>{metric}/{phase}_phase/{stream}_stream/Task{task:000}/Exp{exp:000}</c>,
/// each part present only when known (default_metric_name_template in metric_utils.py).
/// </summary>
public static class MetricNames
{
    /// <summary>The phase name: <c>train</c> while training, <c>eval</c> while evaluating.</summary>
    public static string Phase(SupervisedTemplate strategy) => strategy.IsTraining ? "train" : "eval";

    /// <summary>Composes a key from its parts; null parts are left out.</summary>
    public static string Format(string metric, string? phase, string? stream, int? task, int? experience)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        var name = new System.Text.StringBuilder(metric);
        if (phase is not null) name.Append('/').Append(phase).Append("_phase");
        if (stream is not null) name.Append('/').Append(stream).Append("_stream");
        if (task is { } t) name.Append("/Task").Append(t.ToString("000", System.Globalization.CultureInfo.InvariantCulture));
        if (experience is { } e) name.Append("/Exp").Append(e.ToString("000", System.Globalization.CultureInfo.InvariantCulture));
        return name.ToString();
    }

    /// <summary>
    /// Avalanche's get_metric_name: the metric, the current phase, the current experience's stream and
    /// task label, and (when <paramref name="addExperience"/>) the experience id.
    /// </summary>
    public static string For(string metric, SupervisedTemplate strategy, bool addExperience, bool addTask = true)
    {
        var experience = strategy.Experience;
        return Format(metric, Phase(strategy), experience.StreamName, addTask ? experience.TaskLabel : null,
            addExperience ? experience.CurrentExperience : null);
    }

    /// <summary>The stream-level key without task: <c>{metric}/{phase}_phase/{stream}_stream</c>.</summary>
    public static string ForStream(string metric, SupervisedTemplate strategy) =>
        Format(metric, Phase(strategy), strategy.Experience.StreamName, null, null);
}
