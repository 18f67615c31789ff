using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace RetailCommerce.Modules.Search.Ranking.Semantic;

/// <summary>
/// Truncated SVD by random projection (Halko, Martinsson &amp; Tropp 2011). A store's term matrix is sparse
/// and far too large for a dense SVD, but its top few hundred directions are all the embeddings need:
/// project onto a random subspace, sharpen it with power iterations, then solve a small dense problem
/// with MathNet.Numerics.
/// </summary>
internal static class RandomizedSvd
{
    /// <summary>Left singular vectors (Rows × rank, row-major) and singular values, largest first.</summary>
    public static (float[] U, double[] S) Compute(SparseMatrix a, int rank, int oversample = 16, int powerIterations = 2, int seed = 1234)
    {
        var width = Math.Min(rank + oversample, Math.Min(a.Rows, a.Columns));
        rank = Math.Min(rank, width);
        var random = new Random(seed);
        var omega = new float[a.Columns * width];
        for (var i = 0; i < omega.Length; i++) omega[i] = (float)Gaussian(random);

        var y = a.Multiply(omega, width);
        Orthonormalize(y, a.Rows, width);
        for (var it = 0; it < powerIterations; it++)
        {
            var z = a.MultiplyTransposed(y, width);
            Orthonormalize(z, a.Columns, width);
            y = a.Multiply(z, width);
            Orthonormalize(y, a.Rows, width);
        }

        // B = Qᵀ A (width × Columns); its SVD comes from the small Gram matrix B Bᵀ.
        var bt = a.MultiplyTransposed(y, width); // Columns × width = Bᵀ
        var gram = Matrix<double>.Build.Dense(width, width);
        var columns = Transpose(bt, a.Columns, width);
        for (var i = 0; i < width; i++)
        {
            var ci = columns.AsSpan(i * a.Columns, a.Columns);
            for (var j = i; j < width; j++)
            {
                var v = TensorPrimitives.Dot(ci, columns.AsSpan(j * a.Columns, a.Columns));
                gram[i, j] = v;
                gram[j, i] = v;
            }
        }

        var evd = gram.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var order = Enumerable.Range(0, width).OrderByDescending(i => evd.EigenValues[i].Real).Take(rank).ToArray();
        var singular = order.Select(i => Math.Sqrt(Math.Max(0, evd.EigenValues[i].Real))).ToArray();

        // U = Q · U_B
        var u = new float[a.Rows * rank];
        var ub = new float[width * rank];
        for (var k = 0; k < rank; k++)
        {
            for (var i = 0; i < width; i++) ub[i * rank + k] = (float)evd.EigenVectors[i, order[k]];
        }
        Parallel.For(0, a.Rows, r =>
        {
            var source = y.AsSpan(r * width, width);
            var target = u.AsSpan(r * rank, rank);
            for (var i = 0; i < width; i++)
            {
                if (source[i] != 0f) TensorPrimitives.MultiplyAdd(ub.AsSpan(i * rank, rank), source[i], target, target);
            }
        });

        return (u, singular);
    }

    /// <summary>Modified Gram-Schmidt on the columns of a row-major (rows × width) matrix.</summary>
    private static void Orthonormalize(float[] m, int rows, int width)
    {
        var columns = Transpose(m, rows, width);
        for (var j = 0; j < width; j++)
        {
            var cj = columns.AsSpan(j * rows, rows);
            for (var pass = 0; pass < 2; pass++) // twice is enough (Kahan) for float round-off
            {
                for (var i = 0; i < j; i++)
                {
                    var ci = columns.AsSpan(i * rows, rows);
                    var dot = TensorPrimitives.Dot(ci, cj);
                    TensorPrimitives.MultiplyAdd(ci, -dot, cj, cj);
                }
            }
            var norm = TensorPrimitives.Norm(cj);
            if (norm > 1e-12f) TensorPrimitives.Divide(cj, norm, cj);
            else cj.Clear();
        }
        var back = Transpose(columns, width, rows);
        back.CopyTo(m, 0);
    }

    private static float[] Transpose(float[] m, int rows, int cols)
    {
        var t = new float[m.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
        }
        return t;
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
