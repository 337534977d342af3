using System.Buffers.Binary;

namespace CheckpointGen.Tool;

/// <summary>Reads stored tensor elements (little-endian, by TorchSharp dtype name) as numbers for comparison.</summary>
internal static class TensorValues
{
    /// <summary>
    /// The largest absolute difference between two tensors of the same dtype and length (NaN in one and
    /// not the other counts as infinite); null for a dtype without an order (complex).
    /// </summary>
    public static double? MaxAbsDifference(string dtype, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (dtype.StartsWith("Complex", StringComparison.Ordinal)) return null;
        int size = ElementSize(dtype);
        double max = 0;
        for (int offset = 0; offset + size <= a.Length; offset += size)
        {
            var (x, y) = (Element(dtype, a[offset..]), Element(dtype, b[offset..]));
            double difference = double.IsNaN(x) || double.IsNaN(y) ? (double.IsNaN(x) && double.IsNaN(y) ? 0 : double.PositiveInfinity) : Math.Abs(x - y);
            if (difference > max) max = difference;
        }
        return max;
    }

    public static int ElementSize(string dtype) => dtype switch
    {
        "Bool" or "Byte" or "Int8" => 1,
        "Int16" or "Float16" or "BFloat16" => 2,
        "Int32" or "Float32" => 4,
        "Int64" or "Float64" or "ComplexFloat32" => 8,
        "ComplexFloat64" => 16,
        _ => throw new ToolException(ExitCodes.Failed, $"Tensors of dtype {dtype} cannot be compared element by element."),
    };

    /// <summary>One element as a double.</summary>
    private static double Element(string dtype, ReadOnlySpan<byte> bytes) => dtype switch
    {
        "Bool" or "Byte" => bytes[0],
        "Int8" => (sbyte)bytes[0],
        "Int16" => BinaryPrimitives.ReadInt16LittleEndian(bytes),
        "Int32" => BinaryPrimitives.ReadInt32LittleEndian(bytes),
        "Int64" => BinaryPrimitives.ReadInt64LittleEndian(bytes),
        "Float16" => (double)BinaryPrimitives.ReadHalfLittleEndian(bytes),
        "BFloat16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes) << 16),
        "Float32" => BinaryPrimitives.ReadSingleLittleEndian(bytes),
        "Float64" => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
        _ => throw new ToolException(ExitCodes.Failed, $"Tensors of dtype {dtype} cannot be compared element by element."),
    };
}
