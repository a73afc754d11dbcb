using MLNet.Gan.Backtesting;
using MLNet.Gan.Compute;

namespace MLNet.Gan.Sequences;

/// <summary>
/// The test days cut into non-overlapping blocks of <see cref="Horizon"/> days: each block's return (the
/// sum of its daily log returns) is forecast on the morning of its first day. Overlapping blocks would
/// make successive exceedances dependent by construction, which the coverage tests do not allow for.
/// </summary>
/// <param name="Horizon">Days per block.</param>
/// <param name="Origins">Each block's first day (0-based in the series).</param>
/// <param name="Realized">Each block's realized return.</param>
public sealed record HorizonBlocks(int Horizon, int[] Origins, double[] Realized)
{
    /// <summary>The whole blocks of <paramref name="horizon"/> days from day <paramref name="from"/> (0-based) on; a last partial block is dropped.</summary>
    public static HorizonBlocks Of(IReadOnlyList<double> returns, int from, int horizon)
    {
        ArgumentNullException.ThrowIfNull(returns);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        int count = (returns.Count - from) / horizon;
        if (from < 1 || count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(from), from, $"Blocks of {horizon} days need a start inside the {returns.Count} days with at least {horizon} days after it.");
        }

        var origins = new int[count];
        var realized = new double[count];
        for (int i = 0; i < count; i++)
        {
            origins[i] = from + (i * horizon);
            for (int s = 0; s < horizon; s++)
            {
                realized[i] += returns[origins[i] + s];
            }
        }

        return new HorizonBlocks(horizon, origins, realized);
    }
}

/// <summary>
/// Value-at-risk and expected shortfall of the return over the next several days, by simulating paths
/// forward from each block's filtered state (the state after the days before it, and nothing after):
/// the empirical p-quantile of the simulated block returns and the mean of those at or below it. The
/// forecasts are indexed by block (<see cref="RiskForecast.From"/> = 0) and backtested against
/// <see cref="HorizonBlocks.Realized"/>.
/// </summary>
public static class HorizonForecasters
{
    /// <summary>
    /// GARCH(1,1)-t: each path starts from the filtered σ² of the block's first day and runs the recursion
    /// σ²ₜ₊₁ = ω + α·εₜ² + β·σ²ₜ with εₜ = σₜ·√((ν − 2) ÷ ν)·T, T a Student t(ν) draw. The filter starts from the
    /// variance of the days before the first block, as <see cref="RiskForecasters.Garch"/>'s does.
    /// </summary>
    public static IReadOnlyList<RiskForecast> Garch(GarchModel model, IReadOnlyList<double> returns, HorizonBlocks blocks, IReadOnlyList<double> tails, int paths, long seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        Check(returns, blocks, tails, paths);
        double[] data = [.. returns];
        var g = model.Parameters;
        var sigma = model.Filter(data, GarchModel.InitialVariance(data.AsSpan(0, blocks.Origins[0]), g.Mu));
        double scale = Math.Sqrt((g.Nu - 2) / g.Nu);
        var rng = RandomStream.Create(seed, streamId: 0x6A2C);
        var sums = new double[blocks.Origins.Length * paths];
        for (int i = 0; i < blocks.Origins.Length; i++)
        {
            double start = sigma[blocks.Origins[i]] * sigma[blocks.Origins[i]];
            for (int k = 0; k < paths; k++)
            {
                double h = start, sum = 0;
                for (int s = 0; s < blocks.Horizon; s++)
                {
                    double e = Math.Sqrt(h) * scale * GarchModel.StudentT(rng, g.Nu);
                    sum += g.Mu + e;
                    h = g.Omega + (g.Alpha * e * e) + (g.Beta * h);
                }

                sums[(i * paths) + k] = sum;
            }
        }

        return Summarize("GARCH(1,1)-t", blocks, tails, paths, sums);
    }

    /// <summary>
    /// The sequence GAN (one asset, without fresh noise): filtered through the returns from the first day
    /// (<see cref="SeriesGanModel.Filter"/>), and before each block's first day the network's state, its
    /// memory and the last shock are copied into every path, which then draws its own shocks as generation does.
    /// </summary>
    public static IReadOnlyList<RiskForecast> SeriesGan(SeriesGanModel model, IReadOnlyList<double> returns, HorizonBlocks blocks, IReadOnlyList<double> tails, int paths, long seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        Check(returns, blocks, tails, paths);
        if (model.Assets.Count != 1)
        {
            throw new ArgumentException($"Risk forecasts take a one-asset sequence GAN; this one generates {model.Assets.Count} assets.", nameof(model));
        }

        var transform = model.Transforms[0];
        var request = new ScenarioRequest(blocks.Origins, blocks.Horizon, paths, 1, RandomStream.Create(seed, streamId: 0x6A2D));
        model.Simulate(new ReturnSeries(model.Assets, [[.. returns]]), request);
        var sums = new double[blocks.Origins.Length * paths];
        for (int j = 0; j < sums.Length; j++)
        {
            for (int s = 0; s < blocks.Horizon; s++)
            {
                sums[j] += transform.ToReturn(request.Values[(j * blocks.Horizon) + s]);
            }
        }

        return Summarize("sequence GAN", blocks, tails, paths, sums);
    }

    private static void Check(IReadOnlyList<double> returns, HorizonBlocks blocks, IReadOnlyList<double> tails, int paths)
    {
        ArgumentNullException.ThrowIfNull(returns);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(tails);
        ArgumentOutOfRangeException.ThrowIfLessThan(paths, 2);
        foreach (double p in tails)
        {
            VarBacktests.CheckTail(p);
            if (p * paths < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(paths), paths, $"{paths} simulated paths leave no path in the {p:P1} tail: simulate at least {Math.Ceiling(1 / p)}.");
            }
        }

        if (blocks.Origins[^1] + blocks.Horizon > returns.Count)
        {
            throw new ArgumentException("The blocks run past the returns.", nameof(blocks));
        }
    }

    /// <summary>Per tail probability, each block's empirical VaR and ES of its simulated returns, their standard deviation and the share at most the realized one.</summary>
    private static RiskForecast[] Summarize(string name, HorizonBlocks blocks, IReadOnlyList<double> tails, int paths, double[] sums)
    {
        int n = blocks.Origins.Length;
        var deviation = new double[n];
        var probability = new double[n];
        for (int i = 0; i < n; i++)
        {
            var block = sums.AsSpan(i * paths, paths);
            double mean = 0, square = 0;
            int below = 0;
            foreach (double v in block)
            {
                mean += v / paths;
                below += v <= blocks.Realized[i] ? 1 : 0;
            }

            foreach (double v in block)
            {
                square += (v - mean) * (v - mean) / (paths - 1);
            }

            deviation[i] = Math.Sqrt(square);
            probability[i] = below / (double)paths;
        }

        for (int i = 0; i < n; i++)
        {
            sums.AsSpan(i * paths, paths).Sort(); // once per block, for every level
        }

        return
        [
            .. tails.Select(p =>
            {
                var (var, es) = (new double[n], new double[n]);
                for (int i = 0; i < n; i++)
                {
                    (var[i], es[i]) = RiskForecasters.SortedTail(sums.AsSpan(i * paths, paths), p);
                }

                return new RiskForecast($"{name}, {blocks.Horizon}-day by simulation ({paths:N0} paths)", p, 0, var, es, deviation, probability);
            }),
        ];
    }
}
