using MLNet.Gan.Tabular;

namespace MLNet.Gan.Pipeline;

/// <summary>A fitted step: turns a table into a table (adds scores, appends rows, …).</summary>
public interface ITransformer
{
    /// <summary>Transforms <paramref name="input"/>; the input is never modified.</summary>
    Table Transform(Table input);
}

/// <summary>An unfitted step: learns from a table and returns its transformer.</summary>
public interface IEstimator<out TTransformer>
    where TTransformer : ITransformer
{
    /// <summary>Learns from <paramref name="input"/>.</summary>
    TTransformer Fit(Table input);
}

/// <summary>When a transformer of a chain runs (ML.NET's <c>TransformerScope</c>).</summary>
[Flags]
public enum TransformerScope
{
    /// <summary>Never.</summary>
    None = 0,

    /// <summary>While the chain is being fitted (augmentation belongs here, and only here).</summary>
    Training = 1,

    /// <summary>When the fitted chain transforms evaluation data.</summary>
    Testing = 2,

    /// <summary>When the fitted chain scores new data.</summary>
    Scoring = 4,

    /// <summary>Training and testing.</summary>
    TrainTest = Training | Testing,

    /// <summary>Always (the default).</summary>
    Everything = Training | Testing | Scoring,
}

/// <summary>
/// Estimators applied in order: fitting fits each on the output of the ones before it, running a
/// step's transformer on the training data only if its scope includes <see cref="TransformerScope.Training"/>.
/// </summary>
public sealed class EstimatorChain<TLast> : IEstimator<TransformerChain<TLast>>
    where TLast : class, ITransformer
{
    private readonly (IEstimator<ITransformer> Estimator, TransformerScope Scope)[] _steps;

    internal EstimatorChain((IEstimator<ITransformer>, TransformerScope)[] steps) => _steps = steps;

    /// <summary>The steps and their scopes.</summary>
    public IReadOnlyList<(IEstimator<ITransformer> Estimator, TransformerScope Scope)> Steps => _steps;

    /// <summary>Adds a step.</summary>
    public EstimatorChain<TNew> Append<TNew>(IEstimator<TNew> estimator, TransformerScope scope = TransformerScope.Everything)
        where TNew : class, ITransformer
        => new([.. _steps, (estimator, scope)]);

    /// <inheritdoc />
    public TransformerChain<TLast> Fit(Table input)
    {
        var fitted = new (ITransformer, TransformerScope)[_steps.Length];
        var current = input;
        for (int i = 0; i < _steps.Length; i++)
        {
            var transformer = _steps[i].Estimator.Fit(current);
            fitted[i] = (transformer, _steps[i].Scope);

            // The last step's output is not needed to fit anything.
            if (i < _steps.Length - 1 && _steps[i].Scope.HasFlag(TransformerScope.Training))
            {
                current = transformer.Transform(current);
            }
        }

        return new TransformerChain<TLast>(fitted);
    }
}

/// <summary>
/// Fitted steps applied in order. <see cref="Transform(Table)"/> scores data: steps whose scope lacks
/// <see cref="TransformerScope.Scoring"/> (augmentation) are skipped, so scored data keeps exactly
/// its rows.
/// </summary>
public sealed class TransformerChain<TLast> : ITransformer
    where TLast : class, ITransformer
{
    private readonly (ITransformer Transformer, TransformerScope Scope)[] _steps;

    internal TransformerChain((ITransformer, TransformerScope)[] steps) => _steps = steps;

    /// <summary>The fitted steps and their scopes.</summary>
    public IReadOnlyList<(ITransformer Transformer, TransformerScope Scope)> Steps => _steps;

    /// <summary>The last step's transformer (the classifier, say).</summary>
    public TLast LastTransformer => (TLast)_steps[^1].Transformer;

    /// <summary>Scores data: runs the steps whose scope includes <see cref="TransformerScope.Scoring"/>.</summary>
    public Table Transform(Table input) => Transform(input, TransformerScope.Scoring);

    /// <summary>Runs the steps whose scope includes <paramref name="scope"/>.</summary>
    public Table Transform(Table input, TransformerScope scope)
    {
        var current = input;
        foreach (var (transformer, stepScope) in _steps)
        {
            if ((stepScope & scope) != 0)
            {
                current = transformer.Transform(current);
            }
        }

        return current;
    }
}

/// <summary>Starts chains from single estimators.</summary>
public static class EstimatorExtensions
{
    /// <summary>A chain of <paramref name="first"/> (in <paramref name="firstScope"/>) followed by <paramref name="next"/>.</summary>
    public static EstimatorChain<TNext> Append<TFirst, TNext>(this IEstimator<TFirst> first, IEstimator<TNext> next, TransformerScope scope = TransformerScope.Everything, TransformerScope firstScope = TransformerScope.Everything)
        where TFirst : class, ITransformer
        where TNext : class, ITransformer
        => new EstimatorChain<TFirst>([(first, firstScope)]).Append(next, scope);

    /// <summary>A one-step chain with a scope (to start a chain with augmentation, which belongs to training).</summary>
    public static EstimatorChain<T> WithScope<T>(this IEstimator<T> estimator, TransformerScope scope)
        where T : class, ITransformer
        => new([(estimator, scope)]);
}
