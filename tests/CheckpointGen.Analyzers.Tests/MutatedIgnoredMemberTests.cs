using Verifier = CheckpointGen.Analyzers.Tests.Verification.AnalyzerVerifier<CheckpointGen.Analyzers.MutatedIgnoredMemberAnalyzer>;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>CKPT0007: [CheckpointIgnore] members changed after construction, shown for review.</summary>
public sealed class MutatedIgnoredMemberTests
{
    [Fact]
    public Task Ignored_members_assigned_or_mutated_in_methods_are_reported_once_each() => Verifier.VerifyAsync("""
        using System.Collections.Generic;
        using CheckpointGen;
        [Checkpointable]
        public partial class Model
        {
            [CheckpointIgnore] private int {|CKPT0007:_progress|};
            [CheckpointIgnore] private readonly Dictionary<int, string> {|CKPT0007:_cache|} = new();
            [CheckpointIgnore] public string? {|CKPT0007:Status|} { get; set; }
            public void Step() { _progress++; _progress = 0; _cache[1] = "x"; Status = "ok"; }
        }
        """);

    [Fact]
    public Task Ignored_members_set_only_at_construction_or_in_restore_hooks_and_saved_members_are_not_reported() => Verifier.VerifyWithGeneratorAsync("""
        using System.Collections.Generic;
        using CheckpointGen;
        [Checkpointable]
        public partial class Model
        {
            [CheckpointIgnore] private readonly List<int> _lookup = new();
            [CheckpointIgnore] private int _width;
            private int _steps;
            [CheckpointIgnore] private int _derived;
            public Model(int width) { _width = width; _lookup.Add(width); }
            public void Step() { _steps++; System.Console.WriteLine(_width + _lookup.Count + _derived); }
            partial void OnCheckpointRestored() { _derived = _steps * 2; _lookup.Clear(); }
        }
        """);

    [Fact]
    public Task Ignored_members_changed_only_from_another_type_are_reported() => Verifier.VerifyAsync("""
        using System.Collections.Generic;
        using CheckpointGen;
        [Checkpointable]
        public partial class Plugin
        {
            private int _saved;
            [CheckpointIgnore] public int {|CKPT0007:Count|};
            [CheckpointIgnore] public List<string> {|CKPT0007:Log|} = new();
            [CheckpointIgnore] public int ReadOnly;
            public int Saved => _saved;
        }
        public class Strategy
        {
            private readonly Plugin _plugin = new() { ReadOnly = 2 };
            public void Step() { _plugin.Count++; _plugin.Log.Add("step"); System.Console.WriteLine(_plugin.ReadOnly); }
        }
        """);
}
