using CheckpointGen.Benchmarks.Data;
using TorchSharp;

namespace CheckpointGen.Benchmarks.Tests;

public class IdxReaderTests
{
    [Fact]
    public void Valid_raw_file_loads_into_one_uint8_tensor_with_the_header_dimensions()
    {
        using var dir = new TempFolder();
        string path = Idx.WriteImages(dir.File("images-idx3-ubyte"), count: 5, rows: 4, cols: 3);

        var array = IdxReader.Read(path, 3);
        using var data = array.Data;

        Assert.Equal([5, 4, 3], array.Dims);
        Assert.Equal(torch.ScalarType.Byte, data.dtype);
        Assert.Equal(new long[] { 5, 4, 3 }, data.shape);
        Assert.Equal(Idx.Pixels(5, 4, 3), data.bytes.ToArray());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), array.Sha256Hex);
    }

    [Theory]
    [InlineData("labels-idx1-ubyte.gz")]
    [InlineData("labels-without-extension")]
    public void Gzip_files_are_recognised_by_content_and_hashed_uncompressed(string name)
    {
        using var dir = new TempFolder();
        byte[] labels = [3, 1, 4, 1, 5, 9, 2, 6];
        string path = Idx.WriteLabels(dir.File(name), labels, gzip: true);

        var array = IdxReader.Read(path, 1);
        using var data = array.Data;

        Assert.Equal(labels, data.bytes.ToArray());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Idx.Bytes([8], labels))), array.Sha256Hex);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncation_at_every_length_is_a_format_error_naming_the_file(bool gzip)
    {
        using var dir = new TempFolder();
        byte[] full = Idx.Bytes([3, 2, 2], Idx.Pixels(3, 2, 2));
        for (int length = 0; length < full.Length; length++)
        {
            string path = Idx.Write(dir.File($"cut-{length}"), full[..length], gzip);
            var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path, 3));
            Assert.Equal(path, e.FilePath);
            Assert.Contains(path, e.Message);
            Assert.Contains("truncated", e.Message);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bytes_after_the_data_are_a_format_error(bool gzip)
    {
        using var dir = new TempFolder();
        string path = Idx.Write(dir.File("long"), [.. Idx.Bytes([2], [1, 2]), 0], gzip);
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path, 1));
        Assert.Contains("unexpected bytes after the data", e.Message);
    }

    [Fact]
    public void Wrong_magic_number_is_a_format_error()
    {
        using var dir = new TempFolder();
        byte[] bytes = Idx.Bytes([2], [1, 2]);
        bytes[0] = 0x1A; // not gzip, not IDX
        string path = Idx.Write(dir.File("magic"), bytes);
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path, 1));
        Assert.Contains("wrong magic number 0x1A000801", e.Message);
    }

    [Fact]
    public void Element_types_other_than_unsigned_byte_are_refused()
    {
        using var dir = new TempFolder();
        string path = Idx.Write(dir.File("floats"), Idx.Bytes([1], [0, 0, 0, 0], type: 0x0D));
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path, 1));
        Assert.Contains("element type 0x0D", e.Message);
    }

    [Fact]
    public void A_label_file_where_images_are_expected_is_a_rank_error()
    {
        using var dir = new TempFolder();
        string path = Idx.WriteLabels(dir.File("labels"), [1, 2, 3]);
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path, 3));
        Assert.Contains("has 1 dimensions, expected 3", e.Message);
    }

    [Fact]
    public void A_zero_dimension_is_a_format_error()
    {
        using var dir = new TempFolder();
        string path = Idx.Write(dir.File("zero"), Idx.Bytes([0, 28, 28], []));
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path, 3));
        Assert.Contains("dimension 0 is 0", e.Message);
    }

    [Fact]
    public void A_damaged_gzip_stream_is_a_format_error()
    {
        using var dir = new TempFolder();
        string good = Idx.WriteLabels(dir.File("good.gz"), Enumerable.Range(0, 200).Select(i => (byte)i).ToArray(), gzip: true);
        byte[] bytes = File.ReadAllBytes(good);
        for (int i = 12; i < bytes.Length - 8; i++) bytes[i] ^= 0x5A;
        string path = Idx.Write(dir.File("bad.gz"), bytes);
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path, 1));
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void Image_and_label_files_with_different_counts_are_refused_together()
    {
        using var dir = new TempFolder();
        string images = Idx.WriteImages(dir.File("images"), count: 4);
        string labels = Idx.WriteLabels(dir.File("labels"), [0, 1, 2]);
        var e = Assert.Throws<IdxFormatException>(() => IdxDataset.Load("tiny", "train", images, labels));
        Assert.Contains("holds 3 labels", e.Message);
        Assert.Contains(images, e.Message);
        Assert.Equal(labels, e.FilePath);
    }

    [Fact]
    public void A_matching_pair_becomes_a_dataset_with_a_channel_dimension()
    {
        using var dir = new TempFolder();
        string images = Idx.WriteImages(dir.File("images.gz"), count: 3, gzip: true);
        string labels = Idx.WriteLabels(dir.File("labels"), [2, 0, 1]);
        using var dataset = IdxDataset.Load("tiny", "train", images, labels);
        Assert.Equal(new long[] { 3, 1, 4, 3 }, dataset.Inputs.shape);
        Assert.Equal([2, 0, 1], dataset.TargetArray.ToArray());
        Assert.Equal([0, 1, 2], dataset.Classes);
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-idx-" + Guid.NewGuid());
        var e = Assert.Throws<FileNotFoundException>(() => IdxReader.Read(path, 1));
        Assert.Contains(path, e.Message);
    }
}
