using Verifier = CheckpointGen.Analyzers.Tests.Verification.AnalyzerVerifier<CheckpointGen.Analyzers.UncheckpointableMemberAnalyzer>;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>CKPT0002: saved members whose type the checkpoint cannot store (the generator's classification).</summary>
public sealed class UncheckpointableMemberTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using CheckpointGen;
        using TorchSharp;

        """;

    [Fact]
    public Task Delegates_iterators_streams_tasks_threads_and_Random_are_reported() => Verifier.VerifyAsync(Usings + """
        [Checkpointable]
        public partial class Plugin
        {
            private Action {|CKPT0002:_callback|} = () => { };
            private IEnumerator<int> {|CKPT0002:_batches|} = new List<int>().GetEnumerator();
            private Stream {|CKPT0002:_log|} = Stream.Null;
            private Task {|CKPT0002:_pending|} = Task.CompletedTask;
            private Thread? {|CKPT0002:_worker|};
            private Random {|CKPT0002:_random|} = new Random(1);
            public Func<int, int>? {|CKPT0002:Transform|} { get; set; }
        }
        """);

    [Fact]
    public Task Unsupported_class_in_source_is_reported_also_inside_a_collection() => Verifier.VerifyAsync(Usings + """
        public class Note { public string Text = ""; }
        [Checkpointable]
        public partial class Journal
        {
            private Note {|CKPT0002:_last|} = new();
            private List<Note> {|CKPT0002:_all|} = new();
        }
        """);

    [Fact]
    public Task The_message_names_member_type_and_reason() => Verifier.VerifyAsync(Usings + """
        [Checkpointable]
        public partial class Plugin { private Random _random = new(); }
        """,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult("CKPT0002", Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .WithSpan(9, 46, 9, 53)
            .WithArguments("_random", "Plugin", "System.Random's state cannot be read or restored: use CheckpointGen.Randomness.CheckpointableRandom (a drop-in replacement)"));

    [Fact]
    public Task Supported_ignored_static_and_constant_members_are_not_reported() => Verifier.VerifyAsync(Usings + "using CheckpointGen.Randomness;\n" + """
        [Checkpointable] public partial class Inner { private int _n; }
        [Checkpointable]
        public partial class Plugin
        {
            private int _count;
            private readonly List<double> _losses = new();
            private Dictionary<string, int[]> _table = new();
            private torch.Tensor _weights = torch.zeros(2);
            private CheckpointableRandom _random = new(1);
            private Inner _inner = new();
            [CheckpointIgnore] private Action _callback = () => { };
            [CheckpointIgnore] private Stream _log = Stream.Null;
            private static Random s_shared = new();
            private const string Name = "p";
            public Func<int> Computed => () => _count;
        }
        """);

    [Fact]
    public Task Members_of_types_that_are_not_checkpointable_are_not_reported() => Verifier.VerifyAsync(Usings + """
        public class Plain { private Action _callback = () => { }; private Random _random = new(); }
        """);

    [Fact]
    public Task A_generic_type_with_an_unconstrained_parameter_is_supported_and_so_are_its_closed_members() => Verifier.VerifyAsync(Usings + """
        [Checkpointable]
        public partial class RunningStat<T>
        {
            private List<T> _values = new();
            private T? _last;
            private Dictionary<string, T[]> _byName = new();
        }
        [Checkpointable]
        public partial class Owner
        {
            private RunningStat<double> _loss = new();
            private RunningStat<List<string>> _tags = new();
            private RunningStat<RunningStat<int>> _nested = new();
            private RunningStat<Action> {|CKPT0002:_callbacks|} = new();
        }
        """);

    [Fact]
    public Task A_member_whose_checkpointable_type_has_errors_is_reported_only_on_that_type() => Verifier.VerifyAsync(Usings + """
        [Checkpointable] public class NotPartial { private int _n; }
        [Checkpointable] public partial struct Broken { private Action {|CKPT0002:_callback|}; }
        [Checkpointable] public partial class BrokenClass<T> { private Func<T> {|CKPT0002:_make|} = () => default!; }
        [Checkpointable]
        public partial class Owner
        {
            private NotPartial _plain = new();
            private Broken _broken;
            private List<Broken> _many = new();
            private BrokenClass<int>? _generic;
        }
        [Checkpointable] public partial class Derived : BrokenClass<int> { private int _own; }
        """);

    [Fact]
    public Task A_member_obsolete_as_an_error_is_reported_and_one_obsolete_as_a_warning_is_saved() => Verifier.VerifyAsync(Usings + """
        [Checkpointable]
        public partial class Plugin
        {
            [Obsolete("gone", true)] public int {|CKPT0002:Removed|} { get; set; }
            [Obsolete("going")] public int Deprecated;
            [Obsolete("gone", true), CheckpointIgnore] public int Ignored;
        }
        """);
}
