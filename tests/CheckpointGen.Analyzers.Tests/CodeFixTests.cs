using CheckpointGen.Analyzers.CodeFixes;
using CheckpointGen.Analyzers.Tests.Verification;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>Each code fix produces compiling code without the diagnostic; Fix All fixes every occurrence.</summary>
public sealed class CodeFixTests
{
    [Fact]
    public Task Add_partial_fixes_the_type_and_its_containers_everywhere() =>
        CodeFixVerifier<NonPartialCheckpointableAnalyzer, AddPartialCodeFixProvider>.VerifyAsync(
            """
            using CheckpointGen;
            public class {|CKPT0001:Outer|}
            {
                [Checkpointable]
                internal sealed class {|CKPT0001:Inner|} { private int _n; }
            }
            [Checkpointable] public record {|CKPT0001:Stats|}(int Count);
            """,
            """
            using CheckpointGen;
            public partial class Outer
            {
                [Checkpointable]
                internal sealed partial class Inner { private int _n; }
            }
            [Checkpointable] public partial record Stats(int Count);
            """,
            "CKPT0001.AddPartial");

    [Fact]
    public Task Add_partial_keeps_the_doc_comment_when_the_type_has_no_modifiers() =>
        CodeFixVerifier<NonPartialCheckpointableAnalyzer, AddPartialCodeFixProvider>.VerifyAsync(
            """
            using CheckpointGen;
            /// <summary>Doc.</summary>
            [Checkpointable]
            class {|CKPT0001:Model|} { }
            """,
            """
            using CheckpointGen;
            /// <summary>Doc.</summary>
            [Checkpointable]
            partial class Model { }
            """,
            "CKPT0001.AddPartial");

    private const string PluginContract = """
        using CheckpointGen;
        [RequiresCheckpointing] public interface IPlugin { void AfterBatch(); }

        """;

    [Fact]
    public Task Make_checkpointable_adds_the_attribute_and_partial_to_every_reported_type() =>
        CodeFixVerifier<UnsavedMutableStateAnalyzer, MakeCheckpointableCodeFixProvider>.VerifyAsync(
            PluginContract + """
            /// <summary>Counts.</summary>
            public class {|CKPT0003:Counting|} : IPlugin { private int _n; public void AfterBatch() => _n++; }
            public class Holder
            {
                public sealed class {|CKPT0003:Nested|} : IPlugin { private int _n; public void AfterBatch() => _n--; }
            }
            """,
            PluginContract + """
            /// <summary>Counts.</summary>
            [Checkpointable]
            public partial class Counting : IPlugin { private int _n; public void AfterBatch() => _n++; }
            public partial class Holder
            {
                [Checkpointable]
                public sealed partial class Nested : IPlugin { private int _n; public void AfterBatch() => _n--; }
            }
            """,
            "CKPT0003.AddCheckpointableAndPartial");

    [Fact]
    public Task Make_checkpointable_adds_the_using_when_missing() =>
        CodeFixVerifier<UnsavedMutableStateAnalyzer, MakeCheckpointableCodeFixProvider>.VerifyAsync(
            new[]
            {
                "namespace Contracts { [CheckpointGen.RequiresCheckpointing] public interface IPlugin { void AfterBatch(); } }",
                "using System;\n\nnamespace Plugins;\n\npublic class {|CKPT0003:Counting|} : Contracts.IPlugin { private int _n; public void AfterBatch() => _n++; }\n",
            },
            new[]
            {
                "namespace Contracts { [CheckpointGen.RequiresCheckpointing] public interface IPlugin { void AfterBatch(); } }",
                "using System;\nusing CheckpointGen;\n\nnamespace Plugins;\n\n[Checkpointable]\npublic partial class Counting : Contracts.IPlugin { private int _n; public void AfterBatch() => _n++; }\n",
            },
            "CKPT0003.AddCheckpointableAndPartial");

    [Fact]
    public Task Mark_base_checkpointable_edits_the_base_in_its_own_file() =>
        CodeFixVerifier<UnsavedBaseStateAnalyzer, MarkBaseCheckpointableCodeFixProvider>.VerifyAsync(
            new[]
            {
                "using CheckpointGen;\npublic class PluginBase { protected int Seen; }\n",
                "using CheckpointGen;\n[Checkpointable] public partial class A : {|CKPT0004:PluginBase|} { }\n[Checkpointable] public partial class B : {|CKPT0004:PluginBase|} { }\n",
            },
            new[]
            {
                "using CheckpointGen;\n[Checkpointable]\npublic partial class PluginBase { protected int Seen; }\n",
                "using CheckpointGen;\n[Checkpointable] public partial class A : PluginBase { }\n[Checkpointable] public partial class B : PluginBase { }\n",
            },
            "CKPT0004.MarkBaseCheckpointable");

    private const string RandomUsings = "using System;\nusing System.Collections.Generic;\nusing CheckpointGen;\n";

    [Fact]
    public Task Ignore_fix_marks_each_unsupported_member() =>
        CodeFixVerifier<UncheckpointableMemberAnalyzer, UncheckpointableMemberCodeFixProvider>.VerifyAsync(
            RandomUsings + """
            [Checkpointable]
            public partial class Plugin
            {
                private Action {|CKPT0002:_callback|} = () => { };
                /// <summary>Transform.</summary>
                public Func<int>? {|CKPT0002:Transform|} { get; set; }
            }
            """,
            RandomUsings + """
            [Checkpointable]
            public partial class Plugin
            {
                [CheckpointIgnore]
                private Action _callback = () => { };
                /// <summary>Transform.</summary>
                [CheckpointIgnore]
                public Func<int>? Transform { get; set; }
            }
            """,
            "CKPT0002.AddCheckpointIgnore");

    [Fact]
    public Task Random_fix_replaces_the_type_and_the_construction_and_imports_its_namespace() =>
        CodeFixVerifier<UncheckpointableMemberAnalyzer, UncheckpointableMemberCodeFixProvider>.VerifyAsync(
            RandomUsings + """
            [Checkpointable]
            public partial class Sampler
            {
                private readonly Random {|CKPT0002:_random|} = new Random(42);
                private System.Random {|CKPT0002:_other|} = new();
            }
            """,
            RandomUsings + "using CheckpointGen.Randomness;\n" + """
            [Checkpointable]
            public partial class Sampler
            {
                private readonly CheckpointableRandom _random = new CheckpointableRandom(42);
                private CheckpointableRandom _other = new();
            }
            """,
            "CKPT0002.UseCheckpointableRandom");

    [Fact]
    public Task Mark_member_type_fix_makes_the_source_class_checkpointable() =>
        CodeFixVerifier<UncheckpointableMemberAnalyzer, UncheckpointableMemberCodeFixProvider>.VerifyAsync(
            RandomUsings + """
            public class Note { public string Text = ""; }
            [Checkpointable]
            public partial class Journal
            {
                private Note {|CKPT0002:_last|} = new();
                private List<Note> {|CKPT0002:_all|} = new();
            }
            """,
            RandomUsings + """
            [Checkpointable]
            public partial class Note { public string Text = ""; }
            [Checkpointable]
            public partial class Journal
            {
                private Note _last = new();
                private List<Note> _all = new();
            }
            """,
            "CKPT0002.MarkMemberTypeCheckpointable");

    [Fact]
    public Task Make_hook_partial_turns_ordinary_hooks_into_the_generated_partial_methods() =>
        CodeFixVerifier<RestoreHookAnalyzer, MakeHookPartialCodeFixProvider>.VerifyWithGeneratorAsync(
            """
            using CheckpointGen;
            [Checkpointable]
            public partial class Model
            {
                private int _n;

                /// <summary>Rebuilds.</summary>
                private void {|CKPT0008:OnCheckpointStructureRestored|}() { }

                [System.Obsolete]
                public void {|CKPT0008:OnCheckpointRestored|}() => _n++;
            }
            [Checkpointable]
            public partial struct Point
            {
                public int X;
                void {|CKPT0008:OnCheckpointRestored|}() => X++;
            }
            """,
            """
            using CheckpointGen;
            [Checkpointable]
            public partial class Model
            {
                private int _n;

                /// <summary>Rebuilds.</summary>
                partial void OnCheckpointStructureRestored() { }

                [System.Obsolete]
                partial void OnCheckpointRestored() => _n++;
            }
            [Checkpointable]
            public partial struct Point
            {
                public int X;
                partial void OnCheckpointRestored() => X++;
            }
            """,
            "CKPT0008.MakeHookPartial");
}
