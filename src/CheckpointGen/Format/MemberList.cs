namespace CheckpointGen.Format;

/// <summary>The member list of a component, a record or a column group (docs/format.md): key, length and value of each member until the list's end.</summary>
internal static class MemberList
{
    /// <summary>Reads the next member's key (a string index, checked) and where its value lies in the list; false at the end of the list.</summary>
    public static bool TryReadNext(ref ByteSource s, int stringCount, out int key, out int start, out int length)
    {
        if (s.AtEnd)
        {
            key = start = length = 0;
            return false;
        }
        ulong index = s.ReadVarUInt();
        if (index >= (ulong)stringCount) throw s.Fail($"a member names key string {index}, but there are only {stringCount} strings");
        uint bytes = s.Read<uint>();
        if (bytes > (uint)s.Remaining) throw s.Fail($"member length {bytes} at offset {s.Position} exceeds the {s.Remaining} bytes left");
        key = (int)index;
        start = s.Position;
        length = (int)bytes;
        s.Take(length);
        return true;
    }
}
