namespace CheckpointGen.Generators.Model;

/// <summary>One type declaration as it is re-opened in generated code: <c>partial {Keyword} {NameWithParameters}</c>.</summary>
/// <param name="Keyword">class, struct, record, record struct or interface.</param>
/// <param name="NameWithParameters">The name with its type parameter list, e.g. <c>Buffer&lt;T&gt;</c>.</param>
internal sealed record TypeDeclarationInfo(string Keyword, string NameWithParameters);
