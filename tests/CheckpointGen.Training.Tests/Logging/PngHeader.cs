using System.Buffers.Binary;

namespace CheckpointGen.Training.Tests.Logging;

/// <summary>Reads a PNG's signature and IHDR chunk (width, height) from the PNG specification.</summary>
internal static class PngHeader
{
    public static (int Width, int Height) Size(byte[] png)
    {
        Assert.True(png.Length > 33, "A PNG has at least a signature and an IHDR chunk.");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
