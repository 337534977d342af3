using CheckpointGen.Inspection;
using CheckpointGen.Training.Tests.Support;
using TorchSharp;
using static CheckpointGen.Training.Checkpointing.Checkpointing;

namespace CheckpointGen.Training.Tests.Checkpointing;

/// <summary>
/// A run stopped after its first experience and resumed with one thing changed: what makes it another
/// experiment is refused, naming what differs, and resumes with the override; what may change on resume
/// is a warning (docs/experiment-identity.md, the policy).
/// </summary>
public sealed class ExperimentIdentityTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ckpt-identity-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly ExperimentSettings Base = new();

    /// <summary>Name, the run that saved, the run that resumes, a text the difference must contain.</summary>
    public static TheoryData<string, ExperimentSettings, ExperimentSettings, string> Refused => new()
    {
        { "seed", Base, Base with { Seed = 8 }, "RngRegistry.seed: checkpoint 7, this run 8" },
        { "class order", Base with { ClassOrder = [0, 1, 2, 3, 4, 5] }, Base with { ClassOrder = [2, 1, 0, 3, 4, 5] }, "BenchmarkIdentity.TrainClasses[0]: checkpoint [0, 1], this run [1, 2] (and 1 more element(s) differ)" },
        { "number of experiences", Base, Base with { Experiences = 2 }, "BenchmarkIdentity.TrainExperiences: checkpoint 3, this run 2" },
        { "train limit", Base, Base with { TrainPerClass = 15 }, "BenchmarkIdentity.TrainDatasets[0]" },
        { "dataset file", Base, Base with { DatasetSeed = 3 }, "BenchmarkIdentity.TrainDatasets[0]" },
        { "batch size", Base, Base with { BatchSize = 8 }, "Naive._trainMbSize: checkpoint 16, this run 8" },
        { "fewer epochs", Base with { Epochs = 2 }, Base, "Naive._trainEpochs: checkpoint 2, this run 1" },
        { "learning rate", Base, Base with { LearningRate = 0.1 }, "lr=0.1," },
        { "momentum", Base, Base with { Momentum = 0.5 }, "momentum=0.5," },
        { "replay size", Base with { Strategy = "replay" }, Base with { Strategy = "replay", MemorySize = 10 }, "ReplayPlugin._memSize: checkpoint 12, this run 10" },
        { "GDumb memory", Base with { Strategy = "gdumb" }, Base with { Strategy = "gdumb", MemorySize = 10 }, "GDumbPlugin._memSize: checkpoint 12, this run 10" },
        { "EWC lambda", Base with { Strategy = "ewc" }, Base with { Strategy = "ewc", Coefficient = 0.25 }, "EwcPlugin._ewcLambda: checkpoint 0.5, this run 0.25" },
        { "EWC decay", Base with { Strategy = "ewc" }, Base with { Strategy = "ewc", SecondCoefficient = 0.2 }, "EwcPlugin._decayFactor: checkpoint 0.1, this run 0.2" },
        { "SI lambda", Base with { Strategy = "si" }, Base with { Strategy = "si", Coefficient = 0.25 }, "SynapticIntelligencePlugin._siLambda[0]: checkpoint 0.5, this run 0.25" },
        { "SI eps", Base with { Strategy = "si" }, Base with { Strategy = "si", SecondCoefficient = 0.2 }, "SynapticIntelligencePlugin._eps: checkpoint 0.1, this run 0.2" },
        { "LwF alpha", Base with { Strategy = "lwf" }, Base with { Strategy = "lwf", Coefficient = 0.25 }, "LwFPlugin._alpha[0]: checkpoint 0.5, this run 0.25" },
        { "LwF temperature", Base with { Strategy = "lwf" }, Base with { Strategy = "lwf", SecondCoefficient = 0.2 }, "LwFPlugin._temperature: checkpoint 2, this run 4" },
        { "GEM memory strength", Base with { Strategy = "gem" }, Base with { Strategy = "gem", Coefficient = 0.25 }, "GemPlugin._memoryStrength: checkpoint 0.5, this run 0.25" },
        { "GEM patterns", Base with { Strategy = "gem" }, Base with { Strategy = "gem", MemorySize = 10 }, "GemPlugin._patternsPerExperience: checkpoint 12, this run 10" },
        { "AGEM patterns and sample size", Base with { Strategy = "agem" }, Base with { Strategy = "agem", MemorySize = 10 }, "AgemPlugin._sampleSize: checkpoint 12, this run 10" },
        { "MAS lambda", Base with { Strategy = "mas" }, Base with { Strategy = "mas", Coefficient = 0.25 }, "MasPlugin._lambda: checkpoint 0.5, this run 0.25" },
        { "MAS alpha", Base with { Strategy = "mas" }, Base with { Strategy = "mas", SecondCoefficient = 0.2 }, "MasPlugin._alpha: checkpoint 0.1, this run 0.2" },
        { "LFL lambda", Base with { Strategy = "lfl" }, Base with { Strategy = "lfl", Coefficient = 0.25 }, "LflPlugin._lambdaE[0]: checkpoint 0.5, this run 0.25" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_change_that_makes_another_experiment_is_refused_naming_it_and_resumes_with_the_override(string change, ExperimentSettings saved, ExperimentSettings resumed, string expected)
    {
        string path = SavedAfterFirstExperience(saved, change);

        var refusal = Assert.Throws<ConfigurationMismatchException>(() => MaybeLoadWith(resumed, path, accept: false));
        Assert.Contains(expected, refusal.Message);
        Assert.Contains("AcceptConfigurationChanges", refusal.Message);

        var (run, next, messages) = MaybeLoadWith(resumed, path, accept: true);
        Assert.Equal(1, next);
        Assert.Contains(messages, m => m.Contains(expected) && m.Contains("accepted by the override"));
        run.Train(next);
        Assert.Equal(2, run.Strategy.Clock.TrainExpCounter);
    }

    /// <summary>Name, the run that saved, the run that resumes, a text the warning must contain.</summary>
    public static TheoryData<string, ExperimentSettings, ExperimentSettings, string> Warned => new()
    {
        { "more epochs", Base, Base with { Epochs = 2 }, "Naive._trainEpochs: checkpoint 1, this run 2; allowed on resume" },
    };

    [Theory]
    [MemberData(nameof(Warned))]
    public void A_change_allowed_on_resume_is_a_warning(string change, ExperimentSettings saved, ExperimentSettings resumed, string expected)
    {
        string path = SavedAfterFirstExperience(saved, change);

        var (run, next, messages) = MaybeLoadWith(resumed, path, accept: false);

        Assert.Equal(1, next);
        Assert.Contains(messages, m => m.Contains(expected));
        run.Train(next);
    }

    [Fact]
    public void Another_thread_count_is_a_warning_naming_the_count_that_makes_the_resume_exact()
    {
        int before = torch.get_num_threads();
        try
        {
            torch.set_num_threads(1);
            string path = SavedAfterFirstExperience(Base, "threads");
            torch.set_num_threads(2);

            var (_, next, messages) = MaybeLoadWith(Base, path, accept: false);

            Assert.Equal(1, next);
            Assert.Contains(messages, m => m.Contains("torch.set_num_threads(1)"));
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }

    [Fact]
    public void The_same_experiment_resumes_without_any_configuration_message()
    {
        string path = SavedAfterFirstExperience(Base with { Strategy = "replay" }, "same");

        var (_, next, messages) = MaybeLoadWith(Base with { Strategy = "replay" }, path, accept: false);

        Assert.Equal(1, next);
        Assert.Empty(messages);
    }

    [Fact]
    public void The_inspector_lists_the_recorded_identity_so_two_checkpoints_can_be_compared()
    {
        var first = CheckpointInspector.Inspect(SavedAfterFirstExperience(Base with { Strategy = "ewc" }, "inspect-a"));
        var second = CheckpointInspector.Inspect(SavedAfterFirstExperience(Base with { Strategy = "ewc", BatchSize = 8 }, "inspect-b"));

        var identity = first.Configuration.ToDictionary(c => $"{c.TypeName.Split('.')[^1]}.{c.Key}", c => c.Value);
        Assert.Equal("\"synthetic\"", identity["BenchmarkIdentity.Name"]);
        Assert.Equal("3", identity["BenchmarkIdentity.TrainExperiences"]);
        Assert.Equal("7", identity["RngRegistry.seed"]);
        Assert.Equal("16", identity["EWC._trainMbSize"]);
        Assert.Equal("\"cpu\"", identity["EWC._deviceName"]);
        Assert.Equal("0.5", identity["EwcPlugin._ewcLambda"]);
        Assert.Contains("Configuration (", first.Render());
        var differing = first.Configuration.Except(second.Configuration).Select(c => c.Key).ToList();
        Assert.Equal(["_trainMbSize"], differing);
    }

    private string SavedAfterFirstExperience(ExperimentSettings settings, string name)
    {
        var run = settings.Build();
        run.Train(0);
        string path = Path.Combine(_root, name.Replace(' ', '-') + ".ckpt");
        Save(run.Strategy, path, run.Benchmark);
        return path;
    }

    private static (ResumableRun Run, int Next, List<string> Messages) MaybeLoadWith(ExperimentSettings settings, string path, bool accept)
    {
        var run = settings.Build();
        var messages = new List<string>();
        var (_, next) = MaybeLoad(run.Strategy, path, log: messages.Add, benchmark: run.Benchmark, acceptConfigurationChanges: accept);
        return (run, next, messages);
    }
}
