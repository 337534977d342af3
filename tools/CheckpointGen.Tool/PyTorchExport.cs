using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace CheckpointGen.Tool;

/// <summary>Writes tensors as a PyTorch <c>state_dict</c> file (what <c>torch.load</c> reads) through TorchSharp.PyBridge.</summary>
internal static class PyTorchExport
{
    public static void Write(Stream output, IReadOnlyList<(string Name, string TorchDType, IReadOnlyList<long> Shape, long Length)> tensors, Func<int, byte[]> readBytes)
    {
        var stateDict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            for (int i = 0; i < tensors.Count; i++)
            {
                var (name, dtype, shape, _) = tensors[i];
                if (!Enum.TryParse<ScalarType>(dtype, out var scalarType))
                    throw new ToolException(ExitCodes.Failed, $"Tensor '{name}' has dtype {dtype}, unknown to TorchSharp.");
                var tensor = torch.empty([.. shape], scalarType);
                tensor.bytes = readBytes(i);
                stateDict.Add(name, tensor);
            }
            PyTorchPickler.PickleStateDict(output, stateDict);
        }
        finally
        {
            foreach (var tensor in stateDict.Values) tensor.Dispose();
        }
    }
}
