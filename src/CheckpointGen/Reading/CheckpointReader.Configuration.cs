using CheckpointGen.Configuration;

namespace CheckpointGen.Reading;

public sealed partial class CheckpointReader
{
    /// <summary>
    /// Opens the configuration member stored under <paramref name="key"/> (written by
    /// <see cref="Writing.CheckpointWriter.BeginConfiguration"/>), or the value a checkpoint written before the
    /// member was configuration holds under the plain key (it was state then, with the same encoding).
    /// False when the file has neither: listed in <see cref="RestoreReport.MissingConfiguration"/>, and in
    /// <see cref="RestoreReport.MissingKeys"/> like any missing key.
    /// </summary>
    public bool TryBeginConfiguration(string key)
    {
        var table = _tableCount > 0 ? _tables[_tableCount - 1] : throw new InvalidOperationException("TryBeginConfiguration outside ReadCheckpoint.");
        string stored = ConfigurationKeys.Of(key);
        if (!table.TryFind(stored, _manifest.Strings, _keyIndex, out _, out _))
        {
            if (table.TryFind(key, _manifest.Strings, _keyIndex, out _, out _)) return TryBeginMember(key);
            Report.ConfigurationMissing($"{OwnerName}.{key}");
        }
        return TryBeginMember(stored);
    }

    /// <summary>
    /// Compares the <paramref name="saved"/> value of the configuration member <paramref name="key"/>
    /// with this run's <paramref name="current"/> one and records a difference in
    /// <see cref="RestoreReport.ConfigurationDifferences"/>. Never assigns: the run keeps its own configuration.
    /// </summary>
    public void CompareConfiguration<T>(string key, T saved, T current, ConfigurationChange change)
    {
        if (ConfigurationValues.Compare($"{OwnerName}.{key}", saved, current, change) is { } difference)
            Report.ConfigurationDiffers(difference);
    }

    /// <summary>The saved type's name without its namespace, for messages.</summary>
    private string OwnerName
    {
        get
        {
            string name = CurrentTypeName;
            int generic = name.IndexOf('[');
            int cut = name.LastIndexOfAny(['.', '+'], generic < 0 ? name.Length - 1 : generic);
            return cut < 0 ? name : name[(cut + 1)..];
        }
    }
}
