using CheckpointGen.Training.Plugins.Projection;
using TorchSharp;
using static TorchSharp.torch;

namespace CheckpointGen.Training.Tests.Regularization;

/// <summary>GEM's quadratic program and projection, and A-GEM's projection, against hand-computed answers and the KKT conditions.</summary>
public class ProjectionTests
{
    private const double Ridge = GemQuadraticProgram.Ridge;

    [Fact]
    public void GEM_with_orthogonal_constraints_both_violated_projects_almost_onto_zero()
    {
        // G = I, g = (−1, −2), γ = 0: P = 1.001 I, v = −Gg / 1.001 = (1, 2)/1.001, g̃ = v + g.
        var projected = GemQuadraticProgram.Project(new double[,] { { 1, 0 }, { 0, 1 } }, [-1, -2], 0);
        Assert.Equal(1 / (1 + Ridge) - 1, projected[0], 1e-12);
        Assert.Equal(2 / (1 + Ridge) - 2, projected[1], 1e-12);
    }

    [Fact]
    public void GEM_leaves_a_satisfied_constraint_at_its_margin()
    {
        // g = (−1, 2): the second constraint holds. P is diagonal, so each coordinate is solved on its own:
        // v1 minimises ½·1.001·v1² + (−1)·v1 → v1 = 1/1.001 ≥ 0.5; v2 minimises ½·1.001·v2² + 2·v2 on v2 ≥ 0.5 → 0.5.
        double[] v = GemQuadraticProgram.SolveDual(new double[,] { { 1, 0 }, { 0, 1 } }, [-1, 2], 0.5);
        Assert.Equal(1 / (1 + Ridge), v[0], 1e-12);
        Assert.Equal(0.5, v[1], 12);
        var projected = GemQuadraticProgram.Project(new double[,] { { 1, 0 }, { 0, 1 } }, [-1, 2], 0.5);
        Assert.Equal(1 / (1 + Ridge) - 1, projected[0], 1e-12);
        Assert.Equal(2.5, projected[1], 12);
    }

    [Fact]
    public void GEM_with_correlated_constraints_matches_the_two_by_two_solution()
    {
        // G rows (1, 0) and (1, 1), g = (−1, 0): P = [[1.001, 1], [1, 2.001]], Gg = (−1, −1); P v = (1, 1) gives
        // v = (1.001, 0.001) / det with det = 1.001·2.001 − 1, both positive so no bound is active.
        double det = (1 + Ridge) * (2 + Ridge) - 1;
        double v1 = ((2 + Ridge) - 1) / det;
        double v2 = ((1 + Ridge) - 1) / det;
        double[] v = GemQuadraticProgram.SolveDual(new double[,] { { 1, 0 }, { 1, 1 } }, [-1, 0], 0);
        Assert.Equal(v1, v[0], 1e-12);
        Assert.Equal(v2, v[1], 1e-12);
        var projected = GemQuadraticProgram.Project(new double[,] { { 1, 0 }, { 1, 1 } }, [-1, 0], 0);
        Assert.Equal(v1 + v2 - 1, projected[0], 1e-12);
        Assert.Equal(v2, projected[1], 1e-12);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(5, 4)]
    [InlineData(10, 7)]
    public void GEM_dual_solution_satisfies_the_KKT_conditions_and_matches_brute_force_on_random_problems(int t, int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 50; trial++)
        {
            int p = 3 + random.Next(20);
            var G = new double[t, p];
            for (int i = 0; i < t; i++) for (int k = 0; k < p; k++) G[i, k] = random.NextDouble() * 2 - 1;
            var g = Enumerable.Range(0, p).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double gamma = trial % 3 == 0 ? 0 : random.NextDouble();
            double[] v = GemQuadraticProgram.SolveDual(G, g, gamma);

            var (P, c) = Dual(G, g);
            for (int i = 0; i < t; i++)
            {
                double w = c[i];
                for (int j = 0; j < t; j++) w += P[i, j] * v[j];
                Assert.True(v[i] >= gamma - 1e-12, $"v[{i}] = {v[i]} below the bound {gamma}");
                Assert.True(w >= -1e-9, $"stationarity multiplier {w} negative");
                Assert.True(Math.Abs(w * (v[i] - gamma)) <= 1e-9, $"complementarity violated: {w} · {v[i] - gamma}");
            }
            double[] best = BruteForce(P, c, gamma);
            for (int i = 0; i < t; i++) Assert.Equal(best[i], v[i], 1e-9);
        }
    }

    [Fact]
    public void GEM_projection_on_tensors_agrees_with_the_double_precision_solution()
    {
        var G = torch.tensor(new float[] { 1, 0, 1, 1 }).reshape(2, 2);
        var g = torch.tensor(new float[] { -1, 0 });
        var projected = GemPlugin.Project(G, g, 0).data<float>().ToArray();
        var expected = GemQuadraticProgram.Project(new double[,] { { 1, 0 }, { 1, 1 } }, [-1, 0], 0);
        Assert.Equal(expected.Select(x => (float)x), projected);
    }

    [Fact]
    public void AGEM_projects_a_conflicting_gradient_onto_the_plane_orthogonal_to_the_reference()
    {
        // g = (1, −1), ref = (0, 2): g·ref = −2 < 0, g̃ = g − (−2 / 4)·ref = (1, 0).
        var projected = AgemPlugin.Project(torch.tensor(new float[] { 1, -1 }), torch.tensor(new float[] { 0, 2 }));
        Assert.Equal([1f, 0f], projected.data<float>().ToArray());
        // (3, 4) against ref (1, −2): dot −5, ref·ref 5, g̃ = (3, 4) + (1, −2) = (4, 2), orthogonal to ref.
        Assert.Equal([4f, 2f], AgemPlugin.Project(torch.tensor(new float[] { 3, 4 }), torch.tensor(new float[] { 1, -2 })).data<float>().ToArray());
    }

    [Fact]
    public void AGEM_leaves_a_gradient_that_agrees_with_the_reference_unchanged()
    {
        var g = torch.tensor(new float[] { 1, 1 });
        Assert.Same(g, AgemPlugin.Project(g, torch.tensor(new float[] { 1, -1 })));
        Assert.Same(g, AgemPlugin.Project(g, torch.tensor(new float[] { 1, 0 })));
    }

    private static (double[,] P, double[] c) Dual(double[,] G, double[] g)
    {
        int t = G.GetLength(0), p = G.GetLength(1);
        var P = new double[t, t];
        var c = new double[t];
        for (int i = 0; i < t; i++)
        {
            for (int k = 0; k < p; k++) c[i] += G[i, k] * g[k];
            for (int j = 0; j < t; j++) for (int k = 0; k < p; k++) P[i, j] += G[i, k] * G[j, k];
            P[i, i] += Ridge;
        }
        return (P, c);
    }

    /// <summary>Every choice of variables held at the bound; the feasible stationary point with the lowest objective.</summary>
    private static double[] BruteForce(double[,] P, double[] c, double gamma)
    {
        int t = c.Length;
        double[]? best = null;
        double bestValue = double.PositiveInfinity;
        for (int mask = 0; mask < 1 << t; mask++)
        {
            var free = Enumerable.Range(0, t).Where(i => (mask & (1 << i)) != 0).ToArray();
            var v = Enumerable.Repeat(gamma, t).ToArray();
            if (free.Length > 0)
            {
                int m = free.Length;
                var A = new double[m, m + 1];
                for (int a = 0; a < m; a++)
                {
                    for (int b = 0; b < m; b++) A[a, b] = P[free[a], free[b]];
                    double rhs = -c[free[a]];
                    for (int j = 0; j < t; j++) if ((mask & (1 << j)) == 0) rhs -= P[free[a], j] * gamma;
                    A[a, m] = rhs;
                }
                var x = Gauss(A, m);
                for (int a = 0; a < m; a++) v[free[a]] = x[a];
            }
            if (v.Any(x => x < gamma - 1e-12)) continue;
            double value = 0;
            for (int i = 0; i < t; i++) { value += c[i] * v[i]; for (int j = 0; j < t; j++) value += 0.5 * v[i] * P[i, j] * v[j]; }
            if (value < bestValue) { bestValue = value; best = v; }
        }
        return best!;
    }

    private static double[] Gauss(double[,] A, int m)
    {
        for (int col = 0; col < m; col++)
        {
            int pivot = Enumerable.Range(col, m - col).MaxBy(r => Math.Abs(A[r, col]));
            for (int k = 0; k <= m; k++) (A[col, k], A[pivot, k]) = (A[pivot, k], A[col, k]);
            for (int r = 0; r < m; r++)
            {
                if (r == col) continue;
                double f = A[r, col] / A[col, col];
                for (int k = col; k <= m; k++) A[r, k] -= f * A[col, k];
            }
        }
        return Enumerable.Range(0, m).Select(i => A[i, m] / A[i, i]).ToArray();
    }
}
