namespace CheckpointGen.Training.Plugins.Regularization;

/// <summary>How EWC keeps the importances of past experiences.</summary>
public enum EwcMode
{
    /// <summary>One penalty per past experience, each with its own importances and parameter values.</summary>
    Separate,

    /// <summary>One running penalty: importances summed over experiences with a decay factor, anchored at the last experience's parameters.</summary>
    Online,
}
