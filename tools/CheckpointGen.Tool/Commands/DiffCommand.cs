using System.CommandLine;
using System.Globalization;
using CheckpointGen.Inspection;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// <c>diff A B</c>: components are paired by path and tensors by name (see <see cref="CheckpointTree"/>).
/// A member is compared by its stored value (arrays kept in blocks by their checksums), a member
/// that refers to components or tensors by the paths it refers to (their contents are compared
/// under their own paths), a tensor by dtype, shape and elements (max absolute difference).
/// </summary>
internal static class DiffCommand
{
    public static Command Create(TextWriter output)
    {
        var first = new Argument<string>("A") { Description = "A checkpoint file." };
        var second = new Argument<string>("B") { Description = "Another checkpoint file." };
        var command = new Command("diff", $"Show which members and tensors of two checkpoints differ (max absolute difference for tensors). Exit code {ExitCodes.Ok}: same; {ExitCodes.Different}: different.") { first, second };
        command.SetAction(parsed =>
        {
            string pathA = parsed.GetValue(first)!, pathB = parsed.GetValue(second)!;
            var a = CheckpointTree.Build(CheckpointInput.Describe(pathA, verify: true));
            var b = CheckpointTree.Build(CheckpointInput.Describe(pathB, verify: true));
            var differences = new List<string>();
            CompareComponents(a, b, differences);
            CompareTensors(pathA, a, pathB, b, differences);
            foreach (var line in differences) output.WriteLine(line);
            output.WriteLine(differences.Count == 0 ? "Same state: every member and tensor is equal." : $"{differences.Count} difference(s).");
            return differences.Count == 0 ? ExitCodes.Ok : ExitCodes.Different;
        });
        return command;
    }

    private static void CompareComponents(CheckpointTree a, CheckpointTree b, List<string> differences)
    {
        var inB = Paths(b);
        var inA = Paths(a);
        foreach (var (path, idA) in inA)
        {
            if (!inB.TryGetValue(path, out int idB)) { differences.Add($"- {Show(path)}: only in A ({a.Description.Components[idA].TypeName})"); continue; }
            var componentA = a.Description.Components[idA];
            var componentB = b.Description.Components[idB];
            if (componentA.TypeName != componentB.TypeName)
                differences.Add($"~ {Show(path)}: type {componentA.TypeName} in A, {componentB.TypeName} in B");
            var membersB = componentB.Members.ToDictionary(m => m.Key, StringComparer.Ordinal);
            foreach (var member in componentA.Members)
            {
                string memberPath = CheckpointTree.Join(path, CheckpointTree.MemberName(member.Key));
                if (!membersB.Remove(member.Key, out var other)) { differences.Add($"- {memberPath}: only in A"); continue; }
                if (!SameMember(a, member, b, other))
                    differences.Add($"~ {memberPath}: {CheckpointTree.ValueText(member)} in A, {CheckpointTree.ValueText(other)} in B");
            }
            foreach (var key in membersB.Keys) differences.Add($"+ {CheckpointTree.Join(path, CheckpointTree.MemberName(key))}: only in B");
        }
        foreach (var (path, idB) in inB)
            if (!inA.ContainsKey(path)) differences.Add($"+ {Show(path)}: only in B ({b.Description.Components[idB].TypeName})");
    }

    private static bool SameMember(CheckpointTree a, MemberDescription x, CheckpointTree b, MemberDescription y)
    {
        if (x.Kind != y.Kind) return false;
        if (x.ObjectRefs.Count == 0 && x.TensorRefs.Count == 0 && y.ObjectRefs.Count == 0 && y.TensorRefs.Count == 0)
            return x.ContentHash == y.ContentHash;
        return x.ObjectRefs.Select(id => a.ComponentPaths[id]).SequenceEqual(y.ObjectRefs.Select(id => b.ComponentPaths[id]))
            && x.TensorRefs.Select(i => a.TensorNames[i]).SequenceEqual(y.TensorRefs.Select(i => b.TensorNames[i]));
    }

    private static void CompareTensors(string pathA, CheckpointTree a, string pathB, CheckpointTree b, List<string> differences)
    {
        var inB = Enumerable.Range(0, b.TensorNames.Count).ToDictionary(i => b.TensorNames[i], StringComparer.Ordinal);
        for (int i = 0; i < a.TensorNames.Count; i++)
        {
            string name = a.TensorNames[i];
            var x = a.Description.Tensors[i];
            if (!inB.Remove(name, out int j)) { differences.Add($"- tensor {name}: only in A"); continue; }
            var y = b.Description.Tensors[j];
            if (x.DType != y.DType || !x.Shape.SequenceEqual(y.Shape))
            {
                differences.Add($"~ tensor {name}: {x.DType} [{string.Join(", ", x.Shape)}] in A, {y.DType} [{string.Join(", ", y.Shape)}] in B");
                continue;
            }
            var bytesA = CheckpointInput.ReadTensorBytes(pathA, x);
            var bytesB = CheckpointInput.ReadTensorBytes(pathB, y);
            if (bytesA.AsSpan().SequenceEqual(bytesB)) continue;
            double? max = TensorValues.MaxAbsDifference(x.DType, bytesA, bytesB);
            differences.Add(max is { } m
                ? string.Create(CultureInfo.InvariantCulture, $"~ tensor {name}: {x.DType} [{string.Join(", ", x.Shape)}], max abs difference {m:G9}")
                : $"~ tensor {name}: {x.DType} [{string.Join(", ", x.Shape)}], bytes differ");
        }
        foreach (var name in inB.Keys) differences.Add($"+ tensor {name}: only in B");
    }

    private static Dictionary<string, int> Paths(CheckpointTree tree)
    {
        var paths = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int id = 0; id < tree.ComponentPaths.Count; id++)
            if (tree.ComponentPaths[id] is { } path) paths[path] = id;
        return paths;
    }

    private static string Show(string path) => path.Length == 0 ? "(root)" : path;
}
