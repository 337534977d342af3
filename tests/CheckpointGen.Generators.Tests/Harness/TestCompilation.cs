using System.Collections.Immutable;
using CheckpointGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointGen.Generators.Tests.Harness;

/// <summary>Builds in-memory compilations against the runtime (CheckpointGen, TorchSharp, MemoryPack) and runs the generator on them.</summary>
internal static class TestCompilation
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>C# 12 (the newest Roslyn 4.8 knows) with the symbols a net10.0 build defines (MemoryPack's generator reads them).</summary>
    public static readonly CSharpParseOptions ParseOptions = new(
        LanguageVersion.CSharp12,
        preprocessorSymbols: ["NET", "NET8_0_OR_GREATER", "NET9_0_OR_GREATER", "NET10_0_OR_GREATER", "NET10_0"]);

    public static CSharpCompilation Create(params string[] sources) => CreateAssembly("TestAssembly", sources);

    public static CSharpCompilation CreateAssembly(string assemblyName, params string[] sources) =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true,
                generalDiagnosticOption: ReportDiagnostic.Error,
                // As in every SDK build: newer framework assemblies than a package was built against are expected.
                specificDiagnosticOptions: [new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new CheckpointableGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns the compilation with the generated files added and the generated files.</summary>
    public static (Compilation Output, ImmutableArray<GeneratedSourceResult> Generated) Run(CSharpCompilation input)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return (output, result.GeneratedSources);
    }

    /// <summary>
    /// Runs CheckpointGen and MemoryPack's generator (as a real build does), for compiling: the
    /// generated code of [MemoryPackable] types is needed to compile calls to WriteMemoryPack.
    /// </summary>
    public static Compilation RunWithMemoryPack(CSharpCompilation input)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Analyzers", "MemoryPack.Generator.dll");
        var memoryPack = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerFileReference(path, new AssemblyLoader()).GetGenerators(LanguageNames.CSharp);
        var driver = CSharpGeneratorDriver.Create(
            memoryPack.Prepend(new CheckpointableGenerator().AsSourceGenerator()),
            parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(input, out var output, out _);
        return output;
    }

    private sealed class AssemblyLoader : Microsoft.CodeAnalysis.IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath) { }

        public System.Reflection.Assembly LoadFromPath(string fullPath) => System.Reflection.Assembly.LoadFrom(fullPath);
    }

    /// <summary>Every warning or error of the compilation (warnings count as errors: generated code must compile cleanly).</summary>
    /// <remarks>
    /// MemoryPack's own generated formatters are left out: against the net9+ MemoryPack.Core they need
    /// C# 13 ('allows ref struct'), which Roslyn 4.8 (the generator's compiler here) cannot parse.
    /// </remarks>
    public static ImmutableArray<Diagnostic> Problems(Compilation compilation) =>
        compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Where(d => !(d.Location.SourceTree?.FilePath.Contains("MemoryPack.Generator", StringComparison.Ordinal) ?? false))
            .ToImmutableArray();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // Every assembly the test host can load: the framework, the runtime, TorchSharp, MemoryPack.
        string paths = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return paths.Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
