using CheckpointGen;
using CheckpointGen.Storage;

// Usage: LockProbe try <folder>   open the folder's storage once; exit 0 if it opened, 3 if locked (message on stdout)
//        LockProbe hold <folder>  open it, print "HELD <pid>", keep it until stdin closes or a line arrives
if (args.Length != 2 || args[0] is not ("try" or "hold"))
{
    Console.Error.WriteLine("usage: LockProbe try|hold <folder>");
    return 2;
}

try
{
    using var storage = new FileSystemCheckpointStorage(args[1]);
    if (args[0] == "try")
    {
        Console.WriteLine("ACQUIRED");
        return 0;
    }
    Console.WriteLine($"HELD {Environment.ProcessId}");
    Console.Out.Flush();
    Console.In.ReadLine();
    return 0;
}
catch (CheckpointException e)
{
    Console.WriteLine($"LOCKED {e.Message}");
    return 3;
}
