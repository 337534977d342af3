using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace CheckpointGen.Analyzers.Tests.Package;

/// <summary>
/// The packages as downstream libraries get them: packed into a local folder and referenced by
/// version (not by project), the generator and analyzer run in the downstream build and the
/// generated code round-trips. Slow (one pack, several restores and builds), so it carries its own
/// category, but it runs by default.
/// </summary>
[Trait("Category", "Package")]
public sealed class PackageTests(PackageFeed feed) : IClassFixture<PackageFeed>
{
    private static readonly TimeSpan BuildTimeout = PackageFeed.BuildTimeout;

    [Fact]
    public void Downstream_library_gets_generator_and_analyzer_from_the_package_and_round_trips()
    {
        Assert.True(feed.Failure is null, feed.Failure);
        string version = feed.Version;

        var library = feed.Project("Downstream", DownstreamSources.LibraryProject(version), ("Plugins.cs", DownstreamSources.Plugins), (".editorconfig", DownstreamSources.EditorConfig));
        var build = DotnetCli.Run(library, BuildTimeout, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, "Downstream library failed to build:\n" + build.Output);
        AssertReported(build.Output, "CKPT0003", "ForgetfulPlugin");
        AssertReported(build.Output, "CKPT0005", "s_instances");
        AssertReported(build.Output, "CKPT0007", "_sinceLastLog");
        Assert.DoesNotMatch(new Regex(@"CKPT\d{4}[^\n]*(CountingPlugin|StatelessPlugin)"), build.Output);

        // The application adds its TorchSharp backend itself: the CheckpointGen package depends on TorchSharp only.
        var app = feed.Project("App", DownstreamSources.AppProject(version, RuntimeInformation.RuntimeIdentifier), ("Program.cs", DownstreamSources.AppProgram));
        var run = DotnetCli.Run(app, BuildTimeout, "run", "-c", "Release");
        Assert.True(run.ExitCode == 0, "Round-trip app failed:\n" + run.Output);
        var original = Regex.Match(run.Output, "^original: (.*)$", RegexOptions.Multiline);
        var restored = Regex.Match(run.Output, "^restored: (.*)$", RegexOptions.Multiline);
        Assert.True(original.Success && restored.Success, run.Output);
        Assert.Contains("batches=2 losses=0.5,0.25 total=0.75 stats=0.5;0.25 shapes=[1,3];[2,3]", original.Groups[1].Value);
        Assert.Equal(original.Groups[1].Value.Trim(), restored.Groups[1].Value.Trim());
        Assert.Matches(new Regex(@"^hooked: stats=0\.5;0\.25 shapes=\[1,3\];\[2,3\]\s*$", RegexOptions.Multiline), run.Output);

        var broken = feed.Project("Broken", DownstreamSources.LibraryProject(version), ("Broken.cs", DownstreamSources.BrokenPlugins));
        var brokenBuild = DotnetCli.Run(broken, BuildTimeout, "build", "-c", "Release");
        Assert.NotEqual(0, brokenBuild.ExitCode);
        AssertReported(brokenBuild.Output, "CKPT0001", "NotPartial");
        AssertReported(brokenBuild.Output, "CKPT0002", "_random");
        AssertReported(brokenBuild.Output, "CKPT0006", "_renamed");
    }

    /// <summary>
    /// A strategy library on CheckpointGen.Training alone gets the generator and the analyzer; an
    /// application on it and TorchSharp-cpu (loadable on Debian 12 through the package's
    /// buildTransitive native-library fix) is killed during SplitMNIST training and resumes to the
    /// same final state as an uninterrupted run. Needs MNIST in ~/.cache/checkpointgen (CI fetches it).
    /// </summary>
    [Fact]
    public void Strategy_library_on_the_training_package_is_analyzed_and_its_application_resumes_bit_identical_after_a_kill()
    {
        Assert.True(feed.Failure is null, feed.Failure);
        var library = feed.Project("StrategyLib", StrategyLibrarySources.LibraryProject(feed.Version), ("Strategy.cs", StrategyLibrarySources.Strategy));
        var build = DotnetCli.Run(library, BuildTimeout, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, "Strategy library failed to build:\n" + build.Output);
        AssertReported(build.Output, "CKPT0003", "_printedLosses");
        Assert.DoesNotMatch(new Regex(@"CKPT\d{4}[^\n]*(JitteredPenaltyPlugin|JitteredNaive)"), build.Output);

        var app = feed.Project("StrategyApp", StrategyLibrarySources.AppProject(feed.Version, RuntimeInformation.RuntimeIdentifier), ("Program.cs", StrategyLibrarySources.AppProgram));
        var appBuild = DotnetCli.Run(app, BuildTimeout, "build", "-c", "Release");
        Assert.True(appBuild.ExitCode == 0, "Strategy application failed to build:\n" + appBuild.Output);
        string executable = Path.Combine(app, "bin", "Release", "net10.0", RuntimeInformation.RuntimeIdentifier, "StrategyApp.dll");

        var uninterrupted = AppRun.Start(executable, Path.Combine(feed.Root, "run-uninterrupted"));
        Assert.True(uninterrupted.WaitForExit(BuildTimeout) == 0, "Uninterrupted run failed:\n" + uninterrupted.Output);

        string folder = Path.Combine(feed.Root, "run-killed");
        var killed = AppRun.Start(executable, folder, "15");
        Assert.True(killed.WaitForLine("waiting to be killed", BuildTimeout), "The run never reached iteration 15:\n" + killed.Output);
        killed.Kill();
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "checkpoints"), "*.ckpt"));
        var resumed = AppRun.Start(executable, folder);
        Assert.True(resumed.WaitForExit(BuildTimeout) == 0, "Resumed run failed:\n" + resumed.Output);

        var expected = Regex.Match(uninterrupted.Output, "^final: (.*)$", RegexOptions.Multiline);
        var actual = Regex.Match(resumed.Output, "^final: (.*)$", RegexOptions.Multiline);
        Assert.True(expected.Success && actual.Success, uninterrupted.Output + "\n" + resumed.Output);
        Assert.True(expected.Groups[1].Value.Contains("iterations=20", StringComparison.Ordinal), uninterrupted.Output);
        Assert.Equal(expected.Groups[1].Value.Trim(), actual.Groups[1].Value.Trim());
    }

    /// <summary>The build output has a diagnostic line with the ID that names the member or type.</summary>
    private static void AssertReported(string output, string id, string name)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(id + ":", StringComparison.Ordinal) && l.Contains($"'{name}'", StringComparison.Ordinal));
        Assert.True(line is not null, $"Expected {id} naming '{name}' in the build output:\n{output}");
    }
}
