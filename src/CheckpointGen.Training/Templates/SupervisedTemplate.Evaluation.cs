using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Training.Plugins;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Templates;

public partial class SupervisedTemplate
{
    /// <summary>
    /// Evaluates the model on every experience of <paramref name="stream"/> (in order, without
    /// shuffling, with gradients off), firing the evaluation events. Metrics collect their results
    /// through the evaluation plugin.
    /// </summary>
    /// <returns>The evaluator's last value of every metric (Avalanche's get_last_metrics), or an empty dictionary without an <see cref="Evaluation.IMetricResults"/> evaluator.</returns>
    public IReadOnlyDictionary<string, Evaluation.MetricValue> Eval(ExperienceStream stream) => Eval((IEnumerable<Experience>)stream);

    /// <summary>Evaluates the model on the given experiences; returns the evaluator's last results.</summary>
    public IReadOnlyDictionary<string, Evaluation.MetricValue> Eval(IEnumerable<Experience> experiences)
    {
        ArgumentNullException.ThrowIfNull(experiences);
        bool wasTraining = _model.training;
        _isTraining = false;
        _model.eval();
        try
        {
            using var noGrad = no_grad();
            Fire(static (p, s) => p.BeforeEval(s));
            foreach (var experience in experiences) EvalExperience(experience);
            Fire(static (p, s) => p.AfterEval(s));
            Fire(static (p, s) => p.OnCheckpointPoint(s, CheckpointPoint.Evaluation));
        }
        finally
        {
            _experience = null;
            _model.train(wasTraining);
        }
        return (Evaluator as Evaluation.IMetricResults)?.LastResults ?? new Dictionary<string, Evaluation.MetricValue>();
    }

    private void EvalExperience(Experience experience)
    {
        _experience = experience;
        _adaptedDataset = null;
        Fire(static (p, s) => p.BeforeEvalDatasetAdaptation(s));
        Fire(static (p, s) => p.AfterEvalDatasetAdaptation(s));
        Fire(static (p, s) => p.BeforeEvalExp(s));
        // Evaluation order is fixed (no shuffle), so its loader needs no saved position.
        using var loader = new MinibatchLoader(AdaptedDataset, _evalMbSize, seed: 0, position: null, shuffle: false, device: _device);
        foreach (var batch in loader.NextEpoch())
        {
            using (batch)
            using (var scope = NewDisposeScope())
            {
                SetMinibatch(batch);
                Fire(static (p, s) => p.BeforeEvalIteration(s));
                Fire(static (p, s) => p.BeforeEvalForward(s));
                _mbOutput = Forward();
                Fire(static (p, s) => p.AfterEvalForward(s));
                _loss = _criterion.call(_mbOutput, MbY);
                Fire(static (p, s) => p.AfterEvalIteration(s));
                ClearMinibatch();
            }
        }
        Fire(static (p, s) => p.AfterEvalExp(s));
    }
}
