using MLNet.Gan.Compute;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Synthesizers;

/// <summary>The mode-coverage benchmark: 8 Gaussians (σ = 0.02) evenly on the unit circle.</summary>
internal static class RingOfGaussians
{
    public const double Sigma = 0.02;

    public static Table Create(int rows, long seed)
    {
        var rng = RandomStream.Create(seed);
        var x = new double[rows];
        var y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double angle = 2 * Math.PI * rng.NextInt(8) / 8;
            x[i] = Math.Cos(angle) + (Sigma * rng.NextNormal());
            y[i] = Math.Sin(angle) + (Sigma * rng.NextNormal());
        }

        return new Table([new NumericColumn("x", x), new NumericColumn("y", y)]);
    }

    /// <summary>Modes with at least 1 % of the samples within 3σ, and the share of samples within 3σ of some mode.</summary>
    public static (int ModesCovered, double ShareNearAMode) Score(Table sample)
    {
        var x = ((NumericColumn)sample["x"]).Values;
        var y = ((NumericColumn)sample["y"]).Values;
        var counts = new int[8];
        int near = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int k = 0; k < 8; k++)
            {
                double angle = 2 * Math.PI * k / 8;
                double dx = x[i] - Math.Cos(angle), dy = y[i] - Math.Sin(angle);
                if (Math.Sqrt((dx * dx) + (dy * dy)) <= 3 * Sigma)
                {
                    counts[k]++;
                    near++;
                    break;
                }
            }
        }

        return (counts.Count(c => c >= 0.01 * x.Length), near / (double)x.Length);
    }
}
