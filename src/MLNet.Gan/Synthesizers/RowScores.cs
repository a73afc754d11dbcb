using MLNet.Gan.Compute;
using MLNet.Gan.Encoding;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Synthesizers;

/// <summary>
/// What a trained synthesizer says about a row, as a number per row (the GAN-for-anomaly-detection
/// idea): CTGAN's critic score (high: the critic takes it for a training row) and TVAE's
/// reconstruction error (high: unlike the training rows). Rows are encoded with each value's most
/// likely mode; a category or missing cell the model never saw encodes as zeros.
/// </summary>
internal static class RowScores
{
    private const int Chunk = 256;

    /// <summary>The critic's score of each row, judged as a pack of identical copies of the row (the critic sees packs of <c>pac</c> rows), conditioned on the row's own category of the first discrete column.</summary>
    public static float[] Critic(CtGanModel model, Table table)
    {
        var critic = model.Critic ?? throw new InvalidOperationException("This CTGAN model has no critic: it was loaded from a file (only the generator is saved). Score with a model fitted in this process.");
        var encoded = model.Encoder.Transform(table, seed: 0, ModeSelection.MostLikely, unknownAsZeros: true);
        var sampler = model.Sampler;
        int w = encoded.Cols, c = sampler.ConditionWidth, pac = critic.Pac;
        var scores = new float[table.RowCount];
        var packed = new Matrix(Chunk * pac, w + c);
        for (int start = 0; start < scores.Length; start += Chunk)
        {
            int rows = Math.Min(Chunk, scores.Length - start);
            packed.SetRows(rows * pac);
            packed.Clear();
            for (int r = 0; r < rows; r++)
            {
                var source = encoded.Row(start + r);
                for (int p = 0; p < pac; p++)
                {
                    var target = packed.Row((r * pac) + p);
                    source.CopyTo(target);
                    if (c > 0)
                    {
                        int length = sampler.CategoryCount(0);
                        source.Slice(sampler.EncodedOffset(0), length).CopyTo(target.Slice(w + sampler.ConditionOffset(0), length));
                    }
                }
            }

            var score = critic.Forward(packed, training: false);
            score.Span[..rows].CopyTo(scores.AsSpan(start, rows));
        }

        return scores;
    }

    /// <summary>TVAE's reconstruction error of each row (z = μ, no noise).</summary>
    public static float[] ReconstructionError(TvaeModel model, Table table) => PerRow(model, table, (network, batch, scores) => network.ReconstructionError(batch, scores));

    /// <summary>TVAE's negative evidence lower bound of each row (<see cref="TvaeNetwork.NegativeElbo"/>).</summary>
    public static float[] NegativeElbo(TvaeModel model, Table table) => PerRow(model, table, (network, batch, scores) => network.NegativeElbo(batch, scores));

    /// <summary>A per-row score of TVAE's network over <paramref name="table"/>, in chunks; unknown categories encode as zeros.</summary>
    private static float[] PerRow(TvaeModel model, Table table, Action<TvaeNetwork, Matrix, Span<float>> score)
    {
        if (!model.HasEncoder)
        {
            throw new InvalidOperationException("This TVAE model has no encoder: it was loaded from a file (only the decoder is saved). Score with a model fitted in this process.");
        }

        var encoded = model.Encoder.Transform(table, seed: 0, ModeSelection.MostLikely, unknownAsZeros: true);
        var errors = new float[table.RowCount];
        var batch = new Matrix(Chunk, encoded.Cols);
        for (int start = 0; start < errors.Length; start += Chunk)
        {
            int rows = Math.Min(Chunk, errors.Length - start);
            batch.SetRows(rows);
            encoded.Span.Slice(start * encoded.Cols, rows * encoded.Cols).CopyTo(batch.Span);
            score(model.Network, batch, errors.AsSpan(start, rows));
        }

        return errors;
    }
}
