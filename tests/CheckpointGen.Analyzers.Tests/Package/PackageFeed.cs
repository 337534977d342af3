namespace CheckpointGen.Analyzers.Tests.Package;

/// <summary>
/// A local feed with the CheckpointGen, CheckpointGen.Benchmarks and CheckpointGen.Training packages
/// at a unique version, packed once (one `dotnet pack` of a solution filter) for every package test,
/// plus the nuget.config that downstream projects under <see cref="Root"/> pick up.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    private static readonly string[] PackedProjects = ["src/CheckpointGen/CheckpointGen.csproj", "src/CheckpointGen.Benchmarks/CheckpointGen.Benchmarks.csproj", "src/CheckpointGen.Training/CheckpointGen.Training.csproj"];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "ckpt-package-" + Guid.NewGuid().ToString("N")[..8]);

    public string Version { get; } = "0.0.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>Why packing failed (each test reports it), or null.</summary>
    public string? Failure { get; }

    public PackageFeed()
    {
        Directory.CreateDirectory(Root);
        var repository = RepositoryRoot();
        var filter = Path.Combine(Root, "packages.slnf");
        var projects = string.Join(", ", PackedProjects.Select(p => $"\"{p}\""));
        File.WriteAllText(filter, $$"""{ "solution": { "path": "{{Path.Combine(repository, "CheckpointGen.sln")}}", "projects": [{{projects}}] } }""");
        var pack = DotnetCli.Run(repository, BuildTimeout, "pack", filter, "-c", "Release", "-o", Feed, $"-p:PackageVersion={Version}");
        var missing = new[] { "CheckpointGen", "CheckpointGen.Benchmarks", "CheckpointGen.Training" }.Where(id => !File.Exists(Path.Combine(Feed, $"{id}.{Version}.nupkg"))).ToList();
        if (pack.ExitCode != 0 || missing.Count > 0) Failure = $"dotnet pack failed (missing: {string.Join(", ", missing)}):\n{pack.Output}";
        File.WriteAllText(Path.Combine(Root, "nuget.config"), DownstreamSources.NuGetConfig(Feed));
    }

    /// <summary>Creates a downstream project folder under <see cref="Root"/>.</summary>
    public string Project(string name, string projectFile, params (string Name, string Text)[] files)
    {
        var directory = Path.Combine(Root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), projectFile);
        foreach (var (fileName, text) in files) File.WriteAllText(Path.Combine(directory, fileName), text);
        return directory;
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CheckpointGen.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No CheckpointGen.sln above {AppContext.BaseDirectory}.");
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        // Each run packs a unique version; drop it from the NuGet cache so runs do not pile up.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "checkpointgen", "checkpointgen.benchmarks", "checkpointgen.training" })
        {
            try { Directory.Delete(Path.Combine(cache, id, Version), recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
