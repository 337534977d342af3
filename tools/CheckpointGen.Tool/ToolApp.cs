using System.CommandLine;
using CheckpointGen.Tool.Commands;

namespace CheckpointGen.Tool;

/// <summary>
/// The checkpointgen command line: parses with System.CommandLine and turns every failure into one
/// line on the error writer and an exit code from <see cref="ExitCodes"/>, never a stack trace.
/// </summary>
internal static class ToolApp
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Lists, inspects, verifies, compares, exports, prunes and copies CheckpointGen checkpoints.")
        {
            ListCommand.Create(output),
            InspectCommand.Create(output),
            VerifyCommand.Create(output),
            DiffCommand.Create(output),
            ExportCommand.Create(output),
            PruneCommand.Create(output),
            CopyCommand.Create(output),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"checkpointgen: {OneLine(parsed.Errors[0].Message)} (see checkpointgen --help)");
            return ExitCodes.Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (ToolException e)
        {
            error.WriteLine("checkpointgen: " + OneLine(e.Message));
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine("checkpointgen: " + OneLine(e.Message));
            return ExitCodes.Failed;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
