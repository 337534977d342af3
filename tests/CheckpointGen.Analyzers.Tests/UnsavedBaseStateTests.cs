using CheckpointGen.Analyzers.Tests.Verification;
using Verifier = CheckpointGen.Analyzers.Tests.Verification.AnalyzerVerifier<CheckpointGen.Analyzers.UnsavedBaseStateAnalyzer>;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>CKPT0004: a [Checkpointable] type whose stateful base is not [Checkpointable].</summary>
public sealed class UnsavedBaseStateTests
{
    [Fact]
    public Task Stateful_base_that_is_not_checkpointable_is_reported_on_the_base_list() => Verifier.VerifyAsync("""
        using CheckpointGen;
        public class PluginBase { protected int Seen; }
        [Checkpointable] public partial class Counting : {|CKPT0004:PluginBase|} { private int _mine; }
        """);

    [Fact]
    public Task Stateful_bases_behind_a_stateless_one_are_each_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        public abstract class Root { private double _loss; public int Steps { get; set; } }
        public abstract class Middle : Root { }
        public class Near : Middle { private int _n; }
        [Checkpointable] public partial class Leaf : {|CKPT0004:Near|} { }
        """,
        AnalyzerVerifierExtensions.At("CKPT0004", 5, 46, 5, 50));

    [Fact]
    public Task Generic_base_is_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        using System.Collections.Generic;
        public class Buffer<T> { protected readonly List<T> Items = new(); }
        [Checkpointable] public partial class Replay : {|CKPT0004:Buffer<int>|} { }
        """);

    [Fact]
    public Task Checkpointable_stateless_ignored_and_library_bases_are_not_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        using TorchSharp;
        [Checkpointable] public partial class SavedBase { private int _n; }
        [Checkpointable] public partial class A : SavedBase { }
        public abstract class Stateless { public const int Max = 3; public static int Shared; public abstract void Run(); }
        [Checkpointable] public partial class B : Stateless { public override void Run() { } }
        public class OnlyTransient { [CheckpointIgnore] private object? _cache; }
        [Checkpointable] public partial class C : OnlyTransient { }
        [Checkpointable] public partial class Net : torch.nn.Module<torch.Tensor, torch.Tensor>
        {
            public Net() : base("net") { }
            public override torch.Tensor forward(torch.Tensor x) => x;
        }
        public class NotMarked : SavedBaseless { }
        public class SavedBaseless { private int _x; }
        """);
}
