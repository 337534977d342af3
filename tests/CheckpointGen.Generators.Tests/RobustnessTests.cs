using CheckpointGen.Generators.Tests.Harness;

namespace CheckpointGen.Generators.Tests;

/// <summary>Half-written or invalid code never makes the generator throw; types that cannot be checkpointed get no code.</summary>
public class RobustnessTests
{
    [Theory]
    [InlineData("""
        using CheckpointGen;
        [Checkpointable]
        public partial class Broken { private int _a = ; private List<int> _b
        """)]
    [InlineData("""
        using CheckpointGen;
        [Checkpointable]
        public partial class UsesMissingType { private MissingType _value; private int _count; }
        """)]
    [InlineData("""
        using CheckpointGen;
        [Checkpointable]
        public partial class Half<T> : MissingBase<T> where T : { private T _value
        """)]
    [InlineData("""
        using CheckpointGen;
        [Checkpointable]
        public partial class { }
        """)]
    [InlineData("""
        using CheckpointGen;
        [Checkpointable(42)]
        public partial struct WrongAttributeArguments { public int A; [CheckpointKey] public int B; [CheckpointKey(null)] public int C; }
        """)]
    public void Broken_code_does_not_make_the_generator_throw(string source)
    {
        var (_, generated) = TestCompilation.Run(TestCompilation.Create(source));
        Assert.All(generated, g => Assert.DoesNotContain("MissingType", g.SourceText.ToString()));
    }

    [Theory]
    [InlineData("[Checkpointable] public class NotPartial { private int _a; }")]
    [InlineData("public class Outer { [Checkpointable] public partial class Inner { private int _a; } }")]
    [InlineData("[Checkpointable] public partial class HoldsDelegate { private System.Action? _callback; }")]
    [InlineData("[Checkpointable] public partial class HoldsRandom { private System.Random _random = new(); }")]
    [InlineData("[Checkpointable] public partial class DuplicateKeys { [CheckpointKey(\"a\")] private int _x; [CheckpointKey(\"a\")] private int _y; }")]
    [InlineData("[Checkpointable] public partial class ObsoleteAsError { [System.Obsolete(\"gone\", true)] public int Old { get; set; } }")]
    [InlineData("[Checkpointable] public partial struct BrokenStruct { public System.Action Callback; } [Checkpointable] public partial class HoldsBrokenStruct { private BrokenStruct _s; }")]
    [InlineData("[Checkpointable] public ref partial struct RefStruct { private int _a; }")]
    [InlineData("[Checkpointable] public class NotPartialBase { private int _a; } [Checkpointable] public partial class DerivesFromIt : NotPartialBase { private int _b; }")]
    public void A_type_that_cannot_be_checkpointed_gets_no_code(string declaration)
    {
        var (_, generated) = TestCompilation.Run(TestCompilation.Create("using CheckpointGen;\n" + declaration));
        Assert.Empty(generated);
    }
}
