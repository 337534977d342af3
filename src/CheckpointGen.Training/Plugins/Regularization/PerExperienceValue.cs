namespace CheckpointGen.Training.Plugins.Regularization;

/// <summary>
/// A hyperparameter given either as one value for every experience or as a list with one value per
/// experience (Avalanche's "a float or a list" arguments of LwF and LFL, indexed by the experience count).
/// </summary>
internal static class PerExperienceValue
{
    public static double At(double[] values, bool perExperience, long experience, string what)
    {
        if (!perExperience) return values[0];
        if (experience < values.Length) return values[experience];
        throw new InvalidOperationException(
            $"{what} was given one value per experience ({values.Length} values), but experience {experience} is being trained; give a value for every experience.");
    }
}
