using CheckpointGen.Training.Checkpointing;
using SplitMnistCheckpointing;

// The guide's sample: run it, interrupt it, run it again — it resumes where it stopped.
SampleOptions options;
try
{
    options = SampleOptions.Parse(args);
}
catch (HelpRequested)
{
    Console.WriteLine(SampleOptions.Usage);
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var stop = new GracefulStop();
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
    return GracefulStop.ExitCode;
}
catch (CheckpointGen.CheckpointException e)
{
    // A locked folder, a checkpoint from another experiment: say what and stop; nothing saved is touched.
    Console.Error.WriteLine(e.Message);
    return 1;
}
