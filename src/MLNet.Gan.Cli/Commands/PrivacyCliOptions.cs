using System.CommandLine;
using MLNet.Gan.DifferentialPrivacy;

namespace MLNet.Gan.Cli.Commands;

/// <summary><c>--epsilon</c>, <c>--delta</c> and <c>--max-grad-norm</c>, shared by fit and compare.</summary>
internal sealed class PrivacyCliOptions
{
    private readonly Option<double?> _epsilon = new("--epsilon") { Description = "Train with differential privacy (DP-SGD: TVAE's networks, CTGAN's critic with one row per pack and the standard loss) spending this ε over the whole training: per-row gradient clipping, Gaussian noise, Poisson-sampled batches, an RDP accountant. Typical 1 (strong) to 10 (weak)." };
    private readonly Option<double?> _delta = new("--delta") { Description = "With --epsilon: δ, below 1/rows (default 1/(10·rows))." };
    private readonly Option<double> _maxGradNorm = new("--max-grad-norm") { Description = "With --epsilon: the norm each row's gradient is clipped to.", DefaultValueFactory = _ => 1.0 };

    public void AddTo(Command command)
    {
        command.Options.Add(_epsilon);
        command.Options.Add(_delta);
        command.Options.Add(_maxGradNorm);
    }

    /// <summary>", differentially private (ε, δ, C)" for the training line, or nothing.</summary>
    public static string Describe(PrivacyOptions? privacy, int rows)
        => privacy is null ? "" : $", differentially private (ε = {privacy.Epsilon:G3}, δ = {privacy.DeltaFor(rows):G3}, clipping norm {privacy.MaxGradNorm:G3})";

    /// <summary>The privacy budget asked for, or null; checked in full when training plans its noise.</summary>
    public PrivacyOptions? Read(ParseResult result)
    {
        if (result.GetValue(_epsilon) is not double epsilon)
        {
            return result.GetValue(_delta) is null ? null : throw new ArgumentException("--delta needs --epsilon (the privacy budget).");
        }

        return new PrivacyOptions { Epsilon = epsilon, Delta = result.GetValue(_delta), MaxGradNorm = result.GetValue(_maxGradNorm) };
    }
}
