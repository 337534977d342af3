using Verifier = CheckpointGen.Analyzers.Tests.Verification.AnalyzerVerifier<CheckpointGen.Analyzers.StaticMutableStateAnalyzer>;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>CKPT0005: static mutable state in [Checkpointable] types and [RequiresCheckpointing] implementations.</summary>
public sealed class StaticMutableStateTests
{
    private const string Contract = """
        using System.Collections.Generic;
        using CheckpointGen;
        [RequiresCheckpointing] public interface IPlugin { void AfterBatch(); }

        """;

    [Fact]
    public Task Static_fields_and_settable_static_properties_are_reported() => Verifier.VerifyAsync(Contract + """
        [Checkpointable]
        public partial class Model
        {
            private static int {|CKPT0005:s_instances|};
            public static double {|CKPT0005:LearningRate|} { get; set; } = 0.1;
        }
        public class Plugin : IPlugin
        {
            private static readonly List<int> {|CKPT0005:s_seen|} = new();
            public void AfterBatch() => s_seen.Add(1);
        }
        """);

    [Fact]
    public Task Static_state_of_an_abstract_implementation_is_reported() => Verifier.VerifyAsync(Contract + """
        public abstract class PluginBase : IPlugin
        {
            protected static int {|CKPT0005:Counter|};
            public abstract void AfterBatch();
        }
        """);

    [Fact]
    public Task Constants_static_readonly_immutable_values_and_unrelated_types_are_not_reported() => Verifier.VerifyAsync(Contract + """
        [Checkpointable]
        public partial class Model
        {
            private const int Max = 3;
            private static readonly string s_name = "m";
            private static readonly List<int> s_defaults = new() { 1 };
            static Model() { s_defaults.Add(2); }
            public static int Computed => Max + s_defaults.Count + s_name.Length;
        }
        public class Unrelated { private static int s_count; public void Bump() => s_count++; }
        """);

    [Fact]
    public Task Static_readonly_collection_mutated_from_another_type_is_reported() => Verifier.VerifyAsync(Contract + """
        [Checkpointable]
        public partial class Model
        {
            public static readonly List<int> {|CKPT0005:Seen|} = new();
            public static readonly List<int> Defaults = new() { 1 };
        }
        public class Helper { public void Record(int x) { Model.Seen.Add(x); System.Console.WriteLine(Model.Defaults.Count); } }
        """);
}
