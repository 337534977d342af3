namespace CheckpointGen.Analyzers.CodeFixes;

/// <summary>Stable equivalence keys: Fix All groups the fixes of one kind by these.</summary>
internal static class EquivalenceKeys
{
    public const string AddPartial = "CKPT0001.AddPartial";
    public const string IgnoreMember = "CKPT0002.AddCheckpointIgnore";
    public const string MarkMemberTypeCheckpointable = "CKPT0002.MarkMemberTypeCheckpointable";
    public const string UseCheckpointableRandom = "CKPT0002.UseCheckpointableRandom";
    public const string MakeCheckpointable = "CKPT0003.AddCheckpointableAndPartial";
    public const string MarkBaseCheckpointable = "CKPT0004.MarkBaseCheckpointable";
    public const string MakeHookPartial = "CKPT0008.MakeHookPartial";
    public const string HoldScalar = "CKPT0009.HoldScalar";
}
