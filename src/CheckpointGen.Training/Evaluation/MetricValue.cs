namespace CheckpointGen.Training.Evaluation;

/// <summary>What a <see cref="MetricValue"/> holds.</summary>
public enum MetricValueKind
{
    /// <summary>One number (<see cref="MetricValue.Value"/>).</summary>
    Scalar,
    /// <summary>A matrix (<see cref="MetricValue.Matrix"/>), e.g. a confusion matrix.</summary>
    Matrix,
    /// <summary>One number per class (<see cref="MetricValue.PerClass"/>).</summary>
    PerClass,
}

/// <summary>
/// One result emitted by a metric: its full name (Avalanche's key, e.g.
/// <c>Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000</c>), its value and its x position (the
/// clock's training iterations when it was emitted, as in Avalanche). Part of the evaluation
/// plugin's checkpointed results.
/// </summary>
[Checkpointable]
public sealed partial class MetricValue
{
    private MetricValue() => Name = "";

    private MetricValue(string name, MetricValueKind kind, long xPosition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Kind = kind;
        XPosition = xPosition;
        Value = double.NaN;
    }

    /// <summary>A scalar value.</summary>
    public static MetricValue Scalar(string name, double value, long xPosition) =>
        new(name, MetricValueKind.Scalar, xPosition) { Value = value };

    /// <summary>A matrix value (the array is copied).</summary>
    public static MetricValue OfMatrix(string name, double[,] matrix, long xPosition)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return new(name, MetricValueKind.Matrix, xPosition) { Matrix = (double[,])matrix.Clone() };
    }

    /// <summary>A value per class (the dictionary is copied).</summary>
    public static MetricValue OfPerClass(string name, IReadOnlyDictionary<int, double> perClass, long xPosition)
    {
        ArgumentNullException.ThrowIfNull(perClass);
        return new(name, MetricValueKind.PerClass, xPosition) { PerClass = new SortedDictionary<int, double>(perClass.ToDictionary()) };
    }

    /// <summary>The full metric name (the key results are stored and logged under).</summary>
    public string Name { get; private set; }

    /// <summary>What the value holds.</summary>
    public MetricValueKind Kind { get; private set; }

    /// <summary>The scalar value; NaN for matrices and per-class values.</summary>
    public double Value { get; private set; }

    /// <summary>The matrix, for <see cref="MetricValueKind.Matrix"/>.</summary>
    public double[,]? Matrix { get; private set; }

    /// <summary>Class → value, for <see cref="MetricValueKind.PerClass"/>.</summary>
    public SortedDictionary<int, double>? PerClass { get; private set; }

    /// <summary>The x position: the clock's training iterations when the value was emitted.</summary>
    public long XPosition { get; private set; }

    /// <summary>
    /// The scalars this value stands for, as Avalanche's loggers flatten it: a scalar under its
    /// name; a per-class value as <c>name/class</c>; a matrix has none.
    /// </summary>
    public IEnumerable<(string Name, double Value)> Scalars()
    {
        if (Kind == MetricValueKind.Scalar) yield return (Name, Value);
        else if (Kind == MetricValueKind.PerClass)
            foreach (var (cls, value) in PerClass!) yield return ($"{Name}/{cls}", value);
    }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        MetricValueKind.Scalar => $"{Name} = {Value:0.0000} @ {XPosition}",
        MetricValueKind.Matrix => $"{Name} = {Matrix!.GetLength(0)}x{Matrix.GetLength(1)} matrix @ {XPosition}",
        _ => $"{Name} = {{{string.Join(", ", PerClass!.Select(p => $"{p.Key}: {p.Value:0.0000}"))}}} @ {XPosition}",
    };
}
