using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Benchmarks.Data;

/// <summary>Builds a <see cref="TensorDataset"/> from a pair of IDX files (inputs of any rank ≥ 2, labels of rank 1).</summary>
public static class IdxDataset
{
    /// <summary>
    /// Reads <paramref name="inputsPath"/> (rank <paramref name="inputRank"/>) and <paramref name="labelsPath"/>
    /// and checks that they hold the same number of items. Nothing is returned unless both are valid.
    /// </summary>
    /// <exception cref="IdxFormatException">Either file is malformed, or their counts differ.</exception>
    public static TensorDataset Load(string name, string split, string inputsPath, string labelsPath,
        int inputRank = 3, PixelNormalization? normalization = null, bool addChannelDimension = true)
    {
        var inputs = IdxReader.Read(inputsPath, inputRank);
        IdxArray? labels = null;
        try
        {
            labels = IdxReader.Read(labelsPath, 1);
            if (labels.Dims[0] != inputs.Dims[0])
                throw new IdxFormatException(labelsPath,
                    $"holds {labels.Dims[0]} labels but '{inputsPath}' holds {inputs.Dims[0]} items: the counts must be equal");
            var inputTensor = addChannelDimension ? inputs.Data.unsqueeze(1) : inputs.Data.alias();
            var dataset = new TensorDataset(name, split, inputTensor, labels.Data.to_type(ScalarType.Int64), normalization);
            inputs.Data.Dispose();
            labels.Data.Dispose();
            return dataset;
        }
        catch
        {
            inputs.Data.Dispose();
            labels?.Data.Dispose();
            throw;
        }
    }
}
