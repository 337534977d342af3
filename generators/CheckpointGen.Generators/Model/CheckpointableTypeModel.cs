using CheckpointGen.Generators.Classification;

namespace CheckpointGen.Generators.Model;

/// <summary>
/// Everything the emitter needs to write one [Checkpointable] type's code. Plain values only (no
/// symbols, syntax or compilation), so the incremental pipeline can compare it with the previous run.
/// </summary>
/// <param name="HintName">The generated file's name, e.g. <c>MyApp.Outer.Learner.Checkpoint.g.cs</c>.</param>
/// <param name="Hierarchy">The namespace and containing types.</param>
/// <param name="Declaration">The type's own declaration keyword and name.</param>
/// <param name="FullyQualifiedName">The type with <c>global::</c> and its type parameters, e.g. <c>global::MyApp.Buffer&lt;T&gt;</c>.</param>
/// <param name="IsValueType">A struct or record struct.</param>
/// <param name="IsSealed">Sealed (or a struct): the member methods are private and non-virtual.</param>
/// <param name="HasCheckpointableBase">A base class is [Checkpointable]: override its member methods, base first.</param>
/// <param name="IsModule">Derives from TorchSharp's nn.Module: the root level also writes the module state.</param>
/// <param name="HasRestoreFactory">Implements ICheckpointableFactory (a non-abstract class with a parameterless constructor).</param>
/// <param name="HasObjectColumns">Implements ICheckpointableRows (a class whose collections are stored as object columns); decided by the same fact as the shapes of the collections that hold it.</param>
/// <param name="StructureHook">What this level does with OnCheckpointStructureRestored().</param>
/// <param name="RestoredHook">What this level does with OnCheckpointRestored().</param>
/// <param name="Members">The saved members of this level, in declaration order.</param>
/// <param name="BaseTypeArguments">The shapes of the type arguments of its [Checkpointable] base classes (their code runs closed over them).</param>
/// <param name="InitializesModule">Neither the type nor a type containing it is generic, and code outside them can reach it: its codec registrations also run at module load.</param>
internal sealed record CheckpointableTypeModel(
    string HintName,
    HierarchyInfo Hierarchy,
    TypeDeclarationInfo Declaration,
    string FullyQualifiedName,
    bool IsValueType,
    bool IsSealed,
    bool HasCheckpointableBase,
    bool IsModule,
    bool HasRestoreFactory,
    bool HasObjectColumns,
    HookUse StructureHook,
    HookUse RestoredHook,
    EquatableArray<ClassifiedMember> Members,
    EquatableArray<ValueShape> BaseTypeArguments,
    bool InitializesModule);
