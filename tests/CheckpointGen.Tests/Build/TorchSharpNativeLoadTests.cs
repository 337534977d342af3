using TorchSharp;
using Xunit;

namespace CheckpointGen.Tests.Build;

/// <summary>
/// Guards build/TorchSharpNativeFix.targets: TorchSharp must load in the test host with no manual
/// step, and the fix must only ever touch the output copy of libLibTorchSharp.so.
/// </summary>
public sealed class TorchSharpNativeLoadTests
{
    private const string NativeLibrary = "libLibTorchSharp.so";
    private const string PatchedVersion = "GLIBCXX_3.4.32";

    [Fact]
    public void Torch_loads_and_multiplies_matrices()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var product = torch.matmul(a, a);

        Assert.Equal(new long[] { 2, 2 }, product.shape);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, product.data<float>().ToArray());
    }

    [Fact]
    public void Patch_touches_only_the_output_copy()
    {
        if (!OperatingSystem.IsLinux())
            return;

        string output = OutputCopy();
        string cache = NuGetCacheCopy();

        // The package file must stay as published, whatever this machine's libstdc++ is.
        Assert.False(ElfVersionNeeds.IsWeak(cache, PatchedVersion), $"NuGet cache copy was modified: {cache}");

        // Where the build patched, the output must be a separate file: had it stayed a hard link
        // (or symlink) to the cache, the cache copy would be weak too. Where the machine's
        // libstdc++ is new enough, the build must have left the copy alone.
        bool? outputWeak = ElfVersionNeeds.IsWeak(output, PatchedVersion);
        Assert.NotNull(outputWeak);
        if (outputWeak == true)
            Assert.Null(new FileInfo(output).LinkTarget);
        else
            Assert.Equal(File.ReadAllBytes(cache), File.ReadAllBytes(output));
    }

    private static string OutputCopy()
    {
        // With a RuntimeIdentifier natives land next to the assemblies, otherwise under runtimes/.
        string[] candidates =
        {
            Path.Combine(AppContext.BaseDirectory, NativeLibrary),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", NativeLibrary),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{NativeLibrary} not in the test output", AppContext.BaseDirectory);
    }

    private static string NuGetCacheCopy()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        Version version = typeof(torch).Assembly.GetName().Version!;
        string path = Path.Combine(packages, "torchsharp", version.ToString(3), "runtimes", "linux-x64", "native", NativeLibrary);
        Assert.True(File.Exists(path), $"NuGet cache copy not found at {path}");
        return path;
    }
}
