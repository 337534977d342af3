using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Classic;
using CheckpointGen.Benchmarks.Data;
using CheckpointGen.Benchmarks.Scenarios;
using CheckpointGen.Randomness;
using CheckpointGen.Training.Models;
using CheckpointGen.Training.Storage;
using CheckpointGen.Training.Strategies;
using CheckpointGen.Training.Templates;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.PerfBenchmarks;

/// <summary>
/// Training throughput of DER++ through the template (<see cref="DER"/>: a memory minibatch and its stored
/// logits beside every minibatch, the logits of the experience computed after it, a class-balanced buffer
/// update) against the same algorithm written by hand in TorchSharp, on SplitMNIST's first experience
/// (class-incremental, seed 1234: 11,263 real MNIST images) with a buffer already filled from the second.
/// Both: SimpleMlp 784-512-10 (dropout 0.5), SGD lr 0.01 momentum 0.9, minibatches of 32 plus 32 memory
/// samples, memory of 500, α 0.1, β 0.5. The hand-written loop keeps its memory as tensors and uses
/// <see cref="ClassBalancedBuffer"/> only for the update after the epoch. One operation is one experience
/// (one epoch and the update); times are per image, so the template's throughput relative to the loop
/// written by hand is 1 / Ratio (issue 17's target: at least 0.95).
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project tests/CheckpointGen.PerfBenchmarks -- --filter '*DerThroughput*'</c></remarks>
[MemoryDiagnoser]
public class DerThroughputBenchmarks
{
    private const int Images = 11_263;
    private const int BatchSize = 32;
    private const int MemSize = 500;
    private const double Alpha = 0.1;
    private const double Beta = 0.5;
    private const int Seed = 1234;

    private Experience _current = null!;
    private DER _template = null!;
    private HandWrittenDer _hand = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        RngManager.SetRandomSeeds(Seed);
        var benchmark = SplitMnist.Create(5, returnTaskId: false, seed: Seed);
        _current = benchmark.TrainStream[0];
        if (_current.Dataset.Count != Images)
            throw new InvalidOperationException($"SplitMNIST's first experience has {_current.Dataset.Count} images, not the {Images} this benchmark's per-image times assume.");
        var filler = benchmark.TrainStream[1];

        var model = new SimpleMlp(numClasses: 10, inputSize: 28 * 28);
        _template = new DER(model, optim.SGD(model.parameters(), 0.01, momentum: 0.9), nn.CrossEntropyLoss(), MemSize, BatchSize, Alpha, Beta,
            new TemplateOptions { TrainMbSize = BatchSize, EvalMbSize = BatchSize });
        _template.Train(filler);

        _hand = new HandWrittenDer(_current.Dataset);
        _hand.Update(filler.Dataset);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Images, Description = "DER++ written by hand in TorchSharp, per image")]
    public long HandWritten() => _hand.TrainExperience();

    [Benchmark(OperationsPerInvoke = Images, Description = "DER++ through the template, per image")]
    public long Template()
    {
        _template.Train(_current);
        return _template.Clock.TrainIterations;
    }

    /// <summary>DER++ as a plain loop over tensors: the experience's data, the memory's inputs, labels and logits.</summary>
    private sealed class HandWrittenDer
    {
        private readonly SimpleMlp _model = new(numClasses: 10, inputSize: 28 * 28);
        private readonly optim.Optimizer _optimizer;
        private readonly DatasetView _data;
        private readonly Tensor _inputs;
        private readonly Tensor _targets;
        private readonly ClassBalancedBuffer _buffer = new(MemSize, adaptiveSize: true);
        private Tensor? _memoryInputs;
        private Tensor? _memoryTargets;
        private Tensor? _memoryLogits;

        public HandWrittenDer(DatasetView data)
        {
            _optimizer = optim.SGD(_model.parameters(), 0.01, momentum: 0.9);
            _data = data;
            _inputs = data.GatherInputs(Enumerable.Range(0, data.Count).ToArray(), modelInputs: true).DetachFromDisposeScope();
            _targets = tensor(data.Targets.ToArray().Select(t => (long)t).ToArray()).DetachFromDisposeScope();
        }

        public long TrainExperience()
        {
            _model.train();
            long seen = 0;
            long memoryCount = _memoryInputs!.shape[0];
            using var order = randperm(Images);
            var memoryOrder = randperm(memoryCount);
            long memoryNext = 0;
            using var alpha = Alpha.ToScalar();
            using var beta = Beta.ToScalar();
            for (long start = 0; start < Images; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                long length = Math.Min(BatchSize, Images - start);
                if (memoryNext + BatchSize > memoryCount)
                {
                    memoryOrder.Dispose();
                    memoryOrder = randperm(memoryCount).DetachFromDisposeScope();
                    memoryNext = 0;
                }
                var index = order.narrow(0, start, length);
                var memoryIndex = memoryOrder.narrow(0, memoryNext, BatchSize);
                memoryNext += BatchSize;
                var x = cat([_inputs.index_select(0, index), _memoryInputs.index_select(0, memoryIndex)], 0);
                var y = cat([_targets.index_select(0, index), _memoryTargets!.index_select(0, memoryIndex)], 0);
                var logits = _memoryLogits!.index_select(0, memoryIndex);
                foreach (var p in _model.parameters()) p.grad = null;
                var output = _model.call(x);
                var loss = nn.functional.cross_entropy(output.narrow(0, 0, length), y.narrow(0, 0, length))
                    .add(nn.functional.mse_loss(output.narrow(0, length, BatchSize), logits).mul(alpha))
                    .add(nn.functional.cross_entropy(output.narrow(0, length, BatchSize), y.narrow(0, length, BatchSize)).mul(beta));
                loss.backward();
                _optimizer.step();
                seen += length;
            }
            memoryOrder.Dispose();
            Update(_data);
            return seen;
        }

        /// <summary>The experience's logits in evaluation mode, then the class-balanced update and the memory tensors gathered again.</summary>
        public void Update(DatasetView data)
        {
            Tensor logits;
            using (var scope = NewDisposeScope())
            {
                _model.eval();
                using var noGrad = no_grad();
                var all = data.GatherInputs(Enumerable.Range(0, data.Count).ToArray(), modelInputs: true);
                var rows = new List<Tensor>();
                for (long start = 0; start < data.Count; start += BatchSize)
                    rows.Add(_model.call(all.narrow(0, start, Math.Min(BatchSize, data.Count - start))));
                logits = cat(rows, 0).MoveToOuterDisposeScope();
                _model.train();
            }
            _buffer.UpdateFromDataset(data, logits);
            logits.Dispose();
            _memoryInputs?.Dispose();
            _memoryTargets?.Dispose();
            _memoryLogits?.Dispose();
            var buffer = _buffer.Buffer!;
            _memoryInputs = buffer.GatherInputs(Enumerable.Range(0, buffer.Count).ToArray(), modelInputs: true).DetachFromDisposeScope();
            _memoryTargets = tensor(buffer.Targets.ToArray().Select(t => (long)t).ToArray()).DetachFromDisposeScope();
            _memoryLogits = _buffer.Values!.DetachFromDisposeScope();
        }
    }
}
