using CheckpointGen.Reading;
using CheckpointGen.Writing;
using TorchSharp;
using CheckpointGen.Tests.Tensors;

namespace CheckpointGen.Tests.Format.Support;

// Hand-written ICheckpointable types shaped like the code the source generator will emit.

/// <summary>A linked-list node: nested objects, shared references, cycles and deep chains.</summary>
internal sealed class Node : ICheckpointable
{
    public int Value;
    public Node? Next;
    public string Label = "";

    public void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember("value"); writer.WriteInt32(Value); writer.EndMember();
        writer.BeginMember("label"); writer.WriteString(Label); writer.EndMember();
        writer.BeginMember("next"); writer.WriteObject(Next); writer.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader reader)
    {
        if (reader.TryBeginMember("value")) { Value = reader.ReadInt32(); reader.EndMember(); }
        if (reader.TryBeginMember("label")) { Label = reader.ReadString()!; reader.EndMember(); }
        if (reader.TryBeginMember("next")) { Next = reader.ReadObject(Next, () => new Node()); reader.EndMember(); }
    }

    public static Node Chain(int length)
    {
        var head = new Node { Value = 0, Label = "n0" };
        var current = head;
        for (int i = 1; i < length; i++)
        {
            current.Next = new Node { Value = i, Label = "n" + i };
            current = current.Next;
        }
        return head;
    }
}

/// <summary>Two members that may point at the same object.</summary>
internal sealed class Pair : ICheckpointable
{
    public Node? Left;
    public Node? Right;

    public void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember("left"); writer.WriteObject(Left); writer.EndMember();
        writer.BeginMember("right"); writer.WriteObject(Right); writer.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader reader)
    {
        if (reader.TryBeginMember("left")) { Left = reader.ReadObject(Left, () => new Node()); reader.EndMember(); }
        if (reader.TryBeginMember("right")) { Right = reader.ReadObject(Right, () => new Node()); reader.EndMember(); }
    }
}

/// <summary>A checkpointable struct, stored inline with <see cref="CheckpointWriter.WriteRecord{T}"/>.</summary>
internal struct Point : ICheckpointable
{
    public double X;
    public double Y;
    public string? Name;

    public void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember("x"); writer.WriteDouble(X); writer.EndMember();
        writer.BeginMember("y"); writer.WriteDouble(Y); writer.EndMember();
        writer.BeginMember("name"); writer.WriteString(Name); writer.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader reader)
    {
        if (reader.TryBeginMember("x")) { X = reader.ReadDouble(); reader.EndMember(); }
        if (reader.TryBeginMember("y")) { Y = reader.ReadDouble(); reader.EndMember(); }
        if (reader.TryBeginMember("name")) { Name = reader.ReadString(); reader.EndMember(); }
    }
}

/// <summary>
/// A realistic small training state: a model, an extra tensor, a generator, a nested component
/// and some scalars — several components and several tensors, for corruption and listing tests.
/// </summary>
internal sealed class TrainingState : ICheckpointable
{
    public torch.nn.Module<torch.Tensor, torch.Tensor> Model = torch.nn.Linear(4, 3);
    public torch.Tensor Ema = Ranges.Of(12, torch.float32).reshape(3, 4);
    public torch.Tensor Mask = torch.tensor(new[] { true, false, true, true });
    public Node History = Node.Chain(3);
    public int Epoch = 7;
    public double[] Losses = [0.5, 0.25, 0.125];
    // 1,200 bytes: above the block threshold, so corruption and fuzz tests reach a block.
    public float[] Replay = [.. Enumerable.Range(0, 300).Select(i => i * 0.5f)];

    public void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.BeginMember("epoch"); writer.WriteInt32(Epoch); writer.EndMember();
        writer.BeginMember("losses"); writer.WritePrimitiveArray<double>(Losses); writer.EndMember();
        writer.BeginMember("model"); writer.WriteObject(Model); writer.EndMember();
        writer.BeginMember("ema"); writer.WriteTensor(Ema); writer.EndMember();
        writer.BeginMember("mask"); writer.WriteTensor(Mask); writer.EndMember();
        writer.BeginMember("history"); writer.WriteObject(History); writer.EndMember();
        writer.BeginMember("replay"); writer.WritePrimitiveArray(Replay); writer.EndMember();
    }

    public void ReadCheckpoint(CheckpointReader reader)
    {
        if (reader.TryBeginMember("epoch")) { Epoch = reader.ReadInt32(); reader.EndMember(); }
        if (reader.TryBeginMember("losses")) { Losses = reader.ReadPrimitiveArray<double>(); reader.EndMember(); }
        if (reader.TryBeginMember("model")) { reader.ReadObject(Model); reader.EndMember(); }
        if (reader.TryBeginMember("ema")) { Ema = reader.ReadTensor(Ema)!; reader.EndMember(); }
        if (reader.TryBeginMember("mask")) { Mask = reader.ReadTensor(Mask)!; reader.EndMember(); }
        if (reader.TryBeginMember("history")) { History = reader.ReadObject(History, () => new Node())!; reader.EndMember(); }
        if (reader.TryBeginMember("replay")) { Replay = reader.ReadPrimitiveArray(Replay); reader.EndMember(); }
    }
}
