using System.Runtime.CompilerServices;
using System.Text;
using CheckpointGen.Generators.Tests.Harness;

namespace CheckpointGen.Generators.Tests;

/// <summary>
/// The generated code of representative inputs, compared with Snapshots/&lt;case&gt;.txt. Set
/// CHECKPOINTGEN_UPDATE_SNAPSHOTS=1 to rewrite the snapshots (then review the diff).
/// </summary>
public class SnapshotTests
{
    public static TheoryData<string> Cases => new(SnapshotCases.All.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_code_matches_its_snapshot(string name)
    {
        var (_, generated) = TestCompilation.Run(TestCompilation.Create(SnapshotCases.All[name]));
        var actual = new StringBuilder();
        foreach (var file in generated.OrderBy(f => f.HintName, StringComparer.Ordinal))
            actual.Append("// ===== ").Append(file.HintName).Append(" =====\n").Append(file.SourceText.ToString());

        string path = Path.Combine(SnapshotDirectory(), name + ".txt");
        if (Environment.GetEnvironmentVariable("CHECKPOINTGEN_UPDATE_SNAPSHOTS") == "1")
            File.WriteAllText(path, actual.ToString());
        Assert.True(File.Exists(path), $"No snapshot {path}: run with CHECKPOINTGEN_UPDATE_SNAPSHOTS=1 to create it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_code_compiles_without_warnings(string name)
    {
        var input = TestCompilation.Create(SnapshotCases.All[name]);
        var (_, generated) = TestCompilation.Run(input);
        Assert.NotEmpty(generated);
        var problems = TestCompilation.Problems(TestCompilation.RunWithMemoryPack(input));
        Assert.True(problems.IsEmpty, string.Join("\n", problems) + "\n\n" + string.Join("\n\n", generated.Select(g => g.SourceText.ToString())));
    }

    private static string SnapshotDirectory([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Snapshots");
}
