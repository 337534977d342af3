using System.Diagnostics;

namespace CheckpointGen.Tool.Tests.Support;

/// <summary>Debian's Python with python3-torch (.ci/run installs it), to read exports as PyTorch users do.</summary>
public static class PythonTorch
{
    public const string Python = "/usr/bin/python3";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why Python cannot import torch here, or null when it can (asked once).</summary>
    public static string? Unavailable => s_unavailable.Value;

    private static readonly Lazy<string?> s_unavailable = new(() =>
    {
        if (!File.Exists(Python)) return $"{Python} does not exist";
        var (code, output) = Run("-c", "import torch");
        return code == 0 ? null : $"{Python} cannot import torch (apt-get install python3-torch): {output.Trim()}";
    });

    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}

/// <summary>A fact that needs Python with torch: skipped, saying why, without it — except in CI, where it fails instead.</summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    public PythonTorchFactAttribute()
    {
        if (!PythonTorch.InCi && PythonTorch.Unavailable is { } reason) Skip = reason;
    }
}
