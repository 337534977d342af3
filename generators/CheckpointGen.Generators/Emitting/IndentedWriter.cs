using System.Text;

namespace CheckpointGen.Generators.Emitting;

/// <summary>Builds source text line by line with four-space indentation (no NormalizeWhitespace pass).</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _depth * 4).Append(line);
        _text.Append('\n');
    }

    /// <summary>Writes <paramref name="header"/> (if any) and an opening brace, and indents.</summary>
    public void Open(string header = "")
    {
        if (header.Length > 0) Line(header);
        Line("{");
        _depth++;
    }

    /// <summary>Outdents and writes the closing brace (with an optional suffix such as ";").</summary>
    public void Close(string suffix = "")
    {
        _depth--;
        Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();
}
