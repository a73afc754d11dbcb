using MLNet.Gan.Compute;
using MLNet.Gan.Layers;

namespace MLNet.Gan.DifferentialPrivacy;

/// <summary>
/// Options of differentially private training (DP-SGD, Abadi et al. 2016): every example's gradient
/// clipped to <see cref="MaxGradNorm"/>, Gaussian noise added to the sum, batches drawn by Poisson
/// sampling, and the noise calibrated so that the whole training spends (<see cref="Epsilon"/>,
/// <see cref="Delta"/>) as an RDP accountant counts it (<see cref="RdpAccountant"/>).
/// </summary>
public sealed class PrivacyOptions
{
    /// <summary>A copy.</summary>
    public PrivacyOptions Clone() => (PrivacyOptions)MemberwiseClone();

    /// <summary>The privacy budget ε spent by the whole training (&gt; 0). Typical: 1 (strong) to 10 (weak). Required.</summary>
    public double Epsilon { get; set; }

    /// <summary>
    /// δ of (ε, δ)-DP: the probability with which the ε guarantee may fail. Must lie in (0, 1/n) for
    /// n training rows; default (null) 1/(10·n), the usual "well below 1/n" (a δ of 1/n would allow
    /// publishing one row in the clear).
    /// </summary>
    public double? Delta { get; set; }

    /// <summary>The clipping norm C of each example's gradient (all parameters together). Default 1, as Opacus.</summary>
    public double MaxGradNorm { get; set; } = 1;

    /// <summary>
    /// The largest noise multiplier σ accepted, as a multiple of the expected batch: training refuses
    /// to start when σ &gt; <see cref="MaxNoisePerBatchRow"/> × the expected batch size, i.e. when the
    /// noise added to the averaged gradient has a standard deviation above this fraction of C per
    /// parameter; with Adam's normalised steps that noise then drowns the signal. A rule of thumb, not a
    /// measured threshold: ε = 1 over 300 epochs of give_me_some_credit's positives needs σ = 18.35
    /// (0.037 × the batch) and still trains (docs/benchmarks.md, "Differential privacy"). Default 0.1
    /// (σ ≤ 50 at 500 rows per batch).
    /// </summary>
    public double MaxNoisePerBatchRow { get; set; } = 0.1;

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first property outside its range; whether
    /// δ is below 1/n and the noise below its cap is checked when training plans its noise (they need n).
    /// </summary>
    public void Validate()
    {
        OptionChecks.Positive(Epsilon, nameof(Epsilon));
        if (Delta is double delta)
        {
            OptionChecks.InRange(delta, 0, 1, nameof(Delta), lowOpen: true);
        }

        OptionChecks.Positive(MaxGradNorm, nameof(MaxGradNorm));
        OptionChecks.Positive(MaxNoisePerBatchRow, nameof(MaxNoisePerBatchRow));
    }

    /// <summary>The δ used for <paramref name="rows"/> training rows: <see cref="Delta"/> or 1/(10·rows).</summary>
    public double DeltaFor(int rows) => Delta ?? (1.0 / (10.0 * rows));
}

/// <summary>
/// What a private training spent and with what: the archive records it, and the docs say what it
/// does not cover (<see cref="NotPrivate"/>).
/// </summary>
/// <param name="Epsilon">The ε the training was calibrated to.</param>
/// <param name="EpsilonSpent">The ε spent by the steps actually taken, as the accountant counts them (≤ <paramref name="Epsilon"/>).</param>
/// <param name="Delta">δ.</param>
/// <param name="NoiseMultiplier">σ: the noise's standard deviation ÷ <paramref name="MaxGradNorm"/>.</param>
/// <param name="MaxGradNorm">C, the clipping norm.</param>
/// <param name="SamplingRate">q: each row's probability of joining a batch.</param>
/// <param name="Steps">Steps taken.</param>
/// <param name="Rows">Training rows n.</param>
public sealed record PrivacyReport(double Epsilon, double EpsilonSpent, double Delta, double NoiseMultiplier, double MaxGradNorm, double SamplingRate, long Steps, int Rows)
{
    /// <summary>The accountant, named for the archive.</summary>
    public const string Accountant = "RDP of the Poisson-sampled Gaussian mechanism (Mironov, Talwar & Zhang 2019), converted to (ε, δ) by Balle et al. 2020, Thm. 21";

    /// <summary>
    /// What the guarantee does not cover: the table encoder is fitted on the real rows without noise,
    /// and the model keeps what it learned, which sampling reveals.
    /// </summary>
    public const string NotPrivate = "The table encoder's statistics are not private: each column's minimum and maximum, its mixture modes (means, spreads, weights), point masses and their shares, links between point masses, the list of categories with their frequencies (also used to draw conditions), pooled categories' frequencies, and which columns are identifiers, integers or long-tailed. They describe columns, not rows, but a rare category or an extreme minimum or maximum can reveal one row. Only the network's training is (ε, δ)-differentially private.";
}

/// <summary>
/// The DP-SGD machinery shared by the private trainers: the plan (σ from ε, δ, q and the number of
/// steps, with the checks that run before training), Poisson batches, clipping factors and the noise.
/// </summary>
internal sealed class PrivateTraining
{
    private readonly RandomStream _sampling;
    private readonly RandomStream _noise;
    private readonly RdpAccountant _accountant = new();

    private float[] _squaredNorms = [];

    private PrivateTraining(PrivacyOptions options, int rows, int batchSize, long stepsPerEpoch, double sigma, long seed)
    {
        Options = options;
        Rows = rows;
        SamplingRate = Math.Min(1.0, batchSize / (double)rows);
        StepsPerEpoch = stepsPerEpoch;
        NoiseMultiplier = sigma;
        Delta = options.DeltaFor(rows);
        _sampling = RandomStream.Create(seed, streamId: 301);
        _noise = RandomStream.Create(seed, streamId: 302);
    }

    public PrivacyOptions Options { get; }

    public int Rows { get; }

    public double SamplingRate { get; }

    public long StepsPerEpoch { get; }

    public double NoiseMultiplier { get; }

    public double Delta { get; }

    /// <summary>The expected batch size q·n, by which the noisy sum is divided (as Opacus does for Poisson batches).</summary>
    public double ExpectedBatch => SamplingRate * Rows;

    public long StepsTaken { get; private set; }

    /// <summary>
    /// Plans a private training of <paramref name="epochs"/> epochs of n ÷ batch steps at q = batch ÷ n
    /// and finds the smallest σ that keeps the whole of it within ε; throws <see cref="ArgumentException"/>
    /// (before anything is trained or written) for an invalid budget or one whose noise would drown training.
    /// </summary>
    public static PrivateTraining Plan(PrivacyOptions options, int rows, int batchSize, int epochs, long seed)
    {
        options.Validate();
        double delta = options.DeltaFor(rows);
        if (!(delta > 0) || delta >= 1.0 / rows)
        {
            throw new ArgumentException($"δ must lie in (0, 1/n) = (0, {1.0 / rows:G3}) for the {rows} training rows; got {delta:G3}. A δ of 1/n or more allows publishing a row in the clear; the default is 1/(10·n).");
        }

        int batch = Math.Min(batchSize, rows);
        long stepsPerEpoch = Math.Max(1, (long)Math.Round(rows / (double)batch));
        long steps = stepsPerEpoch * epochs;
        double q = batch / (double)rows;
        double cap = options.MaxNoisePerBatchRow * batch;
        double sigma = RdpAccountant.NoiseMultiplier(options.Epsilon, delta, q, steps, maxSigma: Math.Max(2 * cap, 1));
        if (!(sigma <= cap))
        {
            throw new ArgumentException(
                $"ε = {options.Epsilon:G3} over {epochs} epochs of {rows} rows in batches of {batch} needs a noise multiplier of {(double.IsInfinity(sigma) ? $"more than {2 * cap:G3}" : sigma.ToString("G3"))}, above the cap of {cap:G3} " +
                $"({options.MaxNoisePerBatchRow:G2} × the batch): the noise would drown the gradient. Train fewer epochs, use larger batches, or allow a larger ε.");
        }

        return new PrivateTraining(options, rows, batch, stepsPerEpoch, sigma, seed);
    }

    /// <summary>
    /// Draws a Poisson batch: every row joins independently with probability q (the sampling the
    /// accountant assumes; a shuffled fixed-size batch would not match it). Returns the batch size;
    /// the chosen row indices are written to <paramref name="rows"/>, which grows when needed.
    /// </summary>
    public int DrawBatch(ref int[] rows)
    {
        int count = 0;
        for (int r = 0; r < Rows; r++)
        {
            if (_sampling.NextDouble() < SamplingRate)
            {
                if (count == rows.Length)
                {
                    Array.Resize(ref rows, rows.Length * 2);
                }

                rows[count++] = r;
            }
        }

        return count;
    }

    /// <summary>
    /// The per-row accumulator a private step's backward passes add squared gradient norms into
    /// (<see cref="Layers.Linear.PerExampleSquaredNorms"/>): at least <paramref name="rows"/> long, its
    /// first <paramref name="rows"/> entries zeroed; grows only for a batch larger than any before.
    /// </summary>
    public float[] SquaredNorms(int rows)
    {
        if (_squaredNorms.Length < rows)
        {
            _squaredNorms = new float[Math.Max(rows, 2 * _squaredNorms.Length)];
        }

        Array.Clear(_squaredNorms, 0, rows);
        return _squaredNorms;
    }

    /// <summary>Each example's clipping factor min(1, C ÷ ‖gᵢ‖) from its squared gradient norm, in place.</summary>
    public void ClipFactors(Span<float> squaredNorms)
    {
        double c = Options.MaxGradNorm;
        for (int i = 0; i < squaredNorms.Length; i++)
        {
            double norm = Math.Sqrt(squaredNorms[i]);
            squaredNorms[i] = norm > c ? (float)(c / norm) : 1f;
        }
    }

    /// <summary>
    /// Turns the accumulated sum of clipped gradients into the private average: adds N(0, σ²C²) to
    /// every coordinate of every parameter's gradient and divides by the expected batch size. Every
    /// parameter that real rows reach must be in <paramref name="parameters"/>.
    /// </summary>
    public void AddNoise(IReadOnlyList<Parameter> parameters)
    {
        float std = (float)(NoiseMultiplier * Options.MaxGradNorm);
        float scale = (float)(1 / ExpectedBatch);
        for (int p = 0; p < parameters.Count; p++)
        {
            var g = parameters[p].Gradient;
            for (int i = 0; i < g.Length; i++)
            {
                g[i] = (g[i] + (std * _noise.NextNormal())) * scale;
            }
        }

        StepsTaken++;
    }

    /// <summary>Counts an epoch's steps and returns the ε spent so far.</summary>
    public double EndEpoch(long steps)
    {
        _accountant.Step(SamplingRate, NoiseMultiplier, steps);
        return _accountant.Epsilon(Delta).Epsilon;
    }

    /// <summary>The report for the archive.</summary>
    public PrivacyReport Report() => new(Options.Epsilon, _accountant.Epsilon(Delta).Epsilon, Delta, NoiseMultiplier, Options.MaxGradNorm, SamplingRate, StepsTaken, Rows);
}
