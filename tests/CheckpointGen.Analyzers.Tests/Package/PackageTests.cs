using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace CheckpointGen.Analyzers.Tests.Package;

/// <summary>
/// The CheckpointGen package as a downstream library gets it: packed into a local folder and
/// referenced by version (not by project), the generator and analyzer run in the downstream build
/// and the generated code round-trips. Slow (several restores and builds), so it carries its own
/// category, but it runs by default.
/// </summary>
[Trait("Category", "Package")]
public sealed class PackageTests : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ckpt-package-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _version = "0.0.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");

    [Fact]
    public void Downstream_library_gets_generator_and_analyzer_from_the_package_and_round_trips()
    {
        var feed = Pack();

        var library = Project("Downstream", DownstreamSources.LibraryProject(_version), ("Plugins.cs", DownstreamSources.Plugins), (".editorconfig", DownstreamSources.EditorConfig));
        var build = DotnetCli.Run(library, BuildTimeout, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, "Downstream library failed to build:\n" + build.Output);
        AssertReported(build.Output, "CKPT0003", "ForgetfulPlugin");
        AssertReported(build.Output, "CKPT0005", "s_instances");
        AssertReported(build.Output, "CKPT0007", "_sinceLastLog");
        Assert.DoesNotMatch(new Regex(@"CKPT\d{4}[^\n]*(CountingPlugin|StatelessPlugin)"), build.Output);

        var app = Project("App", DownstreamSources.AppProject(_version, RuntimeInformation.RuntimeIdentifier), ("Program.cs", DownstreamSources.AppProgram));
        var run = DotnetCli.Run(app, BuildTimeout, "run", "-c", "Release");
        Assert.True(run.ExitCode == 0, "Round-trip app failed:\n" + run.Output);
        var original = Regex.Match(run.Output, "^original: (.*)$", RegexOptions.Multiline);
        var restored = Regex.Match(run.Output, "^restored: (.*)$", RegexOptions.Multiline);
        Assert.True(original.Success && restored.Success, run.Output);
        Assert.Contains("batches=2 losses=0.5,0.25 total=0.75 stats=0.5;0.25 shapes=[1,3];[2,3]", original.Groups[1].Value);
        Assert.Equal(original.Groups[1].Value.Trim(), restored.Groups[1].Value.Trim());
        Assert.Matches(new Regex(@"^hooked: stats=0\.5;0\.25 shapes=\[1,3\];\[2,3\]\s*$", RegexOptions.Multiline), run.Output);

        var broken = Project("Broken", DownstreamSources.LibraryProject(_version), ("Broken.cs", DownstreamSources.BrokenPlugins));
        var brokenBuild = DotnetCli.Run(broken, BuildTimeout, "build", "-c", "Release");
        Assert.NotEqual(0, brokenBuild.ExitCode);
        AssertReported(brokenBuild.Output, "CKPT0001", "NotPartial");
        AssertReported(brokenBuild.Output, "CKPT0002", "_random");
        AssertReported(brokenBuild.Output, "CKPT0006", "_renamed");
    }

    private string Pack()
    {
        var repository = RepositoryRoot();
        var feed = Path.Combine(_root, "feed");
        var pack = DotnetCli.Run(repository, BuildTimeout, "pack", Path.Combine("src", "CheckpointGen"), "-c", "Release", "-o", feed, $"-p:PackageVersion={_version}");
        Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);
        Assert.True(File.Exists(Path.Combine(feed, $"CheckpointGen.{_version}.nupkg")), pack.Output);
        File.WriteAllText(Path.Combine(_root, "nuget.config"), DownstreamSources.NuGetConfig(feed));
        return feed;
    }

    private string Project(string name, string projectFile, params (string Name, string Text)[] files)
    {
        var directory = Path.Combine(_root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), projectFile);
        foreach (var (fileName, text) in files) File.WriteAllText(Path.Combine(directory, fileName), text);
        return directory;
    }

    /// <summary>The build output has a diagnostic line with the ID that names the member or type.</summary>
    private static void AssertReported(string output, string id, string name)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(id + ":", StringComparison.Ordinal) && l.Contains($"'{name}'", StringComparison.Ordinal));
        Assert.True(line is not null, $"Expected {id} naming '{name}' in the build output:\n{output}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CheckpointGen.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No CheckpointGen.sln above {AppContext.BaseDirectory}.");
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        // Each run packs a unique version; drop it from the NuGet cache so runs do not pile up.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        try { Directory.Delete(Path.Combine(cache, "checkpointgen", _version), recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
