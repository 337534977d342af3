namespace CheckpointGen.Samples.Tests;

/// <summary>The strategies issue 8 asks the interrupted-run proof for, as the sample names them.</summary>
internal static class SampleStrategies
{
    public static readonly string[] All = ["naive", "replay", "ewc", "si", "lwf", "gem", "agem", "gdumb"];
}
