using Verifier = CheckpointGen.Analyzers.Tests.Verification.AnalyzerVerifier<CheckpointGen.Analyzers.InvalidMemberAnnotationAnalyzer>;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>CKPT0006: duplicate or empty keys, and key/ignore attributes that do nothing.</summary>
public sealed class InvalidMemberAnnotationTests
{
    [Fact]
    public Task Duplicate_key_is_reported_once_on_the_later_member() => Verifier.VerifyAsync("""
        using CheckpointGen;
        [Checkpointable]
        public partial class Model
        {
            private int _steps;
            [CheckpointKey("_steps")] private int {|CKPT0006:_renamed|};
        }
        """);

    [Fact]
    public Task Key_already_used_by_a_checkpointable_base_is_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        [Checkpointable] public partial class Base { private int _count; }
        [Checkpointable] public partial class Derived : Base { [CheckpointKey("_count")] private int {|CKPT0006:_other|}; }
        """);

    [Fact]
    public Task Configuration_that_is_not_a_plain_value_is_reported_and_plain_values_are_not() => Verifier.VerifyAsync("""
        using System.Collections.Generic;
        using CheckpointGen;
        [Checkpointable] public partial class Settings { private int _x; }
        [Checkpointable]
        public partial class Model
        {
            [CheckpointConfiguration] private readonly Settings {|CKPT0006:_settings|} = new();
            [CheckpointConfiguration] private readonly Dictionary<string, int> {|CKPT0006:_byName|} = new();
            [CheckpointConfiguration] private readonly int[][] _classes = [];
            [CheckpointConfiguration(ConfigurationChange.Warn)] private readonly List<(string, double?)> _pairs = new();
        }
        """);

    [Fact]
    public Task Empty_key_is_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        [Checkpointable]
        public partial class Model { [CheckpointKey("")] public int {|CKPT0006:Epoch|} { get; set; } }
        """);

    [Fact]
    public Task Annotations_on_members_that_are_not_saved_are_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        [Checkpointable]
        public partial class Model
        {
            private int _x;
            [CheckpointKey("s")] private static int {|CKPT0006:s_shared|};
            [CheckpointIgnore] private const int {|CKPT0006:Max|} = 3;
            [CheckpointKey("c")] public int {|CKPT0006:Computed|} => _x;
            [CheckpointIgnore, CheckpointKey("t")] private int {|CKPT0006:_transient|};
        }
        public class NotCheckpointable { [CheckpointIgnore] private int {|CKPT0006:_cache|}; }
        """);

    [Fact]
    public Task Distinct_keys_and_ignored_saved_members_are_not_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        [Checkpointable]
        public partial class Model
        {
            [CheckpointKey("steps")] private int _renamedSteps;
            private int _loss;
            [CheckpointIgnore] private object? _cache;
            [CheckpointKey("lr")] public double LearningRate { get; set; }
        }
        """);
}
