using CheckpointGen.Analyzers.CodeFixes;
using CheckpointGen.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verifier = CheckpointGen.Analyzers.Tests.Verification.AnalyzerVerifier<CheckpointGen.Analyzers.CodeObstacleAnalyzer>;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>CKPT0010: [Checkpointable] types the generator cannot add its partial declaration to, and the rename fix.</summary>
public sealed class CodeObstacleTests
{
    [Fact]
    public Task Static_classes_ref_structs_and_file_local_types_are_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        [Checkpointable] public static partial class {|CKPT0010:Settings|} { public static int Seed; }
        [Checkpointable] public ref partial struct {|CKPT0010:Window|} { public int Start; }
        [Checkpointable] file partial class {|CKPT0010:Local|} { public int X; }
        file partial class Outer { [Checkpointable] public partial class {|CKPT0010:Inner|} { public int X; } }
        """);

    [Fact]
    public Task The_message_names_the_type_and_what_to_do() => Verifier.VerifyAsync("""
        using CheckpointGen;
        [Checkpointable] public static partial class Settings { }
        """,
        new DiagnosticResult("CKPT0010", DiagnosticSeverity.Error).WithSpan(2, 46, 2, 54).WithArguments(
            "Settings", "a static class has no instance state to save; remove [Checkpointable] (static state is never saved, see CKPT0005)"));

    [Fact]
    public Task Members_named_as_generated_members_are_reported_on_the_member() => Verifier.VerifyAsync("""
        using CheckpointGen;
        using CheckpointGen.Writing;
        using CheckpointGen.Reading;
        [Checkpointable]
        public partial class Model
        {
            public int X { get; init; }
            public int {|CKPT0010:WriteCheckpointMembers|};
            protected void {|CKPT0010:ReadCheckpointMembers|}(CheckpointReader reader) { }
            private int {|CKPT0010:__CheckpointBackingField_X|};
            public class {|CKPT0010:__CheckpointCodec0|} { }
            private static void {|CKPT0010:__RegisterCheckpointCodecs|}() { }
        }
        """);

    [Fact]
    public Task Base_members_below_the_nearest_checkpointable_base_are_reported_on_the_type() => Verifier.VerifyAsync("""
        using CheckpointGen;
        using CheckpointGen.Writing;
        [Checkpointable] public partial class Root { public int X; }
        public class Middle : Root { public void WriteCheckpointMembers(CheckpointWriter writer) { } }
        [Checkpointable] public partial class Leaf : Middle { public int Y; }
        """,
        new DiagnosticResult("CKPT0010", DiagnosticSeverity.Error).WithSpan(5, 39, 5, 43).WithArguments(
            "Leaf", "'Middle.WriteCheckpointMembers', in a base class, takes a name the generated code declares; rename it or make it private"));

    [Fact]
    public Task Overloads_private_base_members_generated_base_members_and_plain_types_are_not_reported() => Verifier.VerifyWithGeneratorAsync("""
        using CheckpointGen;
        [Checkpointable]
        public partial class Model
        {
            public int X;
            private void WriteCheckpointMembers(int times) { }
            protected void ReadCheckpointMembers() { }
        }
        public class Hidden { private int __RegisterCheckpointCodecs; private int WriteCheckpointMembers; }
        [Checkpointable] public partial class FromHidden : Hidden { public int Y; }
        [Checkpointable] public partial class Derived : Model { public int Z; }
        public static class Plain { public static int WriteCheckpointMembers; }
        """);

    [Fact]
    public Task Rename_gives_the_member_a_free_name_everywhere_it_is_used() =>
        CodeFixVerifier<CodeObstacleAnalyzer, RenameReservedMemberCodeFixProvider>.VerifyWithGeneratorAsync(
            """
            using CheckpointGen;
            [Checkpointable]
            public partial class Model
            {
                public int {|CKPT0010:WriteCheckpointMembers|};
                private int WriteCheckpointMembersCore;
                public int Twice() => 2 * WriteCheckpointMembers;
            }
            """,
            """
            using CheckpointGen;
            [Checkpointable]
            public partial class Model
            {
                public int WriteCheckpointMembersCore2;
                private int WriteCheckpointMembersCore;
                public int Twice() => 2 * WriteCheckpointMembersCore2;
            }
            """,
            "CKPT0010.RenameReservedMember");
}
