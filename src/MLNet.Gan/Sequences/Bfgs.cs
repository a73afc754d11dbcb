namespace MLNet.Gan.Sequences;

/// <summary>
/// BFGS with central-difference gradients and a backtracking (Armijo) line search: for smooth
/// objectives of a few well-scaled parameters, such as a GARCH likelihood in unconstrained coordinates.
/// </summary>
internal static class Bfgs
{
    /// <summary>The minimiser of <paramref name="f"/> from <paramref name="x0"/>, and the iterations taken.</summary>
    public static (double[] X, int Iterations) Minimize(Func<double[], double> f, double[] x0, int maxIterations = 500, double tolerance = 1e-9)
    {
        int n = x0.Length;
        var x = (double[])x0.Clone();
        double fx = f(x);
        var g = Gradient(f, x);
        var inverse = Identity(n);
        int iteration = 0;
        for (; iteration < maxIterations; iteration++)
        {
            var direction = new double[n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    direction[i] -= inverse[i, j] * g[j];
                }
            }

            double slope = Dot(direction, g);
            if (slope >= 0)
            {
                // not a descent direction (the approximation went wrong): restart from steepest descent
                inverse = Identity(n);
                for (int i = 0; i < n; i++)
                {
                    direction[i] = -g[i];
                }

                slope = Dot(direction, g);
            }

            double step = 1;
            var next = new double[n];
            double fNext;
            while (true)
            {
                for (int i = 0; i < n; i++)
                {
                    next[i] = x[i] + (step * direction[i]);
                }

                fNext = f(next);
                if (fNext <= fx + (1e-4 * step * slope) || step < 1e-12)
                {
                    break;
                }

                step /= 2;
            }

            if (!(fNext < fx))
            {
                break; // no progress along the direction: a minimum to the gradient's precision
            }

            var gNext = Gradient(f, next);
            var s = new double[n];
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                s[i] = next[i] - x[i];
                y[i] = gNext[i] - g[i];
            }

            double improvement = fx - fNext;
            (x, fx, g) = (next, fNext, gNext);
            if (improvement < tolerance * (1 + Math.Abs(fx)) && Math.Sqrt(Dot(g, g)) < 1e-4)
            {
                break;
            }

            double sy = Dot(s, y);
            if (sy > 1e-12)
            {
                Update(inverse, s, y, sy);
            }
        }

        return (x, iteration);
    }

    /// <summary>H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1 / (yᵀ s).</summary>
    private static void Update(double[,] h, double[] s, double[] y, double sy)
    {
        int n = s.Length;
        double rho = 1 / sy;
        var hy = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                hy[i] += h[i, j] * y[j];
            }
        }

        double yhy = Dot(y, hy);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                h[i, j] += (((1 + (rho * yhy)) * rho * s[i] * s[j]) - (rho * ((hy[i] * s[j]) + (s[i] * hy[j]))));
            }
        }
    }

    private static double[] Gradient(Func<double[], double> f, double[] x)
    {
        var g = new double[x.Length];
        var probe = (double[])x.Clone();
        for (int i = 0; i < x.Length; i++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(x[i]));
            probe[i] = x[i] + h;
            double up = f(probe);
            probe[i] = x[i] - h;
            double down = f(probe);
            probe[i] = x[i];
            g[i] = (up - down) / (2 * h);
        }

        return g;
    }

    private static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            m[i, i] = 1;
        }

        return m;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }
}
