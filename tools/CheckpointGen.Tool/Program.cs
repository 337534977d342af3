using CheckpointGen.Tool;

return ToolApp.Run(args, Console.Out, Console.Error);
