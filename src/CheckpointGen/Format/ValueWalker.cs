using System.Runtime.InteropServices;

namespace CheckpointGen.Format;

/// <summary>
/// Steps over stored values of any kind through <see cref="ValueDecoder.ReadPayload"/> (so every length
/// and reference is checked as when the value is restored), without recursion: no stored nesting can
/// overflow the stack. The inspector collects the references inside a value with it; a reader skips
/// values it must not restore with it, never following an object reference.
/// </summary>
internal sealed class ValueWalker(ValueDecoder decoder)
{
    /// <summary>Steps over one value, adding the components, tensors and blocks it refers to (rows of column groups included) to the lists given.</summary>
    public void Skip(ref ByteSource outer, List<int>? objects = null, List<int>? tensors = null, List<int>? blocks = null)
    {
        // Each frame is a byte range holding `pending` values, or (for records and column groups) a member list.
        var frames = new Stack<Frame>();
        var top = new Frame(outer, 1, isMemberList: false);
        frames.Push(top);
        while (frames.Count > 0)
        {
            var frame = frames.Peek();
            if (frame.IsMemberList)
            {
                if (MemberList.TryReadNext(ref frame.Source, decoder.Strings.Length, out _, out int start, out int length))
                    frames.Push(new Frame(frame.Source.Over(frame.Source.Memory.Slice(start, length)), 1, isMemberList: false));
                else frames.Pop();
                continue;
            }
            if (frame.Pending == 0) { frames.Pop(); continue; }
            frame.Pending--;
            var payload = decoder.ReadPayload(ref frame.Source, (ValueTag)frame.Source.ReadByte());
            frame.Pending += payload.Values;
            if (payload.Component >= 0) objects?.Add(payload.Component);
            if (payload.Tensor >= 0) tensors?.Add(payload.Tensor);
            if (payload.Block >= 0) blocks?.Add(payload.Block);
            if (objects is not null)
                foreach (int id in MemoryMarshal.Cast<byte, int>(payload.ElementIds.Span))
                    if (id != FileLayout.NullId) objects.Add(id);
            if (payload.Members is { } members) frames.Push(new Frame(frame.Source.Over(members), 0, isMemberList: true));
        }
        outer.Seek(top.Source.Position);
    }

    private sealed class Frame(ByteSource source, long pending, bool isMemberList)
    {
        public ByteSource Source = source;
        public long Pending = pending;
        public bool IsMemberList { get; } = isMemberList;
    }
}
