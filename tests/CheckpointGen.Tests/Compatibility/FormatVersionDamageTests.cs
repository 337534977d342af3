using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;

namespace CheckpointGen.Tests.Compatibility;

/// <summary>
/// The files of every earlier format version, damaged: truncated anywhere, or mutated behind
/// recomputed checksums, they restore and list or fail with a <see cref="CheckpointException"/>, never
/// anything else, so the reader is fuzzed over every layout a file can have (sequences of records and
/// of object references before 1.1 and 1.3, inline arrays before 1.2).
/// </summary>
public sealed class FormatVersionDamageTests
{
    [Theory]
    [MemberData(nameof(FormatVersionTests.Versions), MemberType = typeof(FormatVersionTests))]
    public void A_truncated_file_of_an_earlier_format_is_a_format_error(string version)
    {
        byte[] file = FormatVersionTests.FileOf(version);
        for (int length = 0; length < file.Length; length += length < 128 ? 1 : 13)
        {
            var e = Record.Exception(() => Checkpoint.Restore(FormatVersionTests.Target(), new MemoryStream(file, 0, length, writable: false)));
            Assert.True(e is CheckpointFormatException, $"truncated to {length}: {e?.GetType().Name ?? "no exception"} {e?.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(FormatVersionTests.Versions), MemberType = typeof(FormatVersionTests))]
    public void Mutations_of_the_manifest_of_a_file_of_an_earlier_format_throw_only_checkpoint_exceptions(string version)
    {
        byte[] file = FormatVersionTests.FileOf(version);
        byte[] manifest = CheckpointBytes.ManifestOf(file);
        var random = new Random(1400 + int.Parse(version.Replace(".", ""), System.Globalization.CultureInfo.InvariantCulture));
        for (int iteration = 0; iteration < 600; iteration++)
        {
            byte[] crafted = CheckpointBytes.Rebuild(file, manifest: Mutations.Apply(manifest, random, out string how));
            var restore = Record.Exception(() => Checkpoint.Restore(FormatVersionTests.Target(), new MemoryStream(crafted, writable: false)));
            Assert.True(restore is null or CheckpointException, $"restore, iteration {iteration} ({how}): {restore}");
            var inspect = Record.Exception(() => CheckpointInspector.Inspect(new MemoryStream(crafted)).Render());
            Assert.True(inspect is null or CheckpointException, $"inspect, iteration {iteration} ({how}): {inspect}");
        }
    }
}
