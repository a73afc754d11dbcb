namespace MLNet.Gan.XGBoost;

/// <summary>Default values of <see cref="GradientBoostedTreesOptions"/> (the reference protocol's XGBoost settings).</summary>
public static class GradientBoostedTreesDefaults
{
    /// <summary>Boosting rounds: 300.</summary>
    public const int Rounds = 300;

    /// <summary>Maximum tree depth: 6.</summary>
    public const int MaxDepth = 6;

    /// <summary>Learning rate (eta): 0.1.</summary>
    public const double LearningRate = 0.1;

    /// <summary>Tree method: hist.</summary>
    public const string TreeMethod = "hist";
}

/// <summary>Options of the gradient-boosted-trees classifier (binary:logistic). Defaults from <see cref="GradientBoostedTreesDefaults"/>.</summary>
public sealed class GradientBoostedTreesOptions
{
    /// <summary>Boosting rounds. Default 300.</summary>
    public int Rounds { get; set; } = GradientBoostedTreesDefaults.Rounds;

    /// <summary>Maximum depth (0: unlimited, for loss-guided growth). Default 6.</summary>
    public int MaxDepth { get; set; } = GradientBoostedTreesDefaults.MaxDepth;

    /// <summary>Maximum leaves per tree (0: no limit). Default 0.</summary>
    public int MaxLeaves { get; set; }

    /// <summary>Learning rate. Default 0.1.</summary>
    public double LearningRate { get; set; } = GradientBoostedTreesDefaults.LearningRate;

    /// <summary>Minimum hessian sum per leaf (XGBoost's min_child_weight). Default 1.</summary>
    public double MinChildWeight { get; set; } = 1;

    /// <summary>Grow depth-wise (false) or loss-guided, best leaf first (true). Default false.</summary>
    public bool LossGuided { get; set; }

    /// <summary>Weight of positive rows (the class-weight baseline uses negatives ÷ positives). Default 1.</summary>
    public double ScalePositiveWeight { get; set; } = 1;

    /// <summary>
    /// Pass a categorical column whose every category is a number (codes such as taiwan_default's
    /// PAY_0 = −2…8) to the trees as that number instead of one-hot. Default true: a tree isolates
    /// any code with two splits and keeps the order of ordinal codes, and this is what XGBoost sees
    /// in the reference protocol (a numeric CSV column). Text categories are always one-hot.
    /// </summary>
    public bool NumberCategoriesAsNumbers { get; set; } = true;

    /// <summary>Tree method. Default "hist".</summary>
    public string TreeMethod { get; set; } = GradientBoostedTreesDefaults.TreeMethod;

    /// <summary>Threads. Default: all cores.</summary>
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>Seed. Default 0.</summary>
    public long Seed { get; set; }

    internal IEnumerable<(string Name, string Value)> Parameters()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        yield return ("objective", "binary:logistic");
        yield return ("eval_metric", "logloss");
        yield return ("tree_method", TreeMethod);
        yield return ("max_depth", MaxDepth.ToString(inv));
        yield return ("max_leaves", MaxLeaves.ToString(inv));
        yield return ("eta", LearningRate.ToString(inv));
        yield return ("min_child_weight", MinChildWeight.ToString(inv));
        yield return ("grow_policy", LossGuided ? "lossguide" : "depthwise");
        yield return ("scale_pos_weight", ScalePositiveWeight.ToString(inv));
        yield return ("nthread", Threads.ToString(inv));
        yield return ("seed", Seed.ToString(inv));
        yield return ("verbosity", "0");
    }
}
