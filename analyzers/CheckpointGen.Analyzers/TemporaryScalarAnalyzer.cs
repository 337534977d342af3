using System.Collections.Immutable;
using CheckpointGen.Generators.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CheckpointGen.Analyzers;

/// <summary>
/// CKPT0009: a TorchSharp <c>Scalar</c> that nothing references is handed to a native call. TorchSharp passes its
/// handle as a bare pointer, so a garbage collection during the call can finalize it and free the <c>c10::Scalar</c>
/// libtorch is reading (docs/diagnostics/CKPT0009.md). Reported for a Scalar argument or operand that is not a
/// variable, field or property (an implicit conversion from a number, <c>ToScalar()</c> inline), for TorchSharp
/// operators, conversions and methods that make such a Scalar themselves (<see cref="HiddenScalarMembers"/>), and for
/// TorchSharp's own optimizers and the modules whose <c>step</c> or <c>forward</c> does.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TemporaryScalarAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property naming the fix that applies: hold the argument in a <c>using</c> variable.</summary>
    public const string FixProperty = "fix";

    /// <summary>Value of <see cref="FixProperty"/> for a temporary Scalar argument the code fix can hold.</summary>
    public const string HoldArgument = "hold";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.TemporaryScalar);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (TorchSharpSymbols.TryCreate(start.Compilation) is not { } torch) return;
            start.RegisterOperationAction(c => AnalyzeArgument(c, torch), OperationKind.Argument);
            start.RegisterOperationAction(c => AnalyzeOperator(c, torch), OperationKind.Binary, OperationKind.CompoundAssignment);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, torch), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeCreation(c, torch), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeConversion(c, torch), OperationKind.Conversion);
        });
    }

    private static void AnalyzeArgument(OperationAnalysisContext context, TorchSharpSymbols torch)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is not { } parameter || !torch.IsScalar(parameter.Type)) return;
        if (!IsTemporary(argument.Value, torch)) return;
        // A method that makes a Scalar of its own is reported once, with advice that covers its arguments too.
        if (argument.Parent is IInvocationOperation invocation && torch.HiddenScalarOf(invocation.TargetMethod) is not null) return;
        var properties = ImmutableDictionary<string, string?>.Empty.Add(FixProperty, HoldArgument);
        Report(context, argument.Value.Syntax.GetLocation(), properties, Display(parameter.ContainingSymbol),
            $"argument '{parameter.Name}', {Origin(argument.Value, torch)}", "hold it in a 'using' variable (using var s = x.ToScalar();) and pass that");
    }

    private static void AnalyzeOperator(OperationAnalysisContext context, TorchSharpSymbols torch)
    {
        var (method, left, right) = context.Operation switch
        {
            IBinaryOperation binary => (binary.OperatorMethod, binary.LeftOperand, binary.RightOperand),
            ICompoundAssignmentOperation compound => (compound.OperatorMethod, compound.Target, compound.Value),
            _ => (null, null!, null!),
        };
        if (method is null || method.Parameters.Length != 2) return;
        if (torch.OperatorCreatesHiddenScalar(method))
        {
            Report(context, context.Operation.Syntax.GetLocation(), null, Display(method),
                "made by the operator itself", "call the Tensor method with a Scalar held in a 'using' variable (add with alpha, sub, mul, div)");
            return;
        }
        var operands = new[] { left, right };
        for (int i = 0; i < 2; i++)
            if (torch.IsScalar(method.Parameters[i].Type) && IsTemporary(operands[i], torch))
                Report(context, operands[i].Syntax.GetLocation(), null, Display(method),
                    $"an operand, {Origin(operands[i], torch)}", "hold it in a 'using' variable (using var s = x.ToScalar();) and use that");
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, TorchSharpSymbols torch)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (torch.HiddenScalarOf(method) is { } entry)
            Report(context, invocation.Syntax.GetLocation(), null, Display(method), entry.Which, entry.Advice);
        else if (SymbolEqualityComparer.Default.Equals(method.ContainingType?.ContainingType, torch.Torch)
            && method.ReturnType is INamedTypeSymbol created && torch.HazardousTypes.TryGetValue(created, out var made))
            ReportType(context, invocation.Syntax.GetLocation(), created, made);
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, TorchSharpSymbols torch)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is INamedTypeSymbol created && torch.HazardousTypes.TryGetValue(created, out var made))
            ReportType(context, creation.Syntax.GetLocation(), created, made);
    }

    private static void AnalyzeConversion(OperationAnalysisContext context, TorchSharpSymbols torch)
    {
        var conversion = (IConversionOperation)context.Operation;
        if (torch.IsNumberConversion(conversion.OperatorMethod))
            Report(context, conversion.Syntax.GetLocation(), null, Display(conversion.OperatorMethod!),
                HiddenScalarMembers.ConversionWhich, HiddenScalarMembers.ConversionAdvice);
    }

    private static void ReportType(OperationAnalysisContext context, Location location, INamedTypeSymbol type, HiddenScalarMembers.TypeEntry made) =>
        Report(context, location, null, type.ToDisplayString(), made.Which, made.Advice);

    private static void Report(OperationAnalysisContext context, Location location, ImmutableDictionary<string, string?>? properties, string member, string which, string advice) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TemporaryScalar, location, properties, member, which, advice));

    /// <summary>A Scalar value nothing else references: anything but a variable, parameter, field, property or null.</summary>
    private static bool IsTemporary(IOperation value, TorchSharpSymbols torch)
    {
        while (true)
        {
            switch (value)
            {
                case IParenthesizedOperation parenthesized:
                    value = parenthesized.Operand;
                    continue;
                case IConversionOperation conversion when torch.IsScalar(conversion.Operand.Type):
                    value = conversion.Operand;
                    continue;
                case ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation:
                    return false;
                default:
                    return !(value.ConstantValue.HasValue && value.ConstantValue.Value is null);
            }
        }
    }

    private static string Origin(IOperation value, TorchSharpSymbols torch)
    {
        while (value is IParenthesizedOperation parenthesized) value = parenthesized.Operand;
        return value is IConversionOperation conversion && !torch.IsScalar(conversion.Operand.Type) && conversion.Operand.Type is { } from
            ? $"a '{from.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' converted to a Scalar"
            : "a Scalar nothing else references";
    }

    private static string Display(ISymbol symbol) => symbol.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
}
