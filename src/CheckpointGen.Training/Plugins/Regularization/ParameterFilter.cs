using System.Text.RegularExpressions;
using CheckpointGen.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Plugins.Regularization;

/// <summary>
/// Which parameters Synaptic Intelligence regularizes (Avalanche's <c>allowed_parameters</c>): those
/// that require gradients, are not in a normalisation layer (batch norm), and match none of the
/// excluded name patterns. Patterns use shell wildcards (<c>*</c>, <c>?</c>, <c>[...]</c>) like
/// Python's <c>fnmatch</c>; a pattern not ending in <c>*</c> also excludes everything below it
/// (<c>"classifier"</c> excludes <c>"classifier.weight"</c>).
/// </summary>
internal static class ParameterFilter
{
    public static List<(string Name, Parameter Parameter)> Allowed(nn.Module model, IReadOnlyCollection<string> excludedPatterns)
    {
        var patterns = new List<Regex>();
        foreach (string pattern in excludedPatterns)
        {
            patterns.Add(Wildcard(pattern));
            if (!pattern.EndsWith('*')) patterns.Add(Wildcard(pattern + ".*"));
        }
        var normParameters = new HashSet<IntPtr>();
        foreach (var (_, module) in ModuleTree.NamedModules(model))
            if (module is NormBase)
                normParameters.UnionWith(module.parameters().Select(p => p.Handle));
        var allowed = new List<(string, Parameter)>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (normParameters.Contains(parameter.Handle) || patterns.Any(p => p.IsMatch(name))) continue;
            if (parameter.requires_grad) allowed.Add((name, parameter));
        }
        return allowed;
    }

    /// <summary>A shell wildcard as an anchored regular expression (fnmatch's translation).</summary>
    internal static Regex Wildcard(string pattern)
    {
        var regex = new System.Text.StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '*': regex.Append(".*"); break;
                case '?': regex.Append('.'); break;
                case '[':
                    int close = pattern.IndexOf(']', i + 1);
                    if (close < 0) { regex.Append(@"\["); break; }
                    string body = pattern[(i + 1)..close];
                    regex.Append('[').Append(body.StartsWith('!') ? "^" + Regex.Escape(body[1..]) : Regex.Escape(body)).Append(']');
                    i = close;
                    break;
                default: regex.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }
}
