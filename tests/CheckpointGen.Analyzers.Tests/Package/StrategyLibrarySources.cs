namespace CheckpointGen.Analyzers.Tests.Package;

/// <summary>
/// A downstream strategy library built on the CheckpointGen.Training package alone (a new plugin and
/// a new strategy on the template, plus a plugin whose state is left unsaved on purpose), and an
/// application that trains it on SplitMNIST with TorchSharp-cpu as its backend.
/// </summary>
internal static class StrategyLibrarySources
{
    public static string LibraryProject(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="CheckpointGen.Training" Version="{version}" />
          </ItemGroup>
        </Project>
        """;

    public const string Strategy = """
        using CheckpointGen;
        using CheckpointGen.Randomness;
        using CheckpointGen.Training.Plugins;
        using CheckpointGen.Training.Templates;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace StrategyLib;

        /// <summary>Adds a weight penalty whose size depends on a random draw and on its own history: a resume must restore all of it.</summary>
        [Checkpointable]
        public partial class JitteredPenaltyPlugin : IStrategyPlugin
        {
            private readonly double _strength;
            private readonly CheckpointableRandom _random = new(2024);
            private double _runningLoss;
            private long _steps;
            private readonly List<double> _history = new();

            public JitteredPenaltyPlugin(double strength) => _strength = strength;

            public void BeforeBackward(SupervisedTemplate strategy)
            {
                double factor = _strength * _random.Next(1000) / 1000.0 / (1 + _steps * 0.01);
                using var factorTensor = torch.tensor(factor, dtype: ScalarType.Float32);
                var penalty = strategy.Model.parameters().Select(p => p.pow(2).sum()).Aggregate((a, b) => a.add(b));
                strategy.Loss = strategy.Loss.add(penalty.mul(factorTensor));
                _runningLoss = 0.9 * _runningLoss + 0.1 * strategy.Loss.item<float>();
                _steps++;
            }

            public void AfterTrainingExp(SupervisedTemplate strategy) => _history.Add(_runningLoss);

            public string Describe() => $"steps={_steps} running={_runningLoss:R} history={string.Join(",", _history.Select(h => h.ToString("R")))}";
        }

        /// <summary>Naive fine-tuning with the jittered penalty, as a strategy of its own.</summary>
        [Checkpointable]
        public partial class JitteredNaive : SupervisedTemplate
        {
            public JitteredNaive(nn.Module model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> criterion, double strength, TemplateOptions? options = null)
                : base(model, optimizer, criterion, (options ?? new TemplateOptions()).WithStrategyPlugin(new JitteredPenaltyPlugin(strength)))
            {
            }

            public JitteredPenaltyPlugin Penalty => FindPlugin<JitteredPenaltyPlugin>()!;
        }

        /// <summary>Left unsaved on purpose: the analyzer must report '_printedLosses'.</summary>
        public class LossPrinterPlugin : IStrategyPlugin
        {
            private int _printedLosses;

            public void AfterTrainingIteration(SupervisedTemplate strategy) => _printedLosses++;
        }
        """;

    public static string AppProject(string version, string runtimeIdentifier) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <RuntimeIdentifier>{runtimeIdentifier}</RuntimeIdentifier>
            <SelfContained>false</SelfContained>
            <CreateHardLinksForCopyLocalIfPossible>true</CreateHardLinksForCopyLocalIfPossible>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
            <ProjectReference Include="../StrategyLib/StrategyLib.csproj" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>
    /// Trains two SplitMNIST experiences (a few hundred samples each) with checkpoints every 5
    /// iterations; with a second argument N it stops after iteration N and waits to be killed.
    /// Prints the final state: a hash of the weights and the plugin's history.
    /// </summary>
    public const string AppProgram = """
        using System.Security.Cryptography;
        using CheckpointGen.Benchmarks.Classic;
        using CheckpointGen.Benchmarks.Scenarios;
        using CheckpointGen.Randomness;
        using CheckpointGen.Storage;
        using CheckpointGen.Training.Checkpointing;
        using CheckpointGen.Training.Models;
        using CheckpointGen.Training.Optimizers;
        using CheckpointGen.Training.Plugins;
        using CheckpointGen.Training.Templates;
        using StrategyLib;
        using TorchSharp;
        using static TorchSharp.torch;

        string run = args[0];
        long hangAfter = args.Length > 1 ? long.Parse(args[1]) : -1;
        torch.set_num_threads(1);
        RngManager.SetRandomSeeds(1);

        var benchmark = SplitMnist.Create(5, returnTaskId: false, seed: 1);
        static Experience Cut(Experience e, int count) => new(e.StreamName, e.CurrentExperience,
            e.Dataset.Subset(Enumerable.Range(0, count).Select(i => i * (e.Dataset.Count / count)).ToArray()), e.TaskLabel, e.Classes, e.OriginalClasses);

        var model = new SimpleMlp(numClasses: 10, inputSize: 28 * 28);
        using var storage = new FileSystemCheckpointStorage(Path.Combine(run, "checkpoints"), keep: 2);
        var checkpoints = new CheckpointPlugin(storage, mapLocation: CPU, saveEveryIterations: 5);
        var strategy = new JitteredNaive(model, new GcSafeSgd(model.parameters(), lr: 0.05, momentum: 0.9), nn.CrossEntropyLoss(), 0.001, new TemplateOptions
        {
            TrainMbSize = 32,
            TrainEpochs = 1,
            EvalMbSize = 256,
            Device = CPU,
            Plugins = [checkpoints, new Hang(hangAfter)],
            OptimizerFactory = parameters => new GcSafeSgd(parameters, lr: 0.05, momentum: 0.9),
        });
        for (int exp = checkpoints.RestoreIfExists(strategy); exp < 2; exp++)
        {
            strategy.Train(Cut(benchmark.TrainStream[exp], 320));
            strategy.Eval([Cut(benchmark.TestStream[0], 64), Cut(benchmark.TestStream[1], 64)]);
        }
        var weights = model.parameters().SelectMany(p => p.data<float>().ToArray().SelectMany(BitConverter.GetBytes)).ToArray();
        Console.WriteLine($"final: weights={Convert.ToHexString(SHA256.HashData(weights))} {strategy.Penalty.Describe()} iterations={strategy.Clock.TrainIterations}");

        /// <summary>Simulates a crash: after iteration N the process waits for the test to kill it. (Every plugin is saved, even one without state.)</summary>
        [CheckpointGen.Checkpointable]
        sealed partial class Hang : IStrategyPlugin
        {
            [CheckpointGen.CheckpointIgnore] private readonly long _after;

            public Hang(long after) => _after = after;

            public void AfterTrainingIteration(SupervisedTemplate strategy)
            {
                if (strategy.Clock.TrainIterations != _after) return;
                Console.WriteLine("waiting to be killed");
                Thread.Sleep(Timeout.Infinite);
            }
        }
        """;
}
