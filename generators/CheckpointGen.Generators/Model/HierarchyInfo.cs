using CheckpointGen.Generators.Classification;

namespace CheckpointGen.Generators.Model;

/// <summary>Where a type is declared: its namespace and the types containing it (outermost first), to re-open them as partials.</summary>
/// <param name="Namespace">The namespace, empty for the global namespace.</param>
/// <param name="ContainingTypes">The containing types, outermost first.</param>
internal sealed record HierarchyInfo(string Namespace, EquatableArray<TypeDeclarationInfo> ContainingTypes);
