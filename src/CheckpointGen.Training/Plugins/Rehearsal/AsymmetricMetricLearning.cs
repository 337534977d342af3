using CheckpointGen.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Rehearsal;

/// <summary>
/// ER-AML's loss (Caccia et al., 2022; Avalanche's <c>AMLCriterion</c>): the memory samples get the
/// cross-entropy; each incoming sample a supervised contrastive loss against one positive (same
/// class) and one negative (another class of the same task) drawn from the memory, on normalised
/// features.
/// </summary>
/// <remarks>
/// Avalanche's contrastive term subtracts each row's maximum and log-normaliser without
/// <c>keepdim</c>, so row j's values are subtracted from column j (the matrix is square: 2B anchors,
/// B positives and B negatives). That is followed here, not the paper's per-row normalisation.
/// </remarks>
public sealed class AsymmetricMetricLearning
{
    private readonly Func<Tensor, Tensor> _featureExtractor;

    /// <summary>Creates the loss.</summary>
    /// <param name="featureExtractor">Maps inputs to the latent space the contrastive term works in.</param>
    /// <param name="temperature">Supervised contrastive temperature (Avalanche's <c>temp</c>).</param>
    /// <param name="baseTemperature">Supervised contrastive base temperature (<c>base_temp</c>).</param>
    /// <param name="sameTaskNegatives">Draw negatives only from the incoming sample's task.</param>
    public AsymmetricMetricLearning(Func<Tensor, Tensor> featureExtractor, double temperature = 0.1, double baseTemperature = 0.07, bool sameTaskNegatives = true)
    {
        ArgumentNullException.ThrowIfNull(featureExtractor);
        if (!(temperature > 0) || !double.IsFinite(temperature)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive.");
        if (!(baseTemperature > 0) || !double.IsFinite(baseTemperature)) throw new ArgumentOutOfRangeException(nameof(baseTemperature), baseTemperature, "The base temperature must be positive.");
        _featureExtractor = featureExtractor;
        Temperature = temperature;
        BaseTemperature = baseTemperature;
        SameTaskNegatives = sameTaskNegatives;
    }

    /// <summary>Supervised contrastive temperature.</summary>
    public double Temperature { get; }

    /// <summary>Supervised contrastive base temperature.</summary>
    public double BaseTemperature { get; }

    /// <summary>Whether negatives come only from the incoming sample's task.</summary>
    public bool SameTaskNegatives { get; }

    /// <summary>
    /// The loss: the contrastive term of the incoming samples plus the memory cross-entropy. Positives
    /// and negatives are drawn (torch's global generator) from <paramref name="replayInputs"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">An incoming sample has no positive or no negative among the replay samples.</exception>
    public Tensor Loss(Tensor inputs, Tensor targets, Tensor taskLabels, Tensor bufferOutput, Tensor bufferTargets,
        Tensor replayInputs, Tensor replayTargets, Tensor replayTaskLabels)
    {
        using var scope = NewDisposeScope();
        var (positiveX, positiveY, negativeX, negativeY) = SamplePositivesAndNegatives(targets, taskLabels, replayInputs, replayTargets, replayTaskLabels);
        var lossBuffer = nn.functional.cross_entropy(bufferOutput, bufferTargets);
        var hiddenIn = ScaleByNorm(_featureExtractor(inputs));
        var hiddenPositiveNegative = ScaleByNorm(_featureExtractor(cat([positiveX, negativeX], 0)));
        var lossIn = SupervisedContrastive(hiddenIn.repeat(2, 1), hiddenPositiveNegative, targets.repeat(2), cat([positiveY, negativeY], 0));
        return lossIn.Plus(lossBuffer).MoveToOuterDisposeScope();
    }

    private (Tensor PositiveX, Tensor PositiveY, Tensor NegativeX, Tensor NegativeY) SamplePositivesAndNegatives(
        Tensor targets, Tensor taskLabels, Tensor memoryX, Tensor memoryY, Tensor memoryTasks)
    {
        var validPositive = targets.reshape(1, -1).eq(memoryY.reshape(-1, 1));
        var validNegative = validPositive.logical_not();
        if (SameTaskNegatives) validNegative = validNegative.logical_and(taskLabels.view(1, -1).eq(memoryTasks.view(-1, 1)));
        var positiveIndex = Draw(validPositive, "positive");
        var negativeIndex = Draw(validNegative, "negative");
        return (memoryX.index_select(0, positiveIndex), memoryY.index_select(0, positiveIndex),
            memoryX.index_select(0, negativeIndex), memoryY.index_select(0, negativeIndex));
    }

    /// <summary>One replay index per incoming sample (a column of <paramref name="valid"/>), uniformly among the valid ones.</summary>
    private static Tensor Draw(Tensor valid, string what)
    {
        var weights = valid.to_type(ScalarType.Float32).T;
        if (weights.sum(1).eq(HeldScalars.Zero).any().item<bool>())
            throw new InvalidOperationException($"An incoming sample has no {what} among the replay samples (ER-AML draws one of each from the memory of every class).");
        return multinomial(weights, 1).squeeze(1);
    }

    private Tensor SupervisedContrastive(Tensor anchorFeatures, Tensor features, Tensor anchorTargets, Tensor targets)
    {
        using var temperature = Temperature.ToScalar();
        using var scale = (-(Temperature / BaseTemperature)).ToScalar();
        var positiveMask = anchorTargets.reshape(-1, 1).eq(targets.reshape(1, -1)).to_type(ScalarType.Float32);
        var similarity = anchorFeatures.matmul(features.T).div(temperature);
        // As Avalanche: [n, n] minus [n] broadcasts over the last dimension (see the remarks).
        similarity = similarity - similarity.max(1).values.detach();
        var logProbability = similarity - similarity.exp().sum(1).log();
        var meanLogProbabilityPositive = (positiveMask * logProbability).sum(1) / positiveMask.sum(1);
        return meanLogProbabilityPositive.mean().mul(scale);
    }

    private static Tensor ScaleByNorm(Tensor x)
    {
        using var epsilon = 1e-05.ToScalar();
        var norm = x.norm(1, keepdim: false, p: 2).unsqueeze(1).expand_as(x);
        return x / norm.add(epsilon, HeldScalars.One);
    }
}
