using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Regularization;

/// <summary>
/// Per-parameter tensors keyed by the parameter's dotted name (Avalanche's <c>copy_params_dict</c>,
/// <c>zerolike_params_dict</c> and <c>ParamData.expand</c>), and the flat gradient vector that the
/// projection strategies work on. Every tensor made here is detached from autograd and from any
/// dispose scope: it is plugin state that outlives the iteration that created it.
/// </summary>
internal static class ParameterMaps
{
    /// <summary>A detached copy of every named parameter.</summary>
    public static Dictionary<string, Tensor> Copy(nn.Module model)
    {
        var copy = new Dictionary<string, Tensor>();
        using var noGrad = no_grad();
        foreach (var (name, p) in model.named_parameters())
            copy[name] = p.detach().clone().DetachFromDisposeScope();
        return copy;
    }

    /// <summary>A zero tensor shaped like every named parameter.</summary>
    public static Dictionary<string, Tensor> ZerosLike(nn.Module model)
    {
        var zeros = new Dictionary<string, Tensor>();
        foreach (var (name, p) in model.named_parameters())
            zeros[name] = torch.zeros_like(p).DetachFromDisposeScope();
        return zeros;
    }

    /// <summary>
    /// <paramref name="saved"/> grown to <paramref name="shape"/> with zeros (its values in the leading
    /// slice of every dimension), as Avalanche's <c>ParamData.expand</c> does when a layer grew after the
    /// tensor was saved. The same tensor when the shape already matches.
    /// </summary>
    public static Tensor Expand(Tensor saved, long[] shape)
    {
        if (saved.shape.SequenceEqual(shape)) return saved;
        if (saved.dim() != shape.Length)
            throw new InvalidOperationException($"A saved tensor of shape [{string.Join(", ", saved.shape)}] cannot grow into shape [{string.Join(", ", shape)}]: different rank.");
        for (int d = 0; d < shape.Length; d++)
            if (saved.shape[d] > shape[d])
                throw new InvalidOperationException($"A saved tensor of shape [{string.Join(", ", saved.shape)}] is larger than the parameter it regularizes ([{string.Join(", ", shape)}]); parameters may grow, not shrink.");
        var grown = torch.zeros(shape, saved.dtype, saved.device);
        LeadingSlice(grown, saved.shape).copy_(saved);
        return grown;
    }

    /// <summary>The view of <paramref name="tensor"/> covering the first <paramref name="lengths"/> elements of every dimension.</summary>
    public static Tensor LeadingSlice(Tensor tensor, long[] lengths)
    {
        var view = tensor.alias();
        for (int d = 0; d < lengths.Length; d++)
            if (lengths[d] != tensor.shape[d]) view = view.narrow(d, 0, lengths[d]);
        return view;
    }

    /// <summary>All gradients of <paramref name="model"/> as one flat vector, in parameter order (zeros where a parameter has no gradient).</summary>
    public static Tensor FlatGradients(nn.Module model)
    {
        var pieces = new List<Tensor>();
        foreach (var p in model.parameters())
            pieces.Add(p.grad is { } g ? g.reshape(-1) : torch.zeros(p.numel(), p.dtype, p.device));
        return torch.cat(pieces, 0);
    }

    /// <summary>Writes a flat vector from <see cref="FlatGradients"/> back into the gradients (parameters without a gradient are skipped, as in Avalanche).</summary>
    public static void SetFlatGradients(nn.Module model, Tensor flat)
    {
        using var noGrad = no_grad();
        long offset = 0;
        foreach (var p in model.parameters())
        {
            long n = p.numel();
            if (p.grad is { } g) g.copy_(flat.narrow(0, offset, n).view_as(g));
            offset += n;
        }
        if (offset != flat.shape[0])
            throw new InvalidOperationException($"The projected gradient has {flat.shape[0]} elements but the model has {offset} parameters.");
    }

    /// <summary>Disposes every tensor of <paramref name="map"/> and empties it.</summary>
    public static void Release(Dictionary<string, Tensor>? map)
    {
        if (map is null) return;
        foreach (var t in map.Values) t.Dispose();
        map.Clear();
    }
}
