using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers;

/// <summary>
/// The start every CKPT analyzer shares: generated code is not analysed, actions run concurrently,
/// and a compilation that does not reference the CheckpointGen runtime gets no action at all.
/// </summary>
public abstract class CheckpointAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = KnownSymbols.For(start.Compilation);
            if (symbols.HasRuntime) Start(start, symbols);
        });
    }

    /// <summary>Registers the analyzer's actions for a compilation that references the runtime.</summary>
    private protected abstract void Start(CompilationStartAnalysisContext context, KnownSymbols symbols);
}
