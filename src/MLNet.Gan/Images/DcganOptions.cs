using System.Globalization;
using MLNet.Gan.Synthesizers;

namespace MLNet.Gan.Images;

/// <summary>
/// Options of the class-conditional DCGAN (Radford et al. 2016). The defaults are the worked example's
/// networks (widths 256, 128, 64; 5×5 kernels; LeakyReLU; dropout 0.3 in the discriminator) with the
/// least-squares loss, and the paper's optimiser (Adam, learning rate 2e-4, β₁ 0.5) and initialisation
/// (weights ~ N(0, 0.02)).
/// </summary>
public sealed class DcganOptions
{
    /// <summary>
    /// The loss. Default least squares (Mao et al. 2017), the worked example's. With
    /// <see cref="GanLoss.WassersteinGradientPenalty"/> the discriminator is a critic penalised by
    /// <see cref="GradientPenaltyWeight"/>, and each step pairs a generated image with a real one of the same class.
    /// </summary>
    public GanLoss Loss { get; set; } = GanLoss.LeastSquares;

    /// <summary>λ of the WGAN-GP gradient penalty (used only with that loss). Default 10, the paper's.</summary>
    public float GradientPenaltyWeight { get; set; } = CtGanDefaults.GradientPenaltyWeight;

    /// <summary>
    /// Discriminator updates per generator update, each on its own real and generated batch. Default null: 5 with
    /// <see cref="GanLoss.WassersteinGradientPenalty"/> (the paper's n_critic; with 1, a conditional critic learns too
    /// slowly under the penalty and the generator ignores the class), 1 with the other losses (the DCGAN's alternation).
    /// </summary>
    public int? CriticSteps { get; set; }

    /// <summary>The critic steps this run takes: <see cref="CriticSteps"/>, or the loss's default when it is null.</summary>
    internal int CriticStepsOrDefault => CriticSteps ?? (Loss == GanLoss.WassersteinGradientPenalty ? 5 : 1);

    /// <summary>Passes over the training images. Default 20.</summary>
    public int Epochs { get; set; } = 20;

    /// <summary>Images per step. Default 64.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Width of the generator's noise. Default 100.</summary>
    public int NoiseDimension { get; set; } = 100;

    /// <summary>
    /// Channels of the generator's three upsampling stages, widest first (the discriminator uses the last
    /// two, narrowest first). Default 256, 128, 64.
    /// </summary>
    public IReadOnlyList<int> Channels { get; set; } = [256, 128, 64];

    /// <summary>Adam's step size for both networks. Default 2e-4.</summary>
    public float LearningRate { get; set; } = 2e-4f;

    /// <summary>Adam's β₁ for both networks. Default 0.5.</summary>
    public float Beta1 { get; set; } = 0.5f;

    /// <summary>The discriminator's dropout probability. Default 0.3.</summary>
    public float Dropout { get; set; } = 0.3f;

    /// <summary>The slope of LeakyReLU below zero. Default 0.2.</summary>
    public float LeakySlope { get; set; } = 0.2f;

    /// <summary>Seed of every random draw. Default 0.</summary>
    public long Seed { get; set; }

    /// <summary>
    /// Writes a checkpoint to <see cref="CheckpointPath"/> every this many epochs (0: none), from which
    /// <c>Dcgan.Fit(…, resumeFrom: path)</c> continues exactly as the run would have. Default 0.
    /// </summary>
    public int CheckpointEvery { get; set; }

    /// <summary>The checkpoint file, written atomically over the last one; needed when <see cref="CheckpointEvery"/> is above 0.</summary>
    public string? CheckpointPath { get; set; }

    /// <summary>Receives one report per epoch (both losses). Default none.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>A copy that shares nothing a caller could change (<see cref="Progress"/> is the same receiver).</summary>
    public DcganOptions Clone()
    {
        var copy = (DcganOptions)MemberwiseClone();
        copy.Channels = [.. Channels];
        return copy;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option outside its range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Loss))
        {
            throw OptionChecks.Refuse(nameof(Loss), Loss.ToString(), "Standard, LeastSquares or WassersteinGradientPenalty");
        }

        OptionChecks.AtLeast(GradientPenaltyWeight, 0, nameof(GradientPenaltyWeight));
        OptionChecks.AtLeast(Epochs, 1, nameof(Epochs));
        if (CriticSteps is { } steps)
        {
            OptionChecks.AtLeast(steps, 1, nameof(CriticSteps));
        }

        OptionChecks.AtLeast(BatchSize, 2, nameof(BatchSize));
        OptionChecks.AtLeast(NoiseDimension, 1, nameof(NoiseDimension));
        ArgumentNullException.ThrowIfNull(Channels);
        if (Channels.Count != 3 || Channels.Any(c => c < 1))
        {
            throw OptionChecks.Refuse(nameof(Channels), string.Join(",", Channels.Select(c => c.ToString(CultureInfo.InvariantCulture))), "three channel counts of at least 1");
        }

        OptionChecks.Positive(LearningRate, nameof(LearningRate));
        OptionChecks.InRange(Beta1, 0, 1, nameof(Beta1));
        OptionChecks.InRange(Dropout, 0, 1, nameof(Dropout));
        OptionChecks.InRange(LeakySlope, 0, 1, nameof(LeakySlope));
        OptionChecks.AtLeast(CheckpointEvery, 0, nameof(CheckpointEvery));
        if (CheckpointEvery > 0 && string.IsNullOrEmpty(CheckpointPath))
        {
            throw new ArgumentException("CheckpointEvery above 0 needs a CheckpointPath.", nameof(CheckpointPath));
        }
    }
}
