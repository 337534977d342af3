using System.Diagnostics;
using CheckpointGen.AzureBlob;
using CheckpointGen.ObjectStorage.Tests;
using CheckpointGen.S3;
using CheckpointGen.Storage.ObjectStores;
using CheckpointGen.Tool.Tests.Support;

namespace CheckpointGen.Tool.Tests;

/// <summary>ls, verify, cp and prune on Azurite and s3rver run prefixes (see <see cref="ObjectStoreServers"/>).</summary>
public sealed class ObjectStoreCommandTests : ToolTestBase
{
    private static string[] Rows(ToolResult result) => result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();

    [ObjectStoreTheory]
    [InlineData("azure")]
    [InlineData("s3")]
    public void Cp_from_a_folder_to_an_object_store_and_back_keeps_every_byte_and_ls_and_verify_read_the_store(string backend)
    {
        string store = ObjectStoreServers.FreshPrefix(backend, "tool");
        string source = StorageWithSteps("source", 1, 2);
        Assert.Equal(ExitCodes.Ok, Run("cp", source, store).ExitCode);

        var listed = Run("ls", store);
        Assert.Equal(ExitCodes.Ok, listed.ExitCode);
        var rows = Rows(listed);
        Assert.Equal(2, rows.Length);
        Assert.StartsWith("2", rows[0].Trim());
        Assert.StartsWith("1", rows[1].Trim());
        Assert.All(rows, row => Assert.Contains("verified", row));
        Assert.Contains($"{new FileInfo(Directory.GetFiles(source, "*2.ckpt").Single()).Length:N0}", rows[0]);
        Assert.Equal(ExitCodes.Ok, Run("verify", store).ExitCode);

        Assert.Equal(ExitCodes.Ok, Run("cp", store, PathOf("back")).ExitCode);
        var originals = Directory.GetFiles(source, "*.ckpt").Order().ToArray();
        Assert.Equal(originals.Select(Path.GetFileName), Directory.GetFiles(PathOf("back"), "*.ckpt").Order().Select(Path.GetFileName));
        foreach (var file in originals)
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(PathOf("back", Path.GetFileName(file))));
    }

    [ObjectStoreTheory]
    [InlineData("azure")]
    [InlineData("s3")]
    public void Prune_of_an_object_store_keeps_the_newest_n(string backend)
    {
        string store = ObjectStoreServers.FreshPrefix(backend, "tool");
        Assert.Equal(ExitCodes.Ok, Run("cp", StorageWithSteps("source", 1, 2, 3), store).ExitCode);
        var result = Run("prune", store, "--keep", "1");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("deleted 2", result.Output);
        var rows = Rows(Run("ls", store));
        Assert.StartsWith("3", Assert.Single(rows).Trim());
    }

    [ObjectStoreTheory]
    [InlineData("azure")]
    [InlineData("s3")]
    public void Ls_of_a_prefix_a_run_holds_fails_quickly_naming_the_holder(string backend)
    {
        string store = ObjectStoreServers.FreshPrefix(backend, "tool");
        var address = ObjectStoreAddress.TryParse(store)!;
        using ObjectStoreCheckpointStorage held = backend == "azure"
            ? AzureBlobCheckpointStorage.OpenFromEnvironment(address.Container, address.Prefix)
            : S3CheckpointStorage.OpenFromEnvironment(address.Container, address.Prefix);
        var clock = Stopwatch.StartNew();
        var result = Run("ls", store);
        result.AssertOneLineError(ExitCodes.Failed, $"locked by process {Environment.ProcessId}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"ls took {clock.Elapsed.TotalSeconds:F1} s to give up");
    }

    [Fact]
    public void An_object_store_address_without_a_run_prefix_is_not_understood()
    {
        Run("ls", "s3://bucket").AssertOneLineError(ExitCodes.NotFound, "a run prefix");
        Run("ls", "azure://container/").AssertOneLineError(ExitCodes.NotFound, "a run prefix");
    }
}
