using CheckpointGen;
using CheckpointGen.Storage;
using CheckpointGen.Training.Checkpointing;
using CheckpointGen.Training.Cluster;
using SplitMnistCheckpointing;

// The guide's sample: run it, interrupt it, run it again — it resumes where it stopped.
return SampleCommandLine.Run(args, Train, SweepGather.Command);

static int Train(SampleOptions options)
{
    SlurmEnvironment? slurm;
    try
    {
        slurm = SlurmEnvironment.Detect();
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        return SampleCommandLine.UsageExitCode;
    }

    using var stop = new GracefulStop();
    if (slurm is not null)
    {
        // Under SLURM each array task trains in a folder of its own, and the requeue signal makes the run save and requeue itself.
        options = options with { Output = slurm.RunFolder(options.Output) };
        Console.WriteLine($"{slurm}; output in {options.Output}");
    }
    try
    {
        var summary = Experiment.Run(options, stop);
        summary.Write(options.Output);
        summary.Print();
        return 0;
    }
    catch (TrainingStoppedException e)
    {
        Console.WriteLine(e.Message);
        slurm?.RequeueAfterStop(stop, Console.WriteLine);
        return GracefulStop.ExitCode;
    }
    catch (CheckpointGen.ConfigurationMismatchException e)
    {
        // Another experiment's checkpoint: say what differs; nothing saved is touched.
        Console.Error.WriteLine(e.Message);
        Console.Error.WriteLine($"This folder ({options.Output}) holds that experiment's checkpoints. Run with its settings to resume it, " +
            "use another --output to start this one, or add --accept-changes to continue it with these settings anyway.");
        return 1;
    }
    catch (CheckpointStorageException e)
    {
        // A full disk, a read-only or removed folder, a permission, a failed fsync: the message says which file, what happened,
        // what to do and which checkpoint the same command resumes from; nothing saved before is touched.
        Console.Error.WriteLine(e.Message);
        return CheckpointStorageException.ExitCode;
    }
    catch (CheckpointException e)
    {
        // A locked folder, a checkpoint from another experiment: say what and stop; nothing saved is touched.
        Console.Error.WriteLine(e.Message);
        return 1;
    }
    catch (Exception e) when (FileSystemFaults.Classify(e) is not null)
    {
        // The same faults on a log or the summary: the newest checkpoint is intact, and a resumed run cuts the logs back to it.
        Console.Error.WriteLine($"{FileSystemFaults.Explain(e)} Once that is fixed, run the same command again: it resumes from the newest checkpoint.");
        return CheckpointStorageException.ExitCode;
    }
}
