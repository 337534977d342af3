namespace CheckpointGen;

/// <summary>
/// Marks a field or auto-property as configuration of the experiment rather than state: it is saved
/// like any member, but a restore <b>compares</b> the saved value with the one this run was built
/// with and never overwrites it. A difference is refused or warned about by <see cref="OnChange"/>
/// (<see cref="RestoreReport.ConfigurationDifferences"/>; a refusal throws
/// <see cref="ConfigurationMismatchException"/> unless <see cref="CheckpointLoadOptions.AcceptConfigurationChanges"/>).
/// </summary>
/// <remarks>
/// Use it for what defines the experiment without changing its object graph: minibatch sizes, epochs,
/// coefficients, memory sizes, the benchmark's description. The value must be a plain value (a scalar,
/// an enum, a string, or arrays, lists and tuples of them); it is stored under the key
/// <c>config:KEY</c>, which lets the inspector list a checkpoint's configuration (docs/experiment-identity.md).
/// </remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class CheckpointConfigurationAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="onChange">What a restore does when the saved value differs from this run's.</param>
    public CheckpointConfigurationAttribute(ConfigurationChange onChange = ConfigurationChange.Refuse) => OnChange = onChange;

    /// <summary>What a restore does when the saved value differs from this run's.</summary>
    public ConfigurationChange OnChange { get; }
}
