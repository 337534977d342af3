using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace CheckpointGen.Tests.Torch;

/// <summary>
/// A small seeded model (with dropout, so the torch RNG matters), an optimizer and an LR
/// scheduler chosen by name, and a deterministic training loop whose batch depends only on the
/// step number.
/// </summary>
internal sealed class TrainingRun : IDisposable
{
    public const long Seed = 1234;

    public TrainingRun(string optimizer, string scheduler, int hidden = 8)
    {
        torch.manual_seed(Seed);
        Model = nn.Sequential(nn.Linear(4, hidden), nn.ReLU(), nn.Dropout(0.3), nn.Linear(hidden, 2));
        Optimizer = OptimizerFactory.Create(optimizer, Model.parameters());
        Scheduler = SchedulerFactory.Create(scheduler, Optimizer);
    }

    public Sequential Model { get; }

    public optim.Optimizer Optimizer { get; }

    public LRScheduler? Scheduler { get; }

    /// <summary>The learning rate of the first param group after each step taken.</summary>
    public List<double> LearningRates { get; } = [];

    public TrainingRoot Root() => new() { Model = Model, Optimizer = Optimizer, Scheduler = Scheduler };

    public void Train(int firstStep, int steps)
    {
        Model.train();
        for (int step = firstStep; step < firstStep + steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            using var data = new torch.Generator((ulong)(100 + step));
            var input = torch.randn([16, 4], generator: data);
            var target = torch.randn([16, 2], generator: data);
            Optimizer.zero_grad();
            var loss = nn.functional.mse_loss(Model.call(input), target);
            loss.backward();
            Optimizer.step();
            if (Scheduler is impl.ReduceLROnPlateau plateau) plateau.step(loss.item<float>());
            else Scheduler?.step();
            LearningRates.Add(Optimizer.ParamGroups.First().LearningRate);
        }
    }

    /// <summary>The bytes of every parameter, in order.</summary>
    public List<byte[]> Weights() => Model.parameters().Select(p => p.bytes.ToArray()).ToList();

    /// <summary>The optimizer's options and state in TorchSharp's own format: an independent witness that every state field was restored.</summary>
    public byte[] OptimizerStateBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            ((OptimizerHelper)Optimizer).save_state_dict(writer);
        return stream.ToArray();
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        Model.Dispose();
    }
}

internal static class OptimizerFactory
{
    public static readonly string[] Names =
    [
        "SGD", "SGD-momentum", "SGD-nesterov", "Adam", "Adam-amsgrad", "AdamW", "RMSprop", "RMSprop-centered-momentum",
        "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "ASGD", "Rprop",
    ];

    // TorchSharp's own optimizers on purpose: they are what a user of the core package saves (CKPT0009 accepted here).
#pragma warning disable CKPT0009
    public static optim.Optimizer Create(string name, IEnumerable<Parameter> parameters) => name switch
    {
        "SGD" => optim.SGD(parameters, 0.05),
        "SGD-momentum" => optim.SGD(parameters, 0.05, momentum: 0.9, weight_decay: 1e-4),
        "SGD-nesterov" => optim.SGD(parameters, 0.05, momentum: 0.9, nesterov: true),
        "Adam" => optim.Adam(parameters, 0.01, weight_decay: 1e-4),
        "Adam-amsgrad" => optim.Adam(parameters, 0.01, amsgrad: true),
        "AdamW" => optim.AdamW(parameters, 0.01),
        "RMSprop" => optim.RMSProp(parameters, 0.01),
        "RMSprop-centered-momentum" => optim.RMSProp(parameters, 0.01, momentum: 0.5, centered: true),
        "Adagrad" => optim.Adagrad(parameters, 0.05, lr_decay: 0.01, initial_accumulator_value: 0.1),
        "Adadelta" => optim.Adadelta(parameters, 1.0),
        "Adamax" => optim.Adamax(parameters, 0.01),
        "NAdam" => optim.NAdam(parameters, 0.01),
        "RAdam" => optim.RAdam(parameters, 0.01),
        "ASGD" => optim.ASGD(parameters, 0.05, t0: 0),
        "Rprop" => optim.Rprop(parameters, 0.01),
        _ => throw new ArgumentException($"unknown optimizer {name}"),
    };
#pragma warning restore CKPT0009
}

internal static class SchedulerFactory
{
    public static readonly string[] Names =
    [
        "StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "LambdaLR", "MultiplicativeLR", "PolynomialLR",
        "ConstantLR", "LinearLR", "CyclicLR", "OneCycleLR", "ReduceLROnPlateau", "SequentialLR", "ChainedLR",
    ];

    public static LRScheduler? Create(string name, optim.Optimizer optimizer) => name switch
    {
        "none" => null,
        "StepLR" => StepLR(optimizer, step_size: 2, gamma: 0.5),
        "MultiStepLR" => MultiStepLR(optimizer, [2, 4, 5], gamma: 0.5),
        "ExponentialLR" => ExponentialLR(optimizer, gamma: 0.8),
        "CosineAnnealingLR" => CosineAnnealingLR(optimizer, T_max: 3, eta_min: 0.001),
        "LambdaLR" => LambdaLR(optimizer, epoch => 1.0 / (1 + epoch)),
        "MultiplicativeLR" => MultiplicativeLR(optimizer, epoch => 0.9),
        "PolynomialLR" => PolynomialLR(optimizer, total_iters: 6, power: 2),
        "ConstantLR" => ConstantLR(optimizer, factor: 0.5, total_iters: 4),
        "LinearLR" => LinearLR(optimizer, start_factor: 0.2, end_factor: 1.0, total_iters: 5),
        "CyclicLR" => CyclicLR(optimizer, base_lr: 0.01, max_lr: 0.1, step_size_up: 2),
        "OneCycleLR" => OneCycleLR(optimizer, max_lr: 0.1, total_steps: 10),
        "ReduceLROnPlateau" => ReduceLROnPlateau(optimizer, mode: "max", factor: 0.5, patience: 1, cooldown: 1),
        "SequentialLR" => SequentialLR(optimizer, [LinearLR(optimizer, 0.5, 1.0, 2), ExponentialLR(optimizer, 0.9)], [3]),
        "ChainedLR" => ChainedLR([StepLR(optimizer, 2, 0.5), ExponentialLR(optimizer, 0.9)]),
        _ => throw new ArgumentException($"unknown scheduler {name}"),
    };
}
