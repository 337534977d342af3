using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace CheckpointGen.Configuration;

/// <summary>
/// Compares a saved configuration value with this run's and renders both for messages. Values are
/// compared by their invariant text (doubles round-trip), element by element for sequences, so that
/// a message can name the first element that differs.
/// </summary>
public static class ConfigurationValues
{
    /// <summary>The difference between <paramref name="saved"/> and <paramref name="current"/>, or null when they are equal.</summary>
    public static ConfigurationDifference? Compare(string name, object? saved, object? current, ConfigurationChange change)
    {
        if (Sequence(saved) is { } savedItems && Sequence(current) is { } currentItems && savedItems.Count == currentItems.Count)
        {
            int first = -1, others = 0;
            for (int i = 0; i < savedItems.Count; i++)
            {
                if (Format(savedItems[i]) == Format(currentItems[i])) continue;
                if (first < 0) first = i; else others++;
            }
            return first < 0 ? null
                : new ConfigurationDifference($"{name}[{first}]", Format(savedItems[first]), Format(currentItems[first]), change, IsRefused(change, saved, current), others);
        }
        string savedText = Format(saved), currentText = Format(current);
        return savedText == currentText ? null
            : new ConfigurationDifference(name, savedText, currentText, change, IsRefused(change, saved, current));
    }

    /// <summary>A value as text: invariant numbers, quoted strings, <c>[a, b]</c> for sequences, <c>(a, b)</c> for tuples.</summary>
    public static string Format(object? value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return text.ToString();
    }

    private static void Append(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null: text.Append("null"); break;
            case string s: text.Append('"').Append(s).Append('"'); break;
            case bool b: text.Append(b ? "true" : "false"); break;
            case IFormattable formattable: text.Append(formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            case ITuple tuple:
                text.Append('(');
                for (int i = 0; i < tuple.Length; i++)
                {
                    if (i > 0) text.Append(", ");
                    Append(text, tuple[i]);
                }
                text.Append(')');
                break;
            case IEnumerable items:
                text.Append('[');
                bool first = true;
                foreach (var item in items)
                {
                    if (!first) text.Append(", ");
                    first = false;
                    Append(text, item);
                }
                text.Append(']');
                break;
            default: text.Append(value); break;
        }
    }

    private static List<object?>? Sequence(object? value) =>
        value is IEnumerable items and not string ? items.Cast<object?>().ToList() : null;

    private static bool IsRefused(ConfigurationChange change, object? saved, object? current) => change switch
    {
        ConfigurationChange.Warn => false,
        ConfigurationChange.WarnIfIncreased => !(saved is IComparable comparable && current is not null && current.GetType() == saved.GetType() && comparable.CompareTo(current) < 0),
        _ => true,
    };
}
