using CheckpointGen.Inspection;
using CheckpointGen.Tests.Format.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Tests.Tensors;

/// <summary>Tensors of every dtype and shape come back with their bytes, and in place when they can.</summary>
public sealed class TensorRoundTripTests
{
    public static TheoryData<ScalarType> DTypes => new()
    {
        ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16,
        ScalarType.Int8, ScalarType.Int16, ScalarType.Int32, ScalarType.Int64,
        ScalarType.Byte, ScalarType.Bool, ScalarType.ComplexFloat32, ScalarType.ComplexFloat64,
    };

    private static Tensor Sample(ScalarType dtype, params long[] shape)
    {
        using Scalar offset = 3.5, zero = 0;
        using var values = Ranges.Of(shape.Aggregate(1L, (a, b) => a * b), float64).reshape(shape).sub(offset);
        return dtype == ScalarType.Bool ? values.gt(zero) : values.to(dtype);
    }

    private static Tensor RoundTrip(Tensor tensor, Tensor? existing = null) =>
        Probe.RoundTrip(w => w.WriteTensor(tensor), r => r.ReadTensor(existing))!;

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Tensor_of_every_dtype_round_trips_its_bytes(ScalarType dtype)
    {
        using var tensor = Sample(dtype, 3, 5);
        using var back = RoundTrip(tensor);
        Assert.Equal(dtype, back.dtype);
        Assert.Equal(tensor.shape, back.shape);
        Assert.Equal(tensor.bytes.ToArray(), back.bytes.ToArray());
    }

    [Fact]
    public void Float_tensor_keeps_nan_payloads_and_signed_zeros()
    {
        float[] values = [BitConverter.UInt32BitsToSingle(0x7FC0BEEF), -0f, float.PositiveInfinity, float.Epsilon];
        using var tensor = torch.tensor(values);
        using var back = RoundTrip(tensor);
        Assert.Equal(tensor.bytes.ToArray(), back.bytes.ToArray());
    }

    [Theory]
    [InlineData(new long[] { 0 })]
    [InlineData(new long[] { 3, 0, 2 })]
    [InlineData(new long[] { 0, 0 })]
    public void Zero_size_tensor_round_trips_with_its_shape(long[] shape)
    {
        using var tensor = zeros(shape, float32);
        using var back = RoundTrip(tensor);
        Assert.Equal(shape, back.shape);
        Assert.Equal(0, back.numel());
    }

    [Fact]
    public void Scalar_tensor_round_trips_as_zero_dimensional()
    {
        using var tensor = torch.tensor(2.5);
        using var back = RoundTrip(tensor);
        Assert.Equal(0, back.dim());
        Assert.Equal(2.5, back.item<double>());
    }

    [Fact]
    public void Transposed_view_is_saved_contiguous_with_its_values()
    {
        using var source = Sample(ScalarType.Float32, 3, 4);
        using var view = source.t();
        Assert.False(view.is_contiguous());
        using var back = RoundTrip(view);
        Assert.Equal(new long[] { 4, 3 }, back.shape);
        Assert.True(back.is_contiguous());
        Assert.True(back.Equals(view.contiguous()));
    }

    [Fact]
    public void Strided_and_offset_slices_keep_their_values()
    {
        using var source = Sample(ScalarType.Int64, 6, 4);
        using var strided = source[TensorIndex.Slice(1, 6, 2), TensorIndex.Slice(1, 3)];
        using var rows = source[TensorIndex.Slice(2, 4)]; // contiguous but starts inside the storage
        Assert.True(rows.is_contiguous());
        using var backStrided = RoundTrip(strided);
        using var backRows = RoundTrip(rows);
        Assert.True(backStrided.Equals(strided.contiguous()));
        Assert.True(backRows.Equals(rows));
    }

    [Fact]
    public void Tensor_referenced_twice_is_saved_once_and_restored_as_one_tensor()
    {
        using var tensor = Sample(ScalarType.Float32, 2, 2);
        byte[] file = CheckpointBytes.Save(new Probe(w => { w.BeginSequence(2); w.WriteTensor(tensor); w.WriteTensor(tensor); }));

        Assert.Single(CheckpointInspector.Inspect(new MemoryStream(file)).Tensors);
        var (first, second) = Probe.Read(file, r => { r.BeginSequence(); return (r.ReadTensor(null)!, r.ReadTensor(null)!); });
        Assert.Same(first, second);
        Assert.True(first.Equals(tensor));
    }

    [Fact]
    public void Matching_existing_tensor_is_filled_in_place()
    {
        using var saved = Sample(ScalarType.Float32, 4, 3);
        using var existing = zeros(4, 3);
        using var back = RoundTrip(saved, existing);
        Assert.Same(existing, back);
        Assert.True(existing.Equals(saved));
    }

    [Fact]
    public void Non_contiguous_existing_tensor_is_filled_in_place()
    {
        using var saved = Sample(ScalarType.Float32, 3, 4);
        using var storage = zeros(4, 3);
        using var existing = storage.t();
        var back = RoundTrip(saved, existing);
        Assert.Same(existing, back);
        Assert.True(existing.Equals(saved));
        Assert.True(storage.t().Equals(saved)); // the bytes landed in the viewed storage
    }

    [Fact]
    public void Existing_tensor_of_another_shape_is_replaced_by_a_new_tensor()
    {
        using var saved = Sample(ScalarType.Float32, 2, 3);
        using var existing = zeros(3, 2);
        using var back = RoundTrip(saved, existing);
        Assert.NotSame(existing, back);
        Assert.True(back.Equals(saved));
        Assert.True(existing.Equals(zeros(3, 2)));
    }

    [Fact]
    public void Requires_grad_is_restored_on_new_tensors()
    {
        using var saved = Sample(ScalarType.Float32, 2).requires_grad_(true);
        using var back = RoundTrip(saved);
        Assert.True(back.requires_grad);
    }

    [Fact]
    public void Null_tensor_round_trips_as_null() =>
        Assert.Null(Probe.RoundTrip(w => w.WriteTensor(null), r => r.ReadTensor(null)));

    [Fact]
    public void Generator_state_round_trips()
    {
        var generator = new torch.Generator(1234);
        using var _ = randn(10, generator: generator); // advance past the seed
        byte[] file = CheckpointBytes.Save(new Probe(w => w.WriteObject(generator)));
        using var expected = randn(5, generator: generator);

        var fresh = new torch.Generator(1);
        Probe.Read(file, r => r.ReadObject(fresh));
        using var actual = randn(5, generator: fresh);
        Assert.True(actual.Equals(expected));
    }
}
