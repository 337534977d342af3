namespace CheckpointGen.Training.Plugins.Projection;

/// <summary>
/// GEM's projection problem, solved exactly in double precision. Given the gradient g (length p) and
/// the reference gradients of past experiences G (t × p), GEM solves the dual
/// <code>min_v ½ vᵀ P v + (G g)ᵀ v   subject to   v ≥ γ,   P = G Gᵀ + 10⁻³ I</code>
/// (the original GEM code and Avalanche pass exactly this to quadprog) and returns
/// <c>g̃ = Gᵀ v + g</c>. With u = v − γ it is the non-negative QP <c>min ½ uᵀPu + dᵀu, u ≥ 0</c>,
/// <c>d = G g + γ P 1</c>, which <see cref="SolveNonNegative"/> solves with the Lawson–Hanson active-set
/// method (finite for positive definite P); every step solves its free subsystem by Cholesky, so the
/// answer satisfies the KKT conditions to rounding.
/// </summary>
public static class GemQuadraticProgram
{
    /// <summary>Ridge Avalanche and the GEM authors add to <c>G Gᵀ</c>.</summary>
    public const double Ridge = 1e-3;

    /// <summary>The projected gradient <c>Gᵀ v + g</c> for reference gradients <paramref name="memories"/> (row-major t × p) and gradient <paramref name="gradient"/>.</summary>
    public static double[] Project(double[,] memories, double[] gradient, double memoryStrength)
    {
        double[] v = SolveDual(memories, gradient, memoryStrength);
        int t = memories.GetLength(0), p = memories.GetLength(1);
        var projected = (double[])gradient.Clone();
        for (int i = 0; i < t; i++)
            for (int k = 0; k < p; k++) projected[k] += v[i] * memories[i, k];
        return projected;
    }

    /// <summary>The dual solution v of GEM's problem (see the type's summary).</summary>
    public static double[] SolveDual(double[,] memories, double[] gradient, double memoryStrength)
    {
        ArgumentNullException.ThrowIfNull(memories);
        ArgumentNullException.ThrowIfNull(gradient);
        int t = memories.GetLength(0), p = memories.GetLength(1);
        if (gradient.Length != p) throw new ArgumentException($"The gradient has {gradient.Length} elements, the memories {p} columns.", nameof(gradient));
        var P = new double[t, t];
        var c = new double[t];
        for (int i = 0; i < t; i++)
        {
            for (int k = 0; k < p; k++) c[i] += memories[i, k] * gradient[k];
            for (int j = 0; j <= i; j++)
            {
                double dot = 0;
                for (int k = 0; k < p; k++) dot += memories[i, k] * memories[j, k];
                P[i, j] = P[j, i] = dot;
            }
            P[i, i] += Ridge;
        }
        var d = new double[t];
        for (int i = 0; i < t; i++)
        {
            d[i] = c[i];
            for (int j = 0; j < t; j++) d[i] += P[i, j] * memoryStrength;
        }
        double[] u = SolveNonNegative(P, d);
        for (int i = 0; i < t; i++) u[i] += memoryStrength;
        return u;
    }

    /// <summary>
    /// Solves <c>min ½ uᵀ P u + dᵀ u</c> subject to <c>u ≥ 0</c> for a symmetric positive definite P
    /// (Lawson–Hanson active set: add the most violated bound to the free set, solve the free system,
    /// step back to feasibility when a free variable would turn negative).
    /// </summary>
    public static double[] SolveNonNegative(double[,] P, double[] d)
    {
        int n = d.Length;
        if (P.GetLength(0) != n || P.GetLength(1) != n) throw new ArgumentException($"P must be {n} × {n}.", nameof(P));
        var u = new double[n];
        var free = new bool[n];
        double scale = 1;
        for (int i = 0; i < n; i++) scale = Math.Max(scale, Math.Abs(d[i]));
        double tolerance = 1e-14 * scale;
        int maxOuter = 3 * n + 10;
        for (int outer = 0; ; outer++)
        {
            if (outer > maxOuter) throw new InvalidOperationException("GEM's quadratic program did not converge (the matrix is not positive definite?).");
            var w = Gradient(P, d, u);
            int entering = -1;
            double most = -tolerance;
            for (int i = 0; i < n; i++)
                if (!free[i] && w[i] < most) { most = w[i]; entering = i; }
            if (entering < 0) return u;
            free[entering] = true;
            for (int inner = 0; ; inner++)
            {
                if (inner > n + 1) throw new InvalidOperationException("GEM's quadratic program did not converge in its inner loop.");
                var z = SolveFree(P, d, free);
                bool feasible = true;
                for (int i = 0; i < n; i++) if (free[i] && z[i] <= 0) { feasible = false; break; }
                if (feasible) { u = z; break; }
                double step = 1;
                int blocking = -1;
                for (int i = 0; i < n; i++)
                {
                    if (!free[i] || z[i] > 0) continue;
                    double ratio = u[i] / (u[i] - z[i]);
                    if (blocking < 0 || ratio < step) { step = ratio; blocking = i; }
                }
                for (int i = 0; i < n; i++)
                {
                    if (!free[i]) continue;
                    u[i] += step * (z[i] - u[i]);
                    if (i == blocking || u[i] <= 0) { free[i] = false; u[i] = 0; }
                }
                // The entering variable can leave at once when its free solution is not positive; then the outer loop decides again.
                if (!free.Any(f => f)) break;
            }
        }
    }

    private static double[] Gradient(double[,] P, double[] d, double[] u)
    {
        int n = d.Length;
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            w[i] = d[i];
            for (int j = 0; j < n; j++) w[i] += P[i, j] * u[j];
        }
        return w;
    }

    /// <summary>Solves <c>P_FF z_F = −d_F</c> by Cholesky; z is 0 outside the free set F.</summary>
    private static double[] SolveFree(double[,] P, double[] d, bool[] free)
    {
        int n = d.Length;
        var index = Enumerable.Range(0, n).Where(i => free[i]).ToArray();
        int m = index.Length;
        var L = new double[m, m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = P[index[i], index[j]];
                for (int k = 0; k < j; k++) sum -= L[i, k] * L[j, k];
                if (i == j)
                {
                    if (sum <= 0) throw new InvalidOperationException("GEM's quadratic program: the Gram matrix of the reference gradients is not positive definite.");
                    L[i, i] = Math.Sqrt(sum);
                }
                else L[i, j] = sum / L[j, j];
            }
        }
        var y = new double[m];
        for (int i = 0; i < m; i++)
        {
            double sum = -d[index[i]];
            for (int k = 0; k < i; k++) sum -= L[i, k] * y[k];
            y[i] = sum / L[i, i];
        }
        var x = new double[m];
        for (int i = m - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < m; k++) sum -= L[k, i] * x[k];
            x[i] = sum / L[i, i];
        }
        var z = new double[n];
        for (int i = 0; i < m; i++) z[index[i]] = x[i];
        return z;
    }
}
