using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace CheckpointGen.Analyzers.Tests.Verification;

/// <summary>
/// What test sources compile against: the .NET reference assemblies of the SDK this test runs on
/// (no download), the CheckpointGen runtime (its attributes) and TorchSharp (tensor-typed members).
/// </summary>
internal static class TestReferences
{
    /// <summary>No package resolution: every reference is added explicitly below.</summary>
    public static ReferenceAssemblies None { get; } = new ReferenceAssemblies("net10.0");

    public static ImmutableArray<MetadataReference> All { get; } = Create();

    private static ImmutableArray<MetadataReference> Create()
    {
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var path in FrameworkAssemblies()) references.Add(MetadataReference.CreateFromFile(path));
        references.Add(MetadataReference.CreateFromFile(typeof(CheckpointableAttribute).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location));
        return references.ToImmutable();
    }

    /// <summary>
    /// The reference pack matching the running runtime (dotnet/packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/net10.0),
    /// falling back to the runtime's own assemblies when the pack is not installed.
    /// </summary>
    private static IEnumerable<string> FrameworkAssemblies()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packs = new DirectoryInfo(Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref"));
        var refDirectory = packs.Exists
            ? packs.GetDirectories()
                .Where(d => Version.TryParse(d.Name.Split('-')[0], out var v) && v.Major == Environment.Version.Major)
                .OrderByDescending(d => Version.Parse(d.Name.Split('-')[0]))
                .Select(d => Path.Combine(d.FullName, "ref", $"net{Environment.Version.Major}.0"))
                .FirstOrDefault(Directory.Exists)
            : null;
        var directory = refDirectory ?? runtimeDirectory;
        return Directory.GetFiles(directory, "*.dll").Where(IsManagedAssembly);
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
