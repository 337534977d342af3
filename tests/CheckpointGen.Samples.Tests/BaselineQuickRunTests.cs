using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CheckpointGen.Samples.Tests;

/// <summary>
/// CI's short version of every baseline (issue 6): the published settings on a few hundred samples
/// per experience, one epoch. The full runs and their figures are in docs/baselines.md.
/// </summary>
public sealed partial class BaselineQuickRunTests
{
    public static TheoryData<string> Names => new(
        "naive-til", "naive-til-upfront", "naive-cil", "si-til", "lwf-cil", "si-pmnist", "gem-pmnist", "agem-pmnist", "ewc-pmnist",
        "mas-til", "lfl-pmnist", "naive-pmnist", "replay-cil", "gdumb-cil", "cumulative-cil", "joint-cil",
        "mir-smnist", "mir-pmnist", "online-replay-smnist", "gss-smnist", "er-ace-cil", "er-ace-online-smnist", "er-aml-cil", "der-cil", "derpp-cil",
        "rwalk-til", "from-scratch-cil",
        "icarl-cil", "bic-cil", "cope-smnist", "generative-replay-cil");

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_quick_version_of_each_baseline_trains_every_experience_and_reports_a_stream_accuracy(string name)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Baselines.dll"));
        start.ArgumentList.Add(name);
        start.ArgumentList.Add("--quick");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        string output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{name} --quick failed:\n{output}");
        var result = ResultLine().Match(output);
        Assert.True(result.Success, $"No RESULT line:\n{output}");
        double accuracy = double.Parse(result.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(accuracy, 0.0, 1.0);
        // Better than chance on the classes of the stream: the strategy really learned something.
        Assert.True(accuracy > 0.15, $"{name}: stream accuracy {accuracy} is no better than chance:\n{output}");
    }

    [GeneratedRegex(@"RESULT \S+ stream accuracy ([0-9.]+)")]
    private static partial Regex ResultLine();
}
