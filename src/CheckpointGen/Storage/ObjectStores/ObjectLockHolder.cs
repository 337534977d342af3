using System.Globalization;

namespace CheckpointGen.Storage.ObjectStores;

/// <summary>Who holds a run prefix's lock, as written into the lock object so that the next opener can name it.</summary>
public static class ObjectLockHolder
{
    /// <summary>This process: pid, host, start of holding.</summary>
    public static IDictionary<string, string> ThisProcess() => new Dictionary<string, string>
    {
        ["pid"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        ["host"] = Environment.MachineName,
        ["since"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>A phrase naming the holder ("process 12 on host a since …"), from what the lock object carries.</summary>
    public static string Describe(IDictionary<string, string>? fields)
    {
        if (fields is null || !fields.TryGetValue("pid", out var pid)) return "another writer (its description is unavailable)";
        string host = fields.TryGetValue("host", out var h) ? h : "?";
        string since = fields.TryGetValue("since", out var s) ? s : "?";
        string self = pid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture) && host == Environment.MachineName
            ? " (this process: another storage on the same prefix is still open)" : "";
        return $"process {pid} on host {host} since {since}{self}";
    }

    /// <summary>The message a second writer gets.</summary>
    public static CheckpointException Locked(string location, IDictionary<string, string>? holder, TimeSpan waited, Exception? inner = null) =>
        new($"The checkpoint prefix '{location}' is locked by {Describe(holder)} (waited {waited.TotalSeconds:F0} s for the lock to lapse). " +
            "Two runs writing under one prefix would overwrite and delete each other's checkpoints: give each run its own prefix, or stop the other run first. " +
            "A killed run's lock lapses by itself once it is no longer renewed.", inner);

    /// <summary>Text form of the holder fields (one key=value a line), for an S3 lock object's body.</summary>
    public static string Format(IDictionary<string, string> fields) => string.Concat(fields.Select(f => $"{f.Key}={f.Value}\n"));

    /// <summary>Parses <see cref="Format"/>'s output; unknown lines are ignored.</summary>
    public static Dictionary<string, string> Parse(string text) =>
        text.Split('\n').Select(line => line.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
}
