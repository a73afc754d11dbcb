using MLNet.Gan.Encoding;
using MLNet.Gan.Synthesizers;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Synthesizers;

[TestClass]
public sealed class TrainingAllocationTests
{
    [TestMethod]
    [DataRow(GanLoss.WassersteinGradientPenalty)]
    [DataRow(GanLoss.Standard)]
    public void TrainingStep_AfterWarmUp_AllocatesNothing(GanLoss loss)
    {
        var table = CsvTable.Read(SharedData.File("taiwan_default.csv.gz"), new CsvReadOptions
        {
            Label = "default payment next month",
            Drop = ["ID"],
            Discrete = SharedData.TaiwanDiscrete,
        }).StratifiedSplit(0.1, seed: 0).Test;
        var encoder = TableEncoder.Fit(table);
        var training = new CtGanTraining(new CtGanOptions { Loss = loss }, encoder.Transform(table, 0), new ConditionSampler(encoder, table));
        training.Step(); // first step sizes every buffer
        training.Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            training.Step();
        }

        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated by 5 training steps");
    }
}
