using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Tests.Tensors;

/// <summary>
/// Tensors saved on CUDA devices, on a machine without CUDA. The files are made by rewriting the
/// tensor table of a CPU checkpoint (the bytes are the same wherever the tensor lived). With a
/// CUDA machine the cpu→cuda and cuda→cuda paths would move the staged CPU tensor with
/// <c>Tensor.to(device)</c>; here they must fail with a clear message instead.
/// </summary>
public sealed class DeviceRemapTests
{
    private static readonly float[] Values = [1.5f, -2f, 3.25f];

    private static byte[] SavedOn(string type, int index)
    {
        using var tensor = torch.tensor(Values);
        byte[] cpuFile = CheckpointBytes.Save(new Probe(w => w.WriteTensor(tensor)));
        return CheckpointBytes.WithTensorTable(cpuFile, entries => { entries[0].DeviceType = type; entries[0].DeviceIndex = index; });
    }

    private static Tensor Load(byte[] file, CheckpointLoadOptions? options) => Probe.Read(file, r => r.ReadTensor(null)!, options);

    [Fact]
    public void Rewritten_file_records_cuda_1()
    {
        Assert.False(torch.cuda.is_available(), "these tests assume a machine without CUDA");
        Assert.Equal("cuda:1", CheckpointInspector.Inspect(new MemoryStream(SavedOn("cuda", 1))).Tensors[0].Device);
    }

    [Fact]
    public void Cuda_tensor_without_a_map_is_a_mismatch_suggesting_MapLocation()
    {
        var e = Assert.Throws<CheckpointMismatchException>(() => Load(SavedOn("cuda", 1), null));
        Assert.Contains("cuda:1", e.Message);
        Assert.Contains("no CUDA", e.Message);
        Assert.Contains("MapLocation", e.Message);
    }

    [Fact]
    public void MapLocation_cpu_loads_a_cuda_tensor_on_the_cpu()
    {
        using var back = Load(SavedOn("cuda", 1), new CheckpointLoadOptions { MapLocation = CPU });
        Assert.Equal(DeviceType.CPU, back.device_type);
        Assert.Equal(Values, back.data<float>().ToArray());
    }

    [Fact]
    public void MapDevice_is_called_with_the_saved_device_and_can_send_it_to_the_cpu()
    {
        var seen = new List<(DeviceType, int)>();
        using var back = Load(SavedOn("cuda", 1), new CheckpointLoadOptions
        {
            MapDevice = d => { seen.Add((d.type, d.index)); return d.type == DeviceType.CUDA ? CPU : d; },
        });
        Assert.Equal([(DeviceType.CUDA, 1)], seen);
        Assert.Equal(DeviceType.CPU, back.device_type);
        Assert.Equal(Values, back.data<float>().ToArray());
    }

    [Fact]
    public void MapDevice_cuda0_to_cuda1_sees_the_saved_device_and_fails_clearly_without_cuda()
    {
        var seen = new List<(DeviceType, int)>();
        var e = Assert.Throws<CheckpointMismatchException>(() => Load(SavedOn("cuda", 0), new CheckpointLoadOptions
        {
            MapDevice = d => { seen.Add((d.type, d.index)); return new torch.Device(DeviceType.CUDA, 1); },
        }));
        Assert.Equal([(DeviceType.CUDA, 0)], seen);
        Assert.Contains("cuda:1", e.Message);
        Assert.Contains("no CUDA", e.Message);
        Assert.Contains("device map", e.Message);
    }

    [Fact]
    public void Cpu_tensor_mapped_to_cuda_fails_clearly_without_cuda()
    {
        // torch.CUDA / torch.device("cuda") refuse to exist here (TorchSharp initialises the backend);
        // a Device built with its constructor reaches the checkpoint's own check.
        Assert.Throws<InvalidOperationException>(() => CUDA);
        var e = Assert.Throws<CheckpointMismatchException>(() => Load(SavedOn("cpu", -1), new CheckpointLoadOptions { MapLocation = new torch.Device(DeviceType.CUDA, 0) }));
        Assert.Contains("saved on cpu", e.Message);
        Assert.Contains("cuda:0", e.Message);
        Assert.Contains("no CUDA", e.Message);
    }
}
