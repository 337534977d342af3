using System.Text;

namespace CheckpointGen.Format;

/// <summary>
/// The name a component's type is recorded under: namespace-qualified, generic arguments spelled
/// out, no assembly names or versions (so that upgrading a dependency does not change it). It is
/// only ever compared with the type of an existing object; no type is ever looked up by it.
/// </summary>
public static class TypeNames
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> Cache = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string[]> FormerCache = new();

    /// <summary>The recorded name of <paramref name="type"/>, e.g. <c>MyLib.Buffer&lt;System.Single&gt;</c>.</summary>
    public static string Of(Type type) => Cache.GetOrAdd(type, static t => Build(t));

    /// <summary>
    /// True when <paramref name="saved"/> names <paramref name="type"/>: its recorded name, or one of its
    /// <see cref="CheckpointFormerNameAttribute"/> names with the type's generic arguments appended, or, for an
    /// optimizer marked <see cref="SameStateAsBaseOptimizerAttribute"/>, its base optimizer's name.
    /// </summary>
    public static bool Matches(string saved, Type type) =>
        saved == Of(type) || Array.IndexOf(FormerCache.GetOrAdd(type, static t => BuildFormer(t)), saved) >= 0;

    private static string[] BuildFormer(Type type)
    {
        // An optimizer with the same state as its base restores what its base saved: switching from
        // TorchSharp's optimizer to a drop-in subclass must not strand the run's checkpoints.
        if (type.IsDefined(typeof(SameStateAsBaseOptimizerAttribute), inherit: false) && type.BaseType is { } baseType)
            return [Of(baseType), .. BuildFormer(baseType)];
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        var former = (CheckpointFormerNameAttribute[])definition.GetCustomAttributes(typeof(CheckpointFormerNameAttribute), inherit: false);
        if (former.Length == 0) return [];
        string current = Of(type);
        int arguments = type.IsGenericType ? current.IndexOf('<') : -1;
        string suffix = arguments >= 0 ? current[arguments..] : "";
        return [.. former.Select(a => a.Name + suffix)];
    }

    private static string Build(Type type)
    {
        var builder = new StringBuilder();
        Append(builder, type);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, Type type)
    {
        if (type.IsArray)
        {
            Append(builder, type.GetElementType()!);
            builder.Append('[').Append(',', type.GetArrayRank() - 1).Append(']');
            return;
        }
        if (type.IsNested && type.DeclaringType is { } outer && !type.IsGenericParameter)
        {
            Append(builder, outer.IsGenericTypeDefinition ? outer : outer);
            builder.Append('+');
        }
        else if (!string.IsNullOrEmpty(type.Namespace))
        {
            builder.Append(type.Namespace).Append('.');
        }
        string name = type.Name;
        int tick = name.IndexOf('`');
        builder.Append(tick >= 0 ? name[..tick] : name);
        if (type.IsGenericType && !type.IsNested)
            AppendArguments(builder, type.GetGenericArguments());
        else if (type.IsGenericType && tick >= 0)
            AppendArguments(builder, type.GetGenericArguments()[^int.Parse(name[(tick + 1)..], System.Globalization.CultureInfo.InvariantCulture)..]);
    }

    private static void AppendArguments(StringBuilder builder, Type[] arguments)
    {
        builder.Append('<');
        for (int i = 0; i < arguments.Length; i++)
        {
            if (i > 0) builder.Append(',');
            Append(builder, arguments[i]);
        }
        builder.Append('>');
    }
}
