using Verifier = CheckpointGen.Analyzers.Tests.Verification.AnalyzerVerifier<CheckpointGen.Analyzers.RestoreHookAnalyzer>;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>CKPT0008: restore hooks written as ordinary methods, and members that take a hook's name.</summary>
public sealed class RestoreHookTests
{
    [Fact]
    public Task Hooks_written_as_ordinary_methods_are_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        [Checkpointable]
        public partial class Model
        {
            private int _n;
            private void {|CKPT0008:OnCheckpointStructureRestored|}() { }
            public void {|CKPT0008:OnCheckpointRestored|}() => _n++;
        }
        """);

    [Fact]
    public Task The_message_names_the_hook_the_type_and_the_partial_declaration() => Verifier.VerifyAsync("""
        using CheckpointGen;
        [Checkpointable]
        public partial class Model { private void OnCheckpointRestored() { } }
        """,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult("CKPT0008", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithSpan(3, 43, 3, 63)
            .WithArguments("OnCheckpointRestored", "Model", "is an ordinary method, so nothing checks its name and signature: declare it 'partial void OnCheckpointRestored()' (the generator declares the partial method)"));

    [Fact]
    public Task Members_that_take_a_hook_name_are_reported() => Verifier.VerifyAsync("""
        using CheckpointGen;
        [Checkpointable]
        public partial class Model
        {
            private static void {|CKPT0008:OnCheckpointRestored|}() { }
            private int {|CKPT0008:OnCheckpointStructureRestored|};
        }
        """);

    [Fact]
    public Task Partial_hooks_overloads_overrides_and_types_that_are_not_checkpointable_are_not_reported() => Verifier.VerifyWithGeneratorAsync("""
        using CheckpointGen;
        [Checkpointable]
        public partial class Model
        {
            private int _n;
            partial void OnCheckpointRestored() => _n++;
            partial void OnCheckpointStructureRestored();
            partial void OnCheckpointStructureRestored() { }
            private void OnCheckpointRestored(int times) => _n += times;
        }
        [Checkpointable]
        public abstract partial class Base { protected virtual void {|CKPT0008:OnCheckpointRestored|}() { } }
        [Checkpointable]
        public partial class Derived : Base { protected override void OnCheckpointRestored() { } }
        public class Plain { private void OnCheckpointRestored() { } }
        """);
}
