using Xunit;

namespace CheckpointGen.Tests.Storage.Faults;

/// <summary>The tools a real-fault test needs beyond mounting a tmpfs.</summary>
[Flags]
public enum FaultTools
{
    /// <summary>A tmpfs mount (root): full disks, read-only remounts, chattr +i.</summary>
    Tmpfs = 0,

    /// <summary>A loop device and mkfs.ext4: an ext4 file system whose write-back fails (fsync errors).</summary>
    LoopDevice = 1,

    /// <summary>setpriv: a child process without the capabilities that let root ignore permissions.</summary>
    Unprivileged = 2,
}

/// <summary>
/// Whether this machine lets the tests create real disk faults: they mount file systems, so they
/// need Linux and root (CI runs as root). Probed once per process, by doing it.
/// </summary>
internal static class RealFaults
{
    private static readonly Lazy<string?> s_tmpfs = new(ProbeTmpfs);
    private static readonly Lazy<string?> s_loop = new(ProbeLoopDevice);
    private static readonly Lazy<string?> s_unprivileged = new(ProbeUnprivileged);

    /// <summary>True when the tests run in CI (CI=true), where a fault that cannot be created fails the test instead of skipping it.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the faults <paramref name="tools"/> need cannot be created here, or null when they can.</summary>
    public static string? Unavailable(FaultTools tools) =>
        s_tmpfs.Value
        ?? (tools.HasFlag(FaultTools.LoopDevice) ? s_loop.Value : null)
        ?? (tools.HasFlag(FaultTools.Unprivileged) ? s_unprivileged.Value : null);

    /// <summary>Fails the test, with the reason, when the fault cannot be created (reached only in CI, where such tests are not skipped).</summary>
    public static void Require(FaultTools tools = FaultTools.Tmpfs)
    {
        if (Unavailable(tools) is { } reason) Assert.Fail($"CI=true but real disk faults cannot be created: {reason}");
    }

    private static string? ProbeTmpfs()
    {
        if (!OperatingSystem.IsLinux()) return "the real-fault tests mount Linux file systems";
        if (!Environment.IsPrivilegedProcess) return "mounting a tmpfs needs root (run the tests as root, as CI does)";
        using var probe = TmpfsMount.TryCreate(64 * 1024, out string? error);
        return probe is null ? $"mount -t tmpfs failed: {error}" : null;
    }

    private static string? ProbeLoopDevice()
    {
        var (code, output) = SystemCommand.Run("losetup", "--version");
        if (code != 0) return $"losetup is not available ({output})";
        (code, output) = SystemCommand.Run("mkfs.ext4", "-V");
        if (code != 0) return $"mkfs.ext4 is not available ({output})";
        return File.Exists("/dev/loop-control") ? null : "there is no /dev/loop-control (no loop devices in this kernel or container)";
    }

    private static string? ProbeUnprivileged()
    {
        var (code, output) = SystemCommand.Run("setpriv", [.. Unprivileged.Prefix[1..], "true"]);
        return code == 0 ? null : $"setpriv cannot drop capabilities here ({output})";
    }
}

/// <summary>A <see cref="FactAttribute"/> for tests on real disk faults: skipped, with the reason, where they cannot be created — except in CI.</summary>
public sealed class RealFaultFactAttribute : FactAttribute
{
    public RealFaultFactAttribute(FaultTools tools = FaultTools.Tmpfs)
    {
        if (!RealFaults.InCi && RealFaults.Unavailable(tools) is { } reason) Skip = $"Real disk faults cannot be created here: {reason}";
    }
}

/// <summary>How a test runs a child process as root without the capabilities that bypass file permissions, so that mode bits apply to it.</summary>
internal static class Unprivileged
{
    /// <summary>
    /// The command prefix: root keeps its user id (and so its files, its caches and its dotnet
    /// installation) but loses CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER, so a folder
    /// of mode 555 or a file of mode 000 refuses it as it would refuse any user.
    /// </summary>
    public static readonly string[] Prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"];
}
