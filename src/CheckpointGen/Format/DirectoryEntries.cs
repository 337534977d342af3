namespace CheckpointGen.Format;

/// <summary>A component's entry in the manifest's directory: its type name (a string index) and where its member list lies in the component area.</summary>
internal readonly record struct ComponentEntry(int TypeNameIndex, int Offset, int Length);

/// <summary>An entry of the manifest's row-group table: the components <see cref="FirstId"/> … <see cref="FirstId"/> + <see cref="RowCount"/> − 1 are the rows of the object-columns group at <see cref="Offset"/> of the component area.</summary>
internal readonly record struct RowGroup(int FirstId, int RowCount, int Offset);
