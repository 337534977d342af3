using CheckpointGen.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis.Testing;
using Verify = CheckpointGen.Analyzers.Tests.Verification.AnalyzerVerifier<CheckpointGen.Analyzers.TemporaryScalarAnalyzer>;

namespace CheckpointGen.Analyzers.Tests;

public sealed class TemporaryScalarTests
{
    private const string Header = """
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        """;

    [Fact]
    public Task A_number_converted_to_a_Scalar_argument_is_reported_with_the_parameter_and_the_type_it_came_from() =>
        Verify.VerifyAsync(Header + """
            class Step
            {
                void Run(Tensor p, Tensor g, double lr) => p.add_(g, alpha: {|#0:-lr|});
            }
            """,
            new DiagnosticResult("CKPT0009", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
                "'torch.Tensor.add_(torch.Tensor, Scalar)' hands libtorch a temporary Scalar (argument 'alpha', a 'double' converted to a Scalar) that a garbage collection can free during the native call: hold it in a 'using' variable (using var s = x.ToScalar();) and pass that"));

    [Fact]
    public Task Inline_Scalars_and_conversions_in_operands_indexers_and_factories_are_reported() =>
        Verify.VerifyAsync(Header + """
            class Step
            {
                void Run(Tensor t, double x)
                {
                    t.mul_({|CKPT0009:0.5|});
                    t.mul_({|CKPT0009:x.ToScalar()|});
                    t.clamp_({|CKPT0009:(Scalar)0|}, null);
                    var mask = t < {|CKPT0009:0|};
                    var full = torch.full(3, {|CKPT0009:x|});
                }
            }
            """);

    [Fact]
    public Task Scalars_held_in_variables_fields_or_properties_are_not_reported() =>
        Verify.VerifyAsync(Header + """
            class Step
            {
                private readonly Scalar _half = 0.5.ToScalar();
                private Scalar Two { get; } = 2.ToScalar();

                void Run(Tensor t, Scalar given)
                {
                    using var s = 0.25.ToScalar();
                    t.mul_(s).mul_(_half).pow_(Two).add_(t, given);
                    t.clamp_(null, s);
                    var sum = t - t;
                    var product = t * t;
                }
            }
            """);

    [Fact]
    public Task TorchSharp_operators_that_make_a_Scalar_themselves_are_reported() =>
        Verify.VerifyAsync(Header + """
            class Step
            {
                void Run(Tensor a, Tensor b, double x)
                {
                    var sum = {|CKPT0009:a + b|};
                    var scaled = {|CKPT0009:a * x|};
                    var shifted = {|CKPT0009:1 - a|};
                    var ratio = {|CKPT0009:a / 2L|};
                    {|CKPT0009:a += b|};
                }
            }
            """);

    [Fact]
    public Task TorchSharp_methods_that_pass_an_implicit_1_are_reported_and_their_full_overloads_are_not() =>
        Verify.VerifyAsync(Header + """
            class Step
            {
                void Run(Tensor a, Tensor b, Tensor c, Scalar one)
                {
                    {|CKPT0009:a.add_(b)|};
                    var sum = {|CKPT0009:torch.add(a, b)|};
                    {|CKPT0009:a.addcdiv_(b, c)|};
                    a.add_(b, one);
                    a.addcdiv_(b, c, one);
                    a.addcmul_(b, c, one);
                }
            }
            """);

    [Fact]
    public Task TorchSharp_s_own_optimizers_are_reported_with_their_GC_safe_counterpart() =>
        Verify.VerifyAsync(Header + """
            using System.Collections.Generic;
            class Build
            {
                object Sgd(IEnumerable<Parameter> ps) => {|#0:torch.optim.SGD(ps, 0.1)|};
                object Adam(IEnumerable<Parameter> ps) => {|CKPT0009:new Adam(ps)|};
                object Lbfgs(IEnumerable<Parameter> ps) => torch.optim.LBFGS(ps);
            }
            """,
            new DiagnosticResult("CKPT0009", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
                "'TorchSharp.Modules.SGD' hands libtorch a temporary Scalar (in every step) that a garbage collection can free during the native call: use 'GcSafeSgd' from CheckpointGen.Training.Optimizers, which computes the same bits"));

    [Fact]
    public Task A_subclass_of_a_TorchSharp_optimizer_is_not_reported() =>
        Verify.VerifyAsync(Header + """
            using System.Collections.Generic;
            sealed class MySgd : SGD
            {
                public MySgd(IEnumerable<Parameter> ps) : base(ps, 0.1) { }
            }
            class Build
            {
                object Make(IEnumerable<Parameter> ps) => new MySgd(ps);
            }
            """);
}
