namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Latent semantic analysis over a set of TF-IDF vectors: a truncated SVD (randomized subspace
/// iteration) of the document-term matrix, kept as term loadings so any article, old or new, folds
/// into the same low-dimensional space. Two articles that tell one event in different words
/// ("lawmakers" / "Congress", "shooting" / "gunman") still land near each other there.
/// </summary>
internal sealed class StoryLsa
{
    // Embedding of x = (x · Z) · M with Z = Xᵀ Q (term × l) and M = W S⁻¹ (l × k): Z W S⁻¹ = V, the
    // right singular vectors, so x · V is x's position; kept factored (cheaper to fit and store).
    readonly Dictionary<int, int> row;
    readonly float[] z;
    readonly float[] m;
    readonly int l;

    public int Dimensions { get; }

    StoryLsa(Dictionary<int, int> row, float[] z, float[] m, int l, int dimensions)
    {
        this.row = row;
        this.z = z;
        this.m = m;
        this.l = l;
        Dimensions = dimensions;
    }

    /// <summary>Fits <paramref name="k"/> dimensions on the given (normalised) vectors; null when there are too few.</summary>
    public static StoryLsa? Fit(IReadOnlyList<SparseVector> docs, int k, int powerIterations = 2, int seed = 17)
    {
        var n = docs.Count;
        // Terms only one article has carry no co-occurrence: leave them out.
        var df = new Dictionary<int, int>();
        foreach (var d in docs)
        {
            foreach (var t in d.Ids)
            {
                df[t] = df.GetValueOrDefault(t) + 1;
            }
        }
        var column = new Dictionary<int, int>();
        foreach (var (t, c) in df)
        {
            if (c >= 2)
            {
                column[t] = column.Count;
            }
        }
        var terms = column.Count;
        k = Math.Min(k, Math.Min(n, terms) / 2);
        if (k < 2)
        {
            return null;
        }
        var l = Math.Min(k + 10, Math.Min(n, terms));
        var rows = new (int[] Cols, float[] W)[n];
        for (var i = 0; i < n; i++)
        {
            var cols = new List<int>();
            var w = new List<float>();
            for (var j = 0; j < docs[i].Ids.Length; j++)
            {
                if (column.TryGetValue(docs[i].Ids[j], out var c))
                {
                    cols.Add(c);
                    w.Add(docs[i].Weights[j]);
                }
            }
            rows[i] = (cols.ToArray(), w.ToArray());
        }

        var random = new Random(seed);
        var q = new double[n * l];
        var z = new double[terms * l];
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = random.NextDouble() * 2 - 1;
        }
        MulX(rows, z, q, l);
        Orthonormalise(q, n, l);
        for (var it = 0; it < powerIterations; it++)
        {
            MulXt(rows, q, z, l);
            MulX(rows, z, q, l);
            Orthonormalise(q, n, l);
        }
        // Z = Xᵀ Q; Qᵀ (X Z) = Qᵀ X Xᵀ Q = W S² Wᵀ.
        MulXt(rows, q, z, l);
        var y = new double[n * l];
        MulX(rows, z, y, l);
        var c2 = new double[l * l];
        for (var i = 0; i < n; i++)
        {
            var o = i * l;
            for (var a = 0; a < l; a++)
            {
                var qa = q[o + a];
                for (var b = 0; b < l; b++)
                {
                    c2[a * l + b] += qa * y[o + b];
                }
            }
        }
        for (var a = 0; a < l; a++)
        {
            for (var b = 0; b < a; b++)
            {
                c2[a * l + b] = c2[b * l + a] = (c2[a * l + b] + c2[b * l + a]) / 2;
            }
        }
        var (values, vectors) = Jacobi(c2, l);
        var order = Enumerable.Range(0, l).OrderByDescending(i => values[i]).Take(k).ToArray();
        var mm = new float[l * k];
        for (var j = 0; j < k; j++)
        {
            var e = order[j];
            var s = Math.Sqrt(Math.Max(values[e], 1e-12));
            for (var a = 0; a < l; a++)
            {
                mm[a * k + j] = (float)(vectors[a * l + e] / s);
            }
        }
        var zf = new float[z.Length];
        for (var i = 0; i < z.Length; i++)
        {
            zf[i] = (float)z[i];
        }
        return new StoryLsa(column, zf, mm, l, k);
    }

    /// <summary>The article's normalised position in the latent space (all zeros when it shares no fitted term).</summary>
    public float[] Embed(in SparseVector doc)
    {
        var xz = new float[l];
        for (var i = 0; i < doc.Ids.Length; i++)
        {
            if (row.TryGetValue(doc.Ids[i], out var r))
            {
                var w = doc.Weights[i];
                var o = r * l;
                for (var a = 0; a < l; a++)
                {
                    xz[a] += w * z[o + a];
                }
            }
        }
        var k = Dimensions;
        var e = new float[k];
        for (var a = 0; a < l; a++)
        {
            var x = xz[a];
            if (x == 0)
            {
                continue;
            }
            var o = a * k;
            for (var j = 0; j < k; j++)
            {
                e[j] += x * m[o + j];
            }
        }
        double norm = 0;
        foreach (var x in e)
        {
            norm += x * x;
        }
        if (norm > 0)
        {
            var inv = (float)(1 / Math.Sqrt(norm));
            for (var j = 0; j < e.Length; j++)
            {
                e[j] *= inv;
            }
        }
        return e;
    }

    public static double Cosine(float[] a, float[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }
        return s;
    }

    static void MulX((int[] Cols, float[] W)[] rows, double[] z, double[] y, int l)
    {
        Array.Clear(y);
        for (var i = 0; i < rows.Length; i++)
        {
            var (cols, w) = rows[i];
            var o = i * l;
            for (var j = 0; j < cols.Length; j++)
            {
                var c = cols[j] * l;
                var x = w[j];
                for (var a = 0; a < l; a++)
                {
                    y[o + a] += x * z[c + a];
                }
            }
        }
    }

    static void MulXt((int[] Cols, float[] W)[] rows, double[] y, double[] z, int l)
    {
        Array.Clear(z);
        for (var i = 0; i < rows.Length; i++)
        {
            var (cols, w) = rows[i];
            var o = i * l;
            for (var j = 0; j < cols.Length; j++)
            {
                var c = cols[j] * l;
                var x = w[j];
                for (var a = 0; a < l; a++)
                {
                    z[c + a] += x * y[o + a];
                }
            }
        }
    }

    /// <summary>Modified Gram–Schmidt on the columns of a row-major rows×cols matrix.</summary>
    static void Orthonormalise(double[] x, int rows, int cols)
    {
        // Work on the transpose: each column contiguous.
        var t = new double[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                t[c * rows + r] = x[r * cols + c];
            }
        }
        for (var a = 0; a < cols; a++)
        {
            var ca = t.AsSpan(a * rows, rows);
            for (var b = 0; b < a; b++)
            {
                var cb = t.AsSpan(b * rows, rows);
                double dot = 0;
                for (var r = 0; r < rows; r++)
                {
                    dot += ca[r] * cb[r];
                }
                for (var r = 0; r < rows; r++)
                {
                    ca[r] -= dot * cb[r];
                }
            }
            double norm = 0;
            for (var r = 0; r < rows; r++)
            {
                norm += ca[r] * ca[r];
            }
            norm = Math.Sqrt(norm);
            for (var r = 0; r < rows; r++)
            {
                ca[r] = norm > 1e-12 ? ca[r] / norm : 0;
            }
        }
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                x[r * cols + c] = t[c * rows + r];
            }
        }
    }

    /// <summary>Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations; eigenvectors are columns.</summary>
    static (double[] Values, double[] Vectors) Jacobi(double[] a, int n)
    {
        var v = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            v[i * n + i] = 1;
        }
        for (var sweep = 0; sweep < 50; sweep++)
        {
            double off = 0;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    off += a[p * n + q] * a[p * n + q];
                }
            }
            if (off < 1e-22)
            {
                break;
            }
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    var apq = a[p * n + q];
                    if (Math.Abs(apq) < 1e-15)
                    {
                        continue;
                    }
                    var theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k * n + p];
                        var akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p * n + k];
                        var aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[k * n + p];
                        var vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = a[i * n + i];
        }
        return (values, v);
    }
}
