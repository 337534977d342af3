namespace CheckpointGen.Configuration;

/// <summary>
/// Configuration members are stored under <c>config:KEY</c>, so a file says by itself which of its
/// values are configuration (the inspector lists them) and a state member and a configuration
/// member never read each other's value.
/// </summary>
public static class ConfigurationKeys
{
    /// <summary>The prefix of every configuration key in a file.</summary>
    public const string Prefix = "config:";

    /// <summary>The key a configuration member is stored under.</summary>
    public static string Of(string key) => Prefix + key;

    /// <summary>True for a stored key written by a configuration member.</summary>
    public static bool IsConfiguration(string storedKey) => storedKey.StartsWith(Prefix, StringComparison.Ordinal);
}
