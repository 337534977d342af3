namespace CheckpointGen.Training.Evaluation;

/// <summary>When a <see cref="GenericPluginMetric"/> resets or emits (Avalanche's reset_at / emit_at).</summary>
public enum MetricScope
{
    /// <summary>Every minibatch.</summary>
    Iteration,
    /// <summary>Every training epoch (training metrics only).</summary>
    Epoch,
    /// <summary>Every experience.</summary>
    Experience,
    /// <summary>Every stream (a whole Train or Eval call).</summary>
    Stream,
    /// <summary>Never (reset only).</summary>
    Never,
}

/// <summary>Which phase a <see cref="GenericPluginMetric"/> measures.</summary>
public enum MetricMode
{
    /// <summary>Training minibatches.</summary>
    Train,
    /// <summary>Evaluation minibatches.</summary>
    Eval,
}
