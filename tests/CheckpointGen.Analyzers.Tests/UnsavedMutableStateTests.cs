using CheckpointGen.Analyzers.Tests.Verification;
using Verifier = CheckpointGen.Analyzers.Tests.Verification.AnalyzerVerifier<CheckpointGen.Analyzers.UnsavedMutableStateAnalyzer>;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>CKPT0003: mutable state in [RequiresCheckpointing] implementations that is not [Checkpointable].</summary>
public sealed class UnsavedMutableStateTests
{
    private const string Contract = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using CheckpointGen;
        using TorchSharp;

        [RequiresCheckpointing]
        public interface IPlugin { void AfterBatch(); }
        """;

    private static Task Verify(string source) => Verifier.VerifyAsync(Contract + "\n" + source);

    [Fact]
    public Task Private_field_incremented_in_a_method_is_reported() => Verify("""
        public class {|CKPT0003:CountingPlugin|} : IPlugin
        {
            private int _seen;
            public void AfterBatch() => _seen++;
        }
        """);

    [Fact]
    public Task The_message_names_the_type_the_contract_and_the_member() =>
        Verifier.VerifyAsync(Contract + """

            public class CountingPlugin : IPlugin
            {
                private int _seen;
                public void AfterBatch() { _seen += 2; }
            }
            """,
            Verifier.Diagnostic("CKPT0003").WithSpan(9, 14, 9, 28).WithSpan(12, 32, 12, 37).WithArguments("CountingPlugin", "IPlugin", "_seen"));

    [Fact]
    public Task Settable_auto_property_assigned_in_a_method_is_reported() => Verify("""
        public class {|CKPT0003:LossTracker|} : IPlugin
        {
            public double LastLoss { get; private set; }
            public void AfterBatch() => LastLoss = 0.5;
        }
        """);

    [Fact]
    public Task Readonly_list_mutated_through_Add_is_reported() => Verify("""
        public class {|CKPT0003:History|} : IPlugin
        {
            private readonly List<double> _losses = new();
            public void AfterBatch() => _losses.Add(1.0);
        }
        """);

    [Fact]
    public Task Readonly_get_only_property_cleared_is_reported() => Verify("""
        public class {|CKPT0003:History|} : IPlugin
        {
            public Queue<int> Pending { get; } = new();
            public void AfterBatch() => Pending.Clear();
        }
        """);

    [Fact]
    public Task Readonly_array_written_through_an_indexer_is_reported() => Verify("""
        public class {|CKPT0003:Histogram|} : IPlugin
        {
            private readonly int[] _bins = new int[10];
            public void AfterBatch() => _bins[3] += 1;
        }
        """);

    [Fact]
    public Task Readonly_dictionary_written_through_its_indexer_is_reported() => Verify("""
        public class {|CKPT0003:PerTask|} : IPlugin
        {
            private readonly Dictionary<int, double> _accuracy = new();
            public void AfterBatch() => _accuracy[1] = 0.9;
        }
        """);

    [Fact]
    public Task Field_assigned_inside_a_lambda_is_reported() => Verify("""
        public class {|CKPT0003:Deferred|} : IPlugin
        {
            private int _calls;
            public void AfterBatch() { Action bump = () => _calls = _calls + 1; bump(); }
        }
        """);

    [Fact]
    public Task Field_assigned_in_a_lambda_created_by_the_constructor_is_reported() => Verify("""
        public class {|CKPT0003:Subscriber|} : IPlugin
        {
            private int _events;
            private readonly Action _handler;
            public Subscriber() { _handler = () => _events++; }
            public void AfterBatch() => _handler();
        }
        """);

    [Fact]
    public Task Field_assigned_inside_a_local_function_is_reported() => Verify("""
        public class {|CKPT0003:Local|} : IPlugin
        {
            private long _total;
            public void AfterBatch() { Add(3); void Add(long x) { _total += x; } }
        }
        """);

    [Fact]
    public Task Field_passed_by_ref_is_reported() => Verify("""
        public class {|CKPT0003:Atomic|} : IPlugin
        {
            private int _count;
            public void AfterBatch() => System.Threading.Interlocked.Increment(ref _count);
        }
        """);

    [Fact]
    public Task Field_assigned_by_deconstruction_is_reported() => Verify("""
        public class {|CKPT0003:Pair|} : IPlugin
        {
            private int _a, _b;
            public void AfterBatch() => (_a, _b) = (_b, _a + 1);
        }
        """);

    [Fact]
    public Task Tensor_changed_in_place_is_reported() => Verify("""
        public class {|CKPT0003:RunningMean|} : IPlugin
        {
            private readonly torch.Tensor _mean = torch.zeros(3);
            public void AfterBatch() => _mean.add_(torch.ones(3));
        }
        """);

    [Fact]
    public Task Partial_type_split_over_files_is_reported_once_with_the_mutation_in_the_other_file() =>
        Verifier.VerifyAsync(new[]
        {
            Contract + "\npublic partial class {|CKPT0003:Split|} : IPlugin { private int _steps; }",
            "public partial class Split { public void AfterBatch() => _steps++; }",
        });

    [Fact]
    public Task Generic_implementation_is_reported() => Verify("""
        public class {|CKPT0003:Buffer|}<T> : IPlugin
        {
            private readonly List<T> _items = new();
            public void AfterBatch() => _items.Add(default!);
        }
        """);

    [Fact]
    public Task Nested_implementation_is_reported() => Verify("""
        public class Outer
        {
            public class {|CKPT0003:Inner|} : IPlugin
            {
                private int _n;
                public void AfterBatch() => _n--;
            }
        }
        """);

    [Fact]
    public Task Record_with_mutable_property_is_reported() => Verify("""
        public record {|CKPT0003:Stats|} : IPlugin
        {
            public int Batches { get; set; }
            public void AfterBatch() => Batches++;
        }
        """);

    [Fact]
    public Task Contract_inherited_through_a_base_interface_is_reported() => Verify("""
        public interface IMetric : IPlugin { }
        public class {|CKPT0003:Accuracy|} : IMetric
        {
            private int _correct;
            public void AfterBatch() => _correct++;
        }
        """);

    [Fact]
    public Task Contract_on_a_base_class_is_reported_on_the_derived_class() => Verify("""
        [RequiresCheckpointing]
        public abstract class StrategyBase { public abstract void Step(); }
        public class {|CKPT0003:Naive|} : StrategyBase
        {
            private int _steps;
            public override void Step() => _steps++;
        }
        """);

    [Fact]
    public Task Derived_class_mutating_a_field_of_an_unsaved_base_is_reported() => Verify("""
        public abstract class PluginBase : IPlugin
        {
            protected int Seen;
            public abstract void AfterBatch();
        }
        public class {|CKPT0003:Counting|} : PluginBase
        {
            public override void AfterBatch() => Seen++;
        }
        """);

    [Fact]
    public Task Field_mutated_in_several_places_is_reported_once() => Verify("""
        public class {|CKPT0003:Busy|} : IPlugin
        {
            private int _a;
            private readonly List<int> _b = new();
            public void AfterBatch() { _a++; _a = 2; _b.Add(_a); _b.Clear(); }
        }
        """);

    [Fact]
    public Task Severity_is_configurable_in_editorconfig() =>
        Verifier.VerifyAsync(
            new[] { Contract + "\npublic class CountingPlugin : IPlugin { private int _n; public void AfterBatch() => _n++; }" },
            "root = true\n[*.cs]\ndotnet_diagnostic.CKPT0003.severity = suggestion\n",
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult("CKPT0003", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithSpan(9, 14, 9, 28).WithSpan(9, 85, 9, 87).WithArguments("CountingPlugin", "IPlugin", "_n"));

    [Fact]
    public Task Rule_can_be_turned_off_in_editorconfig() =>
        Verifier.VerifyAsync(
            new[] { Contract + "\npublic class CountingPlugin : IPlugin { private int _n; public void AfterBatch() => _n++; }" },
            "root = true\n[*.cs]\ndotnet_diagnostic.CKPT0003.severity = none\n");

    [Fact]
    public Task Field_incremented_from_another_type_is_reported_with_the_change_there() =>
        Verifier.VerifyAsync(Contract + """

            public class CountingPlugin : IPlugin
            {
                public int Count;
                public void AfterBatch() { }
            }
            public class Strategy
            {
                private readonly CountingPlugin _plugin = new();
                public void Step() => _plugin.Count++;
            }
            """,
            Verifier.Diagnostic("CKPT0003").WithSpan(9, 14, 9, 28).WithSpan(17, 27, 17, 40).WithArguments("CountingPlugin", "IPlugin", "Count"));

    [Fact]
    public Task Changes_from_other_types_and_files_through_collections_and_properties_are_reported_once() =>
        Verifier.VerifyAsync(new[]
        {
            Contract + """

                public class {|CKPT0003:History|} : IPlugin
                {
                    public List<double> Losses { get; } = new();
                    public string Last = "";
                    public void AfterBatch() { }
                }
                """,
            """
            public static class Recorder
            {
                public static void Record(History history, double loss) { history.Losses.Add(loss); history.Last = loss.ToString(); }
                public static double Peek(History history) => history.Losses.Count;
            }
            """,
        });

    [Fact]
    public Task Other_types_that_only_read_the_state_or_configure_it_while_constructing_are_not_reported() => Verify("""
        public class Configurable : IPlugin
        {
            public int Every;
            public List<int> Steps = new();
            public void AfterBatch() { }
        }
        public class Strategy
        {
            private readonly Configurable _plugin;
            public Strategy() { _plugin = new Configurable { Every = 3 }; _plugin.Every = 4; _plugin.Steps.Add(1); }
            public int Step() => _plugin.Every + _plugin.Steps.Count;
        }
        """);

    [Fact]
    public Task A_checkpointable_implementation_changed_from_another_type_is_not_reported() => Verify("""
        [Checkpointable]
        public partial class Saved : IPlugin { public int Count; public void AfterBatch() { } }
        public class Strategy { private readonly Saved _plugin = new(); public void Step() => _plugin.Count++; }
        """);

    // ---- must not be reported ----

    [Fact]
    public Task Fields_assigned_only_in_constructors_and_initializers_are_not_reported() => Verify("""
        public class Configured : IPlugin
        {
            private readonly int _every = 5;
            private int _limit;
            private readonly List<int> _fixedList = new() { 1, 2 };
            public Configured() { _limit = 10; _fixedList.Add(3); }
            public Configured(int limit) : this() { _limit = limit; }
            public void AfterBatch() { Console.WriteLine(_every + _limit + _fixedList.Count); _fixedList.Contains(1); }
        }
        """);

    [Fact]
    public Task Readonly_fields_of_immutable_types_are_not_reported() => Verify("""
        public class Immutable : IPlugin
        {
            private readonly string _name = "x";
            private readonly ImmutableList<int> _values = ImmutableList<int>.Empty;
            private readonly DateTime _start = DateTime.UnixEpoch;
            public void AfterBatch() { var more = _values.Add(1); Console.WriteLine(_name.ToUpperInvariant() + more.Count + _start.AddDays(1)); }
        }
        """);

    [Fact]
    public Task Constants_and_init_only_properties_are_not_reported() => Verify("""
        public class Settings : IPlugin
        {
            private const int Every = 3;
            public int Epochs { get; init; }
            public void AfterBatch() { var copy = new Settings { Epochs = Every }; Console.WriteLine(copy.Epochs); }
        }
        """);

    [Fact]
    public Task Abstract_implementations_are_not_reported() => Verify("""
        public abstract class PluginBase : IPlugin
        {
            private int _seen;
            public virtual void AfterBatch() => _seen++;
        }
        """);

    [Fact]
    public Task Checkpointable_implementations_are_not_reported() => Verify("""
        [Checkpointable]
        public partial class Saved : IPlugin
        {
            private int _seen;
            public void AfterBatch() => _seen++;
        }
        """);

    [Fact]
    public Task Hand_written_ICheckpointable_implementations_are_not_reported() => Verify("""
        public class HandWritten : IPlugin, ICheckpointable
        {
            private int _seen;
            public void AfterBatch() => _seen++;
            public void WriteCheckpoint(CheckpointGen.Writing.CheckpointWriter writer) { }
            public void ReadCheckpoint(CheckpointGen.Reading.CheckpointReader reader) { }
        }
        """);

    [Fact]
    public Task Types_without_a_checkpointing_contract_are_not_reported() => Verify("""
        public class Unrelated
        {
            private int _n;
            public void Step() => _n++;
        }
        """);

    [Fact]
    public Task Stateless_implementations_and_local_variables_are_not_reported() => Verify("""
        public class Stateless : IPlugin
        {
            public void AfterBatch() { int local = 0; local++; var list = new List<int>(); list.Add(local); }
        }
        """);
}
