using CheckpointGen.Generators.Classification;
using CheckpointGen.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Tests;

/// <summary>The shared classification: which members are saved, with which shapes, and why a type cannot be checkpointed.</summary>
public class ClassificationTests
{
    internal static TypeClassification Classify(string source, string typeName)
    {
        var compilation = TestCompilation.Create(source);
        var type = compilation.GetTypeByMetadataName(typeName) ?? throw new InvalidOperationException($"{typeName} not found: " + string.Join("\n", compilation.GetDiagnostics().Take(5)));
        return MemberClassifier.Classify(type);
    }

    [Fact]
    public void Every_snapshot_case_type_classifies_without_problems()
    {
        var result = Classify(SnapshotCases.All["Struct"], "Samples.Moments");
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
    }
}
