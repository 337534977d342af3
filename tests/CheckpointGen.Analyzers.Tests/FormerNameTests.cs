using CheckpointGen.Analyzers.CodeFixes;
using CheckpointGen.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verifier = CheckpointGen.Analyzers.Tests.Verification.AnalyzerVerifier<CheckpointGen.Analyzers.FormerNameAnalyzer>;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>CKPT0011: [CheckpointFormerName] where no recorded name can match it, and the fix that removes it.</summary>
public sealed class FormerNameTests
{
    [Fact]
    public Task Former_names_of_types_no_checkpoint_records_are_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        namespace App;
        [{|CKPT0011:CheckpointFormerName("App.OldOptions")|}] public sealed class Options { public int Seed; }
        [{|CKPT0011:CheckpointFormerName("App.OldPoint")|}] public struct Point { public int X; }
        [Checkpointable, {|CKPT0011:CheckpointFormerName("App.OldBase")|}] public abstract partial class Base { public int X; }
        """);

    [Fact]
    public Task The_message_names_the_former_name_the_type_and_why() => Verifier.VerifyAsync("""
        using CheckpointGen;
        namespace App;
        [CheckpointFormerName("App.OldOptions")] public sealed class Options { }
        """,
        new DiagnosticResult("CKPT0011", DiagnosticSeverity.Warning).WithSpan(3, 2, 3, 40).WithArguments(
            "App.OldOptions", "Options", "no checkpoint records the name of 'Options': it is neither [Checkpointable], an ICheckpointable nor [MemoryPackable]"));

    [Fact]
    public Task Names_that_can_never_match_are_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        namespace App;
        [Checkpointable]
        [{|CKPT0011:CheckpointFormerName("")|}]
        [{|CKPT0011:CheckpointFormerName("App.Buffer")|}]
        [CheckpointFormerName("App.OldBuffer")]
        public sealed partial class Buffer { public int X; }
        [Checkpointable, {|CKPT0011:CheckpointFormerName("App.OldBag<System.Int32>")|}] public sealed partial class Bag<T> { public T? V; }
        public static partial class Outer { [Checkpointable, {|CKPT0011:CheckpointFormerName("App.Outer+Inner")|}] public partial struct Inner { public int X; } }
        """);

    [Fact]
    public Task Former_names_where_a_checkpoint_records_the_name_are_not_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        using CheckpointGen.Reading;
        using CheckpointGen.Writing;
        namespace App;
        [Checkpointable, CheckpointFormerName("App.OldNode")] public partial class Node { public int X; }
        [Checkpointable, CheckpointFormerName("App.OldPoint")] public partial struct Point { public int X; }
        [Checkpointable, CheckpointFormerName("App.OldBag")] public sealed partial class Bag<T> { public T? V; }
        [CheckpointFormerName("App.OldLeaf")] public class Leaf : Node { public int Y; }
        [CheckpointFormerName("App.OldManual")] public sealed class Manual : ICheckpointable
        {
            public void WriteCheckpoint(CheckpointWriter writer) { }
            public void ReadCheckpoint(CheckpointReader reader) { }
        }
        [Checkpointable, CheckpointFormerName("")] public static partial class Static { }
        """);

    [Fact]
    public Task Remove_deletes_the_attribute_and_keeps_the_others() =>
        CodeFixVerifier<FormerNameAnalyzer, RemoveFormerNameCodeFixProvider>.VerifyAsync(
            """
            using CheckpointGen;
            namespace App;
            /// <summary>Doc.</summary>
            [{|CKPT0011:CheckpointFormerName("App.OldOptions")|}]
            public sealed class Options { }
            [Checkpointable, {|CKPT0011:CheckpointFormerName("App.Model")|}]
            public sealed partial class Model { public int X; }
            """,
            """
            using CheckpointGen;
            namespace App;
            /// <summary>Doc.</summary>
            public sealed class Options { }
            [Checkpointable]
            public sealed partial class Model { public int X; }
            """,
            "CKPT0011.RemoveFormerName");
}
