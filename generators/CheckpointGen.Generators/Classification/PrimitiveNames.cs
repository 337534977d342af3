namespace CheckpointGen.Generators.Classification;

/// <summary>The scalar kinds the writer and reader have methods for, by method suffix.</summary>
internal static class PrimitiveNames
{
    /// <summary>True for the unmanaged kinds that <c>WritePrimitiveArray</c> block-copies.</summary>
    public static bool IsUnmanaged(string suffix) => suffix switch
    {
        "Boolean" or "SByte" or "Byte" or "Int16" or "UInt16" or "Int32" or "UInt32" or "Int64" or "UInt64"
            or "Half" or "Single" or "Double" or "Decimal" or "Char" => true,
        _ => false,
    };

    /// <summary>The C# type of a scalar suffix (for casts and block copies).</summary>
    public static string CSharpType(string suffix) => suffix switch
    {
        "Boolean" => "bool",
        "SByte" => "sbyte",
        "Byte" => "byte",
        "Int16" => "short",
        "UInt16" => "ushort",
        "Int32" => "int",
        "UInt32" => "uint",
        "Int64" => "long",
        "UInt64" => "ulong",
        "Single" => "float",
        "Double" => "double",
        "Decimal" => "decimal",
        "Char" => "char",
        "String" => "string",
        _ => "global::System." + suffix,
    };
}
