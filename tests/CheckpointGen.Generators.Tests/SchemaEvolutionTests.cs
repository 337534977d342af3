using CheckpointGen.Generators.Tests.Harness;

namespace CheckpointGen.Generators.Tests;

/// <summary>
/// A checkpoint written by one version of a type restored into the next version (same full name,
/// compiled separately): added members keep their values, removed ones are skipped, renames keep their key.
/// </summary>
public class SchemaEvolutionTests
{
    private const string Version1 = """
        using CheckpointGen;
        namespace Evolving;
        [Checkpointable]
        public partial class Learner
        {
            private int _step;
            private double _lr;
            private string _obsolete = "";
            private int _kind;
        }
        """;

    private const string Version2 = """
        using CheckpointGen;
        namespace Evolving;
        [Checkpointable]
        public partial class Learner
        {
            private int _step;
            [CheckpointKey("_lr")] private double _learningRate;
            private double _momentum = 0.9;
            private int _kind;
        }
        """;

    private static (RestoreReport Report, object Restored) SaveV1RestoreV2(string version2, Action<object> fillV1)
    {
        using var v1 = new CompiledAssembly("Evolving.V1", Version1);
        using var v2 = new CompiledAssembly("Evolving.V2", version2);
        var saved = v1.Create("Evolving.Learner");
        fillV1(saved);
        using var stream = new MemoryStream();
        Checkpoint.Save(saved, stream);
        stream.Position = 0;
        var restored = v2.Create("Evolving.Learner");
        return (Checkpoint.Restore(restored, stream), restored);
    }

    [Fact]
    public void Added_removed_and_renamed_members_restore_with_a_report()
    {
        var (report, restored) = SaveV1RestoreV2(Version2, v1 =>
        {
            CompiledAssembly.Set(v1, "_step", 12);
            CompiledAssembly.Set(v1, "_lr", 0.01);
            CompiledAssembly.Set(v1, "_obsolete", "gone");
        });

        Assert.Equal(12, CompiledAssembly.Get(restored, "_step"));
        Assert.Equal(0.01, CompiledAssembly.Get(restored, "_learningRate"));
        Assert.Equal(0.9, CompiledAssembly.Get(restored, "_momentum"));
        Assert.Equal(["Evolving.Learner._momentum"], report.MissingKeys);
        Assert.Equal(["Evolving.Learner._obsolete"], report.SkippedKeys);
    }

    [Fact]
    public void A_member_whose_type_changed_is_a_mismatch_naming_the_member()
    {
        string changed = Version2.Replace("private int _kind;", "private string _kind = \"\";");
        var error = Assert.Throws<CheckpointMismatchException>(() => SaveV1RestoreV2(changed, _ => { }));
        Assert.Contains("_kind", error.Message);
    }
}
