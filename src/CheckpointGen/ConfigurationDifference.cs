namespace CheckpointGen;

/// <summary>
/// One configuration member whose saved value differs from this run's. For sequences of equal
/// length, <see cref="Name"/> points at the first differing element (<c>TrainClasses[2]</c>) and
/// <see cref="OtherElements"/> counts the elements that differ after it.
/// </summary>
/// <param name="Name">The member as <c>TypeName.key</c>, with an element index for sequences.</param>
/// <param name="Saved">The checkpoint's value, as text.</param>
/// <param name="Current">This run's value, as text.</param>
/// <param name="Change">The member's policy.</param>
/// <param name="IsRefused">True when the policy refuses this difference (for <see cref="ConfigurationChange.WarnIfIncreased"/>: the value decreased).</param>
/// <param name="OtherElements">More differing elements of the same sequence.</param>
public sealed record ConfigurationDifference(string Name, string Saved, string Current, ConfigurationChange Change, bool IsRefused, int OtherElements = 0)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name}: checkpoint {Saved}, this run {Current}" + (OtherElements > 0 ? $" (and {OtherElements} more element(s) differ)" : "");
}
