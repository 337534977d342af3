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
    public Task A_TorchSharp_method_that_makes_its_Scalar_inside_is_reported_with_the_way_around_it() =>
        Verify.VerifyAsync(Header + """
            class Step
            {
                Tensor Run(Tensor t) => {|#0:t.square()|};
            }
            """,
            new DiagnosticResult("CKPT0009", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
                "'torch.Tensor.square()' hands libtorch a temporary Scalar (an implicit 2: square() is pow(2)) that a garbage collection can free during the native call: multiply the tensor by itself (t.mul(t))"));

    [Fact]
    public Task Norms_activations_ranges_and_draws_that_convert_numbers_inside_are_reported_and_their_safe_forms_are_not() =>
        Verify.VerifyAsync(Header + """
            class Step
            {
                void Run(Tensor t, Scalar start, Scalar stop, Scalar step, Generator g)
                {
                    var norm = {|CKPT0009:torch.linalg.vector_norm(t, 2, new long[] { 1 })|};
                    var squares = {|CKPT0009:torch.square(t)|};
                    var leaky = {|CKPT0009:torch.nn.functional.leaky_relu(t, 0.1)|};
                    var soft = {|CKPT0009:t.softplus()|};
                    var elu = {|CKPT0009:t.elu(1.0)|};
                    var counted = {|CKPT0009:torch.arange(stop)|};
                    var six = {|CKPT0009:torch.arange(6)|};
                    var drawn = {|CKPT0009:torch.normal(0.0, 1.0, new long[] { 3 })|};
                    var fro = torch.linalg.matrix_norm(t, "fro");
                    var range = torch.arange(start, stop, step);
                    var same = t.mul(t).sum(1).sqrt();
                    var relu = torch.nn.functional.relu(t);
                    var noise = torch.empty(3).normal_(0.0, 1.0, g);
                }
            }
            """);

    [Fact]
    public Task Reading_a_tensor_s_value_through_a_Scalar_is_reported_and_item_is_not() =>
        Verify.VerifyAsync(Header + """
            class Step
            {
                double Run(Tensor loss)
                {
                    double a = {|CKPT0009:loss.ToDouble()|};
                    float b = {|CKPT0009:(float)loss|};
                    long c = {|CKPT0009:loss.ToInt64()|};
                    return a + b + c + loss.item<float>();
                }
            }
            """);

    [Fact]
    public Task Modules_whose_forward_makes_a_Scalar_are_reported_where_they_are_created() =>
        Verify.VerifyAsync(Header + """
            class Build
            {
                object Norm() => {|CKPT0009:torch.nn.BatchNorm1d(3)|};
                object Leaky() => {|CKPT0009:torch.nn.LeakyReLU(0.1)|};
                object Layer() => torch.nn.LayerNorm(new long[] { 3 });
                object Relu() => torch.nn.ReLU();
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
