using CheckpointGen.Format;
using CheckpointGen.Inspection;

namespace CheckpointGen.Tool;

/// <summary>
/// Names every component and tensor of a checkpoint by the path of member keys that first reaches
/// it from the root, breadth first (so the shortest path wins): a module reached through member
/// <c>model</c> is <c>model</c>, its parameter <c>fc1.weight</c> is <c>model.fc1.weight</c>, as in a
/// PyTorch <c>state_dict</c>. A member holding several references numbers them: <c>key[0]</c>, <c>key[1]</c>.
/// </summary>
internal sealed class CheckpointTree
{
    private static readonly string[] ModulePrefixes = ["param:", "buffer:"];

    private CheckpointTree(CheckpointDescription description, string?[] componentPaths, string[] tensorNames)
    {
        Description = description;
        ComponentPaths = componentPaths;
        TensorNames = tensorNames;
    }

    public CheckpointDescription Description { get; }

    /// <summary>Each component's path ("" for the root; null for a component no path reaches).</summary>
    public IReadOnlyList<string?> ComponentPaths { get; }

    /// <summary>Each tensor's name, unique within the checkpoint.</summary>
    public IReadOnlyList<string> TensorNames { get; }

    /// <summary>The name a member contributes to a path: a module's <c>param:</c>/<c>buffer:</c> prefix is dropped.</summary>
    public static string MemberName(string key)
    {
        foreach (var prefix in ModulePrefixes)
            if (key.StartsWith(prefix, StringComparison.Ordinal)) return key[prefix.Length..];
        return key;
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>A member's value as shown to a person: its kind, then its rendering (true, false and null are their own kind).</summary>
    public static string ValueText(MemberDescription member) =>
        member.Kind is ValueTag.True or ValueTag.False or ValueTag.Null ? member.Value : $"{member.Kind} {member.Value}";

    public static CheckpointTree Build(CheckpointDescription description)
    {
        var paths = new string?[description.Components.Count];
        var tensorNames = new string?[description.Tensors.Count];
        var queue = new Queue<int>();
        if (paths.Length > 0)
        {
            paths[0] = "";
            queue.Enqueue(0);
        }
        while (queue.TryDequeue(out int id))
        {
            foreach (var member in description.Components[id].Members)
            {
                string path = Join(paths[id]!, MemberName(member.Key));
                for (int i = 0; i < member.ObjectRefs.Count; i++)
                {
                    int target = member.ObjectRefs[i];
                    if (paths[target] is not null) continue;
                    paths[target] = member.ObjectRefs.Count == 1 ? path : $"{path}[{i}]";
                    queue.Enqueue(target);
                }
                for (int i = 0; i < member.TensorRefs.Count; i++)
                {
                    int target = member.TensorRefs[i];
                    tensorNames[target] ??= member.TensorRefs.Count == 1 ? path : $"{path}[{i}]";
                }
            }
        }
        var names = new string[tensorNames.Length];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            // Keys are unique within a component, so paths are unique unless a key itself contains "." or "[".
            string name = tensorNames[i] ?? $"tensor#{i}";
            names[i] = used.Add(name) ? name : $"{name}#{i}";
            used.Add(names[i]);
        }
        return new CheckpointTree(description, paths, names);
    }

    /// <summary>
    /// The component <paramref name="selector"/> names: its exact path, or else the one component whose
    /// last path segment is the selector (ignoring case and a leading underscore, so <c>model</c> finds <c>_model</c>).
    /// </summary>
    public int Select(string selector)
    {
        for (int id = 0; id < ComponentPaths.Count; id++)
            if (ComponentPaths[id] == selector) return id;
        string wanted = Simplify(selector);
        var matches = Enumerable.Range(0, ComponentPaths.Count)
            .Where(id => ComponentPaths[id] is { Length: > 0 } path && Simplify(LastSegment(path)) == wanted)
            .ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ToolException(ExitCodes.Failed, $"No component matches '{selector}'; components with tensors: {string.Join(", ", ComponentsWithTensors().Select(Quote))}."),
            _ => throw new ToolException(ExitCodes.Failed, $"'{selector}' matches several components ({string.Join(", ", matches.Select(id => Quote(ComponentPaths[id]!)))}); give the whole path."),
        };
    }

    /// <summary>The tensors the component <paramref name="id"/> holds directly, with names relative to it.</summary>
    public IEnumerable<(string Name, TensorDescription Tensor)> TensorsOf(int id)
    {
        string prefix = ComponentPaths[id] is { Length: > 0 } path ? path + "." : "";
        for (int i = 0; i < TensorNames.Count; i++)
        {
            if (TensorNames[i].StartsWith(prefix, StringComparison.Ordinal))
                yield return (TensorNames[i][prefix.Length..], Description.Tensors[i]);
        }
    }

    private IEnumerable<string> ComponentsWithTensors() =>
        Enumerable.Range(0, ComponentPaths.Count)
            .Where(id => ComponentPaths[id] is { Length: > 0 } && Description.Components[id].Members.Any(m => m.TensorRefs.Count > 0))
            .Select(id => ComponentPaths[id]!);

    private static string LastSegment(string path) => path[(path.LastIndexOf('.') + 1)..];

    private static string Simplify(string name) => name.TrimStart('_').ToLowerInvariant();

    private static string Quote(string path) => $"'{path}'";
}
