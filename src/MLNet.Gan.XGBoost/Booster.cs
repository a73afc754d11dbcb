namespace MLNet.Gan.XGBoost;

/// <summary>
/// The one path from float rows to an XGBoost booster and back to probabilities, shared by the table
/// classifier (audit) and the ML.NET trainer. Rows are dense, row-major; NaN is XGBoost's "missing".
/// </summary>
internal static unsafe class Booster
{
    /// <summary>Trains binary:logistic on <paramref name="features"/> (rows × width) for <paramref name="labels"/> (0/1), optionally weighted.</summary>
    public static BoosterHandle Train(float[] features, int rows, int width, float[] labels, float[]? weights, GradientBoostedTreesOptions options)
        => XGBoostNative.Guard(() =>
        {
            using var matrix = Matrix(features, rows, width);
            IntPtr m = matrix.DangerousGetHandle();
            SetInfo(m, "label", labels);
            if (weights is not null)
            {
                SetInfo(m, "weight", weights);
            }

            IntPtr* matrices = stackalloc IntPtr[] { m };
            return Create(matrices, 1, raw =>
            {
                foreach (var (name, value) in options.Parameters())
                {
                    XGBoostNative.Check(XGBoostNative.XGBoosterSetParam(raw, name, value), $"XGBoosterSetParam({name})");
                }

                for (int round = 0; round < options.Rounds; round++)
                {
                    XGBoostNative.Check(XGBoostNative.XGBoosterUpdateOneIter(raw, round, m), "XGBoosterUpdateOneIter");
                }
            });
        });

    /// <summary>A booster from XGBoost's own binary format.</summary>
    public static BoosterHandle Load(byte[] bytes)
        => XGBoostNative.Guard(() => Create(null, 0, raw =>
        {
            fixed (byte* b = bytes)
            {
                XGBoostNative.Check(XGBoostNative.XGBoosterLoadModelFromBuffer(raw, b, (ulong)bytes.Length), "XGBoosterLoadModelFromBuffer");
            }
        }));

    /// <summary>The positive-class probability of every row, or its log-odds (the trees' summed margin) with <paramref name="margin"/>.</summary>
    public static float[] Predict(BoosterHandle booster, float[] features, int rows, int width, bool margin = false)
    {
        var probabilities = new float[rows];
        if (rows == 0)
        {
            return probabilities;
        }

        using var matrix = Matrix(features, rows, width);
        XGBoostNative.Check(XGBoostNative.XGBoosterPredict(booster.DangerousGetHandle(), matrix.DangerousGetHandle(), margin ? 1 : 0, 0, 0, out ulong length, out float* result), "XGBoosterPredict");
        new ReadOnlySpan<float>(result, (int)Math.Min(length, (ulong)rows)).CopyTo(probabilities);
        return probabilities;
    }

    /// <summary>The booster in XGBoost's own binary format.</summary>
    public static byte[] Bytes(BoosterHandle booster)
    {
        XGBoostNative.Check(XGBoostNative.XGBoosterGetModelRaw(booster.DangerousGetHandle(), out ulong length, out byte* bytes), "XGBoosterGetModelRaw");
        return new ReadOnlySpan<byte>(bytes, checked((int)length)).ToArray();
    }

    private static void SetInfo(IntPtr matrix, string field, float[] values)
    {
        fixed (float* v = values)
        {
            XGBoostNative.Check(XGBoostNative.XGDMatrixSetFloatInfo(matrix, field, v, (ulong)values.Length), $"XGDMatrixSetFloatInfo({field})");
        }
    }

    /// <summary>Creates a booster over <paramref name="matrices"/> and lets <paramref name="prepare"/> train or load it; the handle is freed if that fails.</summary>
    private static BoosterHandle Create(IntPtr* matrices, ulong count, Action<IntPtr> prepare)
    {
        XGBoostNative.Check(XGBoostNative.XGBoosterCreate(matrices, count, out IntPtr raw), "XGBoosterCreate");
        var booster = new BoosterHandle(raw);
        try
        {
            prepare(raw);
            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    private static DMatrixHandle Matrix(float[] features, int rows, int width)
    {
        fixed (float* f = features)
        {
            XGBoostNative.Check(XGBoostNative.XGDMatrixCreateFromMat(f, (ulong)rows, (ulong)width, float.NaN, out IntPtr handle), "XGDMatrixCreateFromMat");
            return new DMatrixHandle(handle);
        }
    }
}
