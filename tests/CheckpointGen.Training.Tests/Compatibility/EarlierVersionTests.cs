using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Tests.Support;

namespace CheckpointGen.Training.Tests.Compatibility;

/// <summary>
/// Checkpoints written by earlier versions restore into today's strategies. Files/plugins-0.1.0-format-1.3.ckpt
/// holds <see cref="PluginsRoot"/> trained one experience by version 0.1.0, when the random generators and the
/// regularization and projection plugins lived in other namespaces; the .weights file beside it holds each
/// model's parameter and buffer bytes as that version saw them (strategy order, then names in ordinal order).
/// </summary>
public class EarlierVersionTests
{
    private static string FilePath(string name) => Path.Combine(AppContext.BaseDirectory, "Compatibility", "Files", name);

    [Fact]
    public void A_checkpoint_of_version_0_1_0_restores_the_weights_plugins_and_generators_under_their_new_namespaces()
    {
        var root = PluginsRoot.Build();

        var report = Checkpoint.Restore(root, FilePath("plugins-0.1.0-format-1.3.ckpt"));

        using var restored = new MemoryStream();
        foreach (var (_, strategy) in root.Strategies)
            foreach (var (_, bytes) in RegularizationResume.StateBytes(strategy.Model).OrderBy(e => e.Key, StringComparer.Ordinal))
                restored.Write(bytes);
        Assert.True(File.ReadAllBytes(FilePath("plugins-0.1.0-format-1.3.weights")).AsSpan().SequenceEqual(restored.ToArray()),
            "the restored weights differ from those version 0.1.0 saved");
        Assert.Single(((EWC)root.Ewc!).Plugin.Importances);
        Assert.Empty(report.SkippedKeys);
    }

    [Fact]
    public void A_checkpoint_written_before_the_experiment_identity_restores_with_a_warning_naming_what_it_does_not_record()
    {
        var root = PluginsRoot.Build();

        var report = Checkpoint.Restore(root, FilePath("plugins-0.1.0-format-1.3.ckpt"));
        var messages = new List<string>();
        RestoreWarnings.Log(report, messages.Add);

        Assert.Contains(report.MissingConfiguration, key => key.EndsWith("._optimizerSettings", StringComparison.Ordinal));
        // Settings that were state then (a batch size, a coefficient) are compared from their plain keys, and agree.
        Assert.Empty(report.ConfigurationDifferences);
        string warning = Assert.Single(messages);
        Assert.StartsWith("Warning: the checkpoint does not record", warning);
    }
}
