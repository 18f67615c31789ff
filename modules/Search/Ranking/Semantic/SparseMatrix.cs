using System.Numerics.Tensors;

namespace RetailCommerce.Modules.Search.Ranking.Semantic;

/// <summary>Compressed sparse rows; just enough linear algebra for the store-trained embeddings.</summary>
internal sealed class SparseMatrix
{
    public SparseMatrix(int rows, int columns, int[] rowStarts, int[] columnIndices, float[] values)
    {
        Rows = rows;
        Columns = columns;
        RowStarts = rowStarts;
        ColumnIndices = columnIndices;
        Values = values;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int[] RowStarts { get; }
    public int[] ColumnIndices { get; }
    public float[] Values { get; }

    /// <summary>Builds a CSR matrix from (row, column, value) triples; duplicates are summed.</summary>
    public static SparseMatrix FromTriples(int rows, int columns, List<(int Row, int Column, float Value)> triples)
    {
        triples.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : a.Column.CompareTo(b.Column));
        var starts = new int[rows + 1];
        var cols = new List<int>(triples.Count);
        var vals = new List<float>(triples.Count);
        var lastRow = -1;
        var lastCol = -1;
        foreach (var (r, c, v) in triples)
        {
            if (r == lastRow && c == lastCol) { vals[^1] += v; continue; }
            cols.Add(c);
            vals.Add(v);
            starts[r + 1]++;
            lastRow = r;
            lastCol = c;
        }
        for (var r = 0; r < rows; r++) starts[r + 1] += starts[r];
        return new SparseMatrix(rows, columns, starts, cols.ToArray(), vals.ToArray());
    }

    /// <summary>Y = A·X with X row-major (Columns × width); Y row-major (Rows × width).</summary>
    public float[] Multiply(float[] x, int width)
    {
        var y = new float[Rows * width];
        Parallel.For(0, Rows, r =>
        {
            var target = y.AsSpan(r * width, width);
            for (var p = RowStarts[r]; p < RowStarts[r + 1]; p++)
            {
                TensorPrimitives.MultiplyAdd(x.AsSpan(ColumnIndices[p] * width, width), Values[p], target, target);
            }
        });
        return y;
    }

    /// <summary>Z = Aᵀ·Y with Y row-major (Rows × width); Z row-major (Columns × width).</summary>
    public float[] MultiplyTransposed(float[] y, int width)
    {
        var z = new float[Columns * width];
        for (var r = 0; r < Rows; r++)
        {
            var source = y.AsSpan(r * width, width);
            for (var p = RowStarts[r]; p < RowStarts[r + 1]; p++)
            {
                var target = z.AsSpan(ColumnIndices[p] * width, width);
                TensorPrimitives.MultiplyAdd(source, Values[p], target, target);
            }
        }
        return z;
    }
}
