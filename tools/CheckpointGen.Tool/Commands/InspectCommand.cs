using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CheckpointGen.Inspection;

namespace CheckpointGen.Tool.Commands;

/// <summary><c>inspect FILE</c>: the tree of components, members and tensors, or (<c>--json</c>) the same for scripts.</summary>
internal static class InspectCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "A checkpoint file." };
        var json = new Option<bool>("--json") { Description = "Write JSON: components with their paths and members, tensors with their names." };
        var command = new Command("inspect", "Show what a checkpoint holds: components, members and tensors, as a tree.") { file, json };
        command.SetAction(parsed =>
        {
            string path = parsed.GetValue(file)!;
            var tree = CheckpointTree.Build(CheckpointInput.Describe(path, verify: false));
            output.Write(parsed.GetValue(json) ? Json(tree) : Text(path, tree));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The tree as a person reads it: each component under the member that first reaches it, later references as "→ path".</summary>
    public static string Text(string path, CheckpointTree tree)
    {
        var d = tree.Description;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{path}: checkpoint format {d.FormatVersion}, written by CheckpointGen {d.WriterVersion}, {d.FileLength:N0} bytes, {d.Components.Count} components, {d.Tensors.Count} tensors\n");
        if (d.Components.Count == 0) return text.ToString();
        text.Append(CultureInfo.InvariantCulture, $"{d.Components[0].TypeName}\n");
        // Explicit stack: a long chain of objects must not overflow the call stack.
        var stack = new Stack<(int Component, int Member, string Indent)>();
        stack.Push((0, 0, ""));
        while (stack.TryPop(out var frame))
        {
            var members = d.Components[frame.Component].Members;
            if (frame.Member >= members.Count) continue;
            stack.Push(frame with { Member = frame.Member + 1 });
            var member = members[frame.Member];
            bool last = frame.Member == members.Count - 1;
            string branch = frame.Indent + (last ? "└─ " : "├─ ");
            string childIndent = frame.Indent + (last ? "   " : "│  ");
            string memberPath = CheckpointTree.Join(tree.ComponentPaths[frame.Component] ?? "?", CheckpointTree.MemberName(member.Key));
            text.Append(branch).Append(CheckpointTree.MemberName(member.Key)).Append(": ");
            if (member.ObjectRefs.Count == 1 && member.TensorRefs.Count == 0 && tree.ComponentPaths[member.ObjectRefs[0]] is { } childPath)
            {
                int child = member.ObjectRefs[0];
                text.Append(d.Components[child].TypeName);
                if (childPath == memberPath)
                {
                    text.Append('\n');
                    stack.Push((child, 0, childIndent));
                }
                else text.Append(" → ").Append(childPath.Length == 0 ? "(root)" : childPath).Append('\n');
                continue;
            }
            if (member.TensorRefs.Count == 1 && member.ObjectRefs.Count == 0)
            {
                text.Append(TensorText(d.Tensors[member.TensorRefs[0]])).Append('\n');
                continue;
            }
            text.Append(CheckpointTree.ValueText(member)).Append('\n');
        }
        return text.ToString();
    }

    private static string TensorText(TensorDescription t) =>
        string.Create(CultureInfo.InvariantCulture, $"tensor {t.DType} [{string.Join(", ", t.Shape)}] {t.Device}{(t.RequiresGrad ? " requires_grad" : "")}, {t.Length:N0} bytes");

    public static string Json(CheckpointTree tree)
    {
        var d = tree.Description;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", d.FormatVersion);
            json.WriteString("writer", d.WriterVersion.ToString());
            json.WriteNumber("length", d.FileLength);
            json.WriteStartArray("components");
            foreach (var component in d.Components)
            {
                json.WriteStartObject();
                json.WriteNumber("id", component.Id);
                json.WriteString("type", component.TypeName);
                if (tree.ComponentPaths[component.Id] is { } path) json.WriteString("path", path); else json.WriteNull("path");
                json.WriteStartArray("members");
                foreach (var member in component.Members)
                {
                    json.WriteStartObject();
                    json.WriteString("key", member.Key);
                    json.WriteString("kind", member.Kind.ToString());
                    json.WriteString("value", member.Value);
                    WriteNumbers(json, "objects", member.ObjectRefs);
                    WriteNumbers(json, "tensors", member.TensorRefs);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("tensors");
            foreach (var tensor in d.Tensors)
            {
                json.WriteStartObject();
                json.WriteNumber("index", tensor.Index);
                json.WriteString("name", tree.TensorNames[tensor.Index]);
                json.WriteString("dtype", tensor.DType);
                json.WriteStartArray("shape");
                foreach (long size in tensor.Shape) json.WriteNumberValue(size);
                json.WriteEndArray();
                json.WriteString("device", tensor.Device);
                json.WriteBoolean("requiresGrad", tensor.RequiresGrad);
                json.WriteNumber("offset", tensor.Offset);
                json.WriteNumber("length", tensor.Length);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, IReadOnlyList<int> numbers)
    {
        json.WriteStartArray(name);
        foreach (int number in numbers) json.WriteNumberValue(number);
        json.WriteEndArray();
    }
}
