using MemoryPack;

namespace CheckpointGen.Tests.Format.Support;

/// <summary>A [MemoryPackable] value, stored through <see cref="CheckpointGen.Writing.CheckpointWriter.WriteMemoryPack{T}"/>.</summary>
[MemoryPackable]
public sealed partial record Settings(string Name, int[] Steps, double Rate, Dictionary<string, int> Counts);
