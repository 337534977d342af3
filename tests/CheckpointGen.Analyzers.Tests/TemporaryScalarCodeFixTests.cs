using CheckpointGen.Analyzers.CodeFixes;
using CheckpointGen.Analyzers.Tests.Verification;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>CKPT0009's fix holds each temporary Scalar argument in a 'using' variable declared before its statement.</summary>
public sealed class TemporaryScalarCodeFixTests
{
    [Fact]
    public Task Hold_declares_a_using_variable_per_argument_named_after_the_parameter() =>
        CodeFixVerifier<TemporaryScalarAnalyzer, HoldScalarCodeFixProvider>.VerifyAsync(
            """
            using TorchSharp;
            using static TorchSharp.torch;
            class Step
            {
                void Run(Tensor p, Tensor g, double lr, double momentum)
                {
                    var alpha = 1;
                    p.add_(g, alpha: {|CKPT0009:-lr|});
                    p.mul_({|CKPT0009:momentum|}).add_(g, {|CKPT0009:1 - momentum|});
                    p.mul_({|CKPT0009:0.5.ToScalar()|});
                }
            }
            """,
            """
            using TorchSharp;
            using static TorchSharp.torch;
            class Step
            {
                void Run(Tensor p, Tensor g, double lr, double momentum)
                {
                    var alpha = 1;
                    using var alpha2 = (-lr).ToScalar();
                    p.add_(g, alpha: alpha2);
                    using var target = momentum.ToScalar();
                    using var alpha3 = (1 - momentum).ToScalar();
                    p.mul_(target).add_(g, alpha3);
                    using var target2 = 0.5.ToScalar();
                    p.mul_(target2);
                }
            }
            """,
            "CKPT0009.HoldScalar");
}
