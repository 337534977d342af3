using CheckpointGen.Benchmarks.Loading;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Templates;

public partial class SupervisedTemplate
{
    /// <summary>
    /// Trains on <paramref name="experience"/>; every <see cref="EvalEvery"/> epochs (or at the end,
    /// when it is 0) evaluates <paramref name="evalStreams"/>. When a restored checkpoint was taken
    /// inside this experience, training continues from the saved epoch and minibatch.
    /// </summary>
    public void Train(Experience experience, IEnumerable<ExperienceStream>? evalStreams = null)
    {
        ArgumentNullException.ThrowIfNull(experience);
        var streams = evalStreams?.ToList() ?? [];
        _isTraining = true;
        _model.train();
        try
        {
            Fire(static (p, s) => p.BeforeTraining(s));
            TrainExperience(experience, streams);
            Fire(static (p, s) => p.AfterTraining(s));
        }
        finally
        {
            _isTraining = false;
            _experience = null;
        }
        if (_evalEvery == 0 && streams.Count > 0)
            foreach (var stream in streams) Eval(stream);
        else
            Fire(static (p, s) => p.OnCheckpointPoint(s, CheckpointPoint.TrainingExperience));
    }

    private void TrainExperience(Experience experience, List<ExperienceStream> evalStreams)
    {
        _experience = experience;
        _adaptedDataset = null;
        _stopTraining = false;
        _resumingExperience = _progress.InExperience && _progress.Experience == experience.CurrentExperience;
        if (_progress.InExperience && !_resumingExperience)
            throw new InvalidOperationException(
                $"The restored checkpoint was taken inside training experience {_progress.Experience}, but training was asked for experience {experience.CurrentExperience}. Resume with experience {_progress.Experience}.");
        if (!_resumingExperience) _progress.Begin(experience.CurrentExperience, RngManager.Random.NextInt64());

        Fire(static (p, s) => p.BeforeTrainDatasetAdaptation(s));
        Fire(static (p, s) => p.AfterTrainDatasetAdaptation(s));
        ModelAdaptation(experience);
        Fire(static (p, s) => p.BeforeTrainingExp(s));

        using var loader = new MinibatchLoader(AdaptedDataset, _trainMbSize, _progress.LoaderSeed, _progress.Loader, shuffle: true, dropLast: _dropLast, device: _device);
        while (_progress.Epoch < _trainEpochs && !_stopTraining)
        {
            _resumingEpoch = _resumingExperience && loader.InEpoch;
            Fire(static (p, s) => p.BeforeTrainingEpoch(s));
            _resumingEpoch = false;
            foreach (var batch in loader.NextEpoch())
            {
                using (batch) TrainIteration(Mix(batch), batch);
                if (_stopTraining) break;
                // After an epoch's last batch the loader has moved on but the epoch's end events have
                // not run yet: not a consistent point. The next one is the evaluation or the next batch.
                if (loader.InEpoch) Fire(static (p, s) => p.OnCheckpointPoint(s, CheckpointPoint.TrainingIteration));
            }
            Fire(static (p, s) => p.AfterTrainingEpoch(s));
            _resumingExperience = false;
            // Count the epoch before a periodic evaluation, whose end is a checkpoint point: a run
            // resumed from there starts the next epoch.
            _progress.Epoch++;
            if (_evalEvery > 0 && _progress.Epoch % _evalEvery == 0)
                PeriodicEval(evalStreams);
        }
        _resumingExperience = false;
        Fire(static (p, s) => p.AfterTrainingExp(s));
        _progress.End();
    }

    /// <summary>Lets mixing plugins (replay) add samples to the minibatch.</summary>
    private Minibatch Mix(Minibatch batch)
    {
        var mixed = batch;
        foreach (var plugin in _plugins)
        {
            if (plugin is not IMinibatchMixer mixer) continue;
            var next = mixer.Mix(this, mixed);
            if (!ReferenceEquals(mixed, batch) && !ReferenceEquals(next, mixed)) mixed.Dispose();
            mixed = next;
        }
        return mixed;
    }

    private void TrainIteration(Minibatch batch, Minibatch original)
    {
        using var scope = NewDisposeScope();
        using var mixed = ReferenceEquals(batch, original) ? null : batch;
        SetMinibatch(batch);
        Fire(static (p, s) => p.BeforeTrainingIteration(s));
        ClearGradients();
        Fire(static (p, s) => p.BeforeForward(s));
        _mbOutput = Forward();
        Fire(static (p, s) => p.AfterForward(s));
        _loss = _trainingCriterion?.TrainingLoss(this) ?? _criterion.call(_mbOutput, MbY);
        Fire(static (p, s) => p.BeforeBackward(s));
        _loss.backward();
        Fire(static (p, s) => p.AfterBackward(s));
        Fire(static (p, s) => p.BeforeUpdate(s));
        _optimizer.step();
        Fire(static (p, s) => p.AfterUpdate(s));
        Fire(static (p, s) => p.AfterTrainingIteration(s));
        ClearMinibatch();
    }

    /// <summary>
    /// PyTorch's <c>optimizer.zero_grad()</c> (set_to_none=True, its default since 2.0, which Avalanche relies on):
    /// a parameter the next backward does not reach (the head of another task) keeps no gradient, so the
    /// optimizer skips it. TorchSharp's <c>zero_grad</c> zero-fills instead, which steps such parameters with a
    /// zero gradient (Adam's step count advances, weight decay applies) and gives them optimizer state that a
    /// run resumed from a checkpoint (which restores no gradients) would not have.
    /// </summary>
    private void ClearGradients()
    {
        foreach (var parameter in _optimizer.parameters()) parameter.grad = null;
    }

    /// <summary>Lets dynamic modules adapt to the experience (new classes, new tasks), then rebuilds the optimizer if parameters changed.</summary>
    private void ModelAdaptation(Experience experience)
    {
        DynamicModules.Adapt(_model, experience);
        _model.to(_device);
        SyncOptimizerWithModel();
    }

    private void PeriodicEval(List<ExperienceStream> evalStreams)
    {
        // Evaluation must not disturb training: keep the experience and restore train mode afterwards.
        var experience = _experience;
        var adapted = _adaptedDataset;
        foreach (var stream in evalStreams) Eval(stream);
        _experience = experience;
        _adaptedDataset = adapted;
        _isTraining = true;
        _model.train();
    }
}
