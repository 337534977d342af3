using CheckpointGen.Analyzers.Tests.Verification;
using Verifier = CheckpointGen.Analyzers.Tests.Verification.AnalyzerVerifier<CheckpointGen.Analyzers.NonPartialCheckpointableAnalyzer>;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>CKPT0001: [Checkpointable] types and their containers must be partial.</summary>
public sealed class NonPartialCheckpointableTests
{
    [Fact]
    public Task Non_partial_checkpointable_class_is_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        [Checkpointable] public class {|CKPT0001:Model|} { private int _x; }
        """);

    [Fact]
    public Task Non_partial_struct_and_record_are_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        [Checkpointable] public struct {|CKPT0001:Point|} { public int X; }
        [Checkpointable] public record {|CKPT0001:Stats|}(int Count);
        """);

    [Fact]
    public Task Non_partial_container_is_reported_once_for_all_its_checkpointable_types() => Verifier.VerifyAsync("""
        using CheckpointGen;
        public class {|CKPT0001:Outer|}
        {
            [Checkpointable] public partial class A { }
            [Checkpointable] public partial class B { }
            public class Middle { [Checkpointable] public partial class C { } }
        }
        """,
        // Middle contains C too: it is its own problem.
        AnalyzerVerifierExtensions.At("CKPT0001", 6, 18, 6, 24));

    [Fact]
    public Task Partial_types_generic_types_and_types_in_partial_containers_are_not_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        [Checkpointable] public partial class Model<T> { private int _x; }
        public partial class Outer { [Checkpointable] public partial record struct Inner(int X); }
        public class Plain { }
        """);
}
