// Serious delinquency on give_me_some_credit: CTGAN augmentation of the rare class and a FastTree
// classifier in one ML.NET pipeline; saved with ML.NET, loaded, and scored with a PredictionEngine;
// exported to ONNX for services that score with ONNX Runtime.
// Usage: dotnet run -- [path to give_me_some_credit.csv.gz]   (default: ../shared/data/…)
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.DataViews;
using MLNet.Gan.Pipeline;

string path = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "data", "give_me_some_credit.csv.gz");

var ml = new MLContext(seed: 0);
IDataView data = ml.Data.LoadFromCsv(path);
var split = ml.Data.StratifiedTrainTestSplit(data, "SeriousDlqin2yrs", testFraction: 0.3);
var pipeline = ml.Transforms.FeaturizeForTrees(data.Schema, "SeriousDlqin2yrs", positiveClass: "1")
    .Append(ml.BinaryClassification.Trainers.FastTree())
    .WithAugmentation(ml.Augmentation.CtGan("SeriousDlqin2yrs", "1", targetRatio: 0.25));
var model = pipeline.Fit(split.TrainSet);

var metrics = ml.BinaryClassification.EvaluateWithAveragePrecision(model.Transform(split.TestSet));
Console.WriteLine($"Test rows: {metrics.Rows:N0}; average precision {metrics.AveragePrecision:F4}, ROC-AUC {metrics.RocAuc:F4}, F1 {metrics.F1:F4}");
ml.Model.Save(model, split.TrainSet.Schema, "model.zip");
using (var onnx = File.Create("model.onnx"))
{
    ml.Model.ConvertToOnnx(model, split.TrainSet, onnx);   // the fitted model holds stock ML.NET transforms and FastTree only
}

Console.WriteLine($"Wrote model.zip and model.onnx ({new FileInfo("model.onnx").Length / 1024:N0} KiB)");

// What a scoring service does: load the saved model and score one applicant.
var loaded = ml.Model.Load("model.zip", out _);
var engine = ml.Model.CreatePredictionEngine<Loan, Delinquency>(loaded);
var applicant = new Loan { RevolvingUtilization = 0.9f, Age = 35, PastDue30To59 = 2, DebtRatio = 0.5f, MonthlyIncome = float.NaN, OpenCreditLines = 6, Late90 = 1, RealEstateLoans = 0, PastDue60To89 = 1, Dependents = 2 };
var prediction = engine.Predict(applicant);
Console.WriteLine($"Applicant (income unknown, 2 late payments): probability of serious delinquency {prediction.Probability:F3}");

/// <summary>One loan, as the CSV's columns (the label is read by the pipeline's first step, so it is here too).</summary>
internal sealed class Loan
{
    public float SeriousDlqin2yrs { get; set; }

    [ColumnName("RevolvingUtilizationOfUnsecuredLines")]
    public float RevolvingUtilization { get; set; }

    [ColumnName("age")]
    public float Age { get; set; }

    [ColumnName("NumberOfTime30-59DaysPastDueNotWorse")]
    public float PastDue30To59 { get; set; }

    public float DebtRatio { get; set; }

    public float MonthlyIncome { get; set; }

    [ColumnName("NumberOfOpenCreditLinesAndLoans")]
    public float OpenCreditLines { get; set; }

    [ColumnName("NumberOfTimes90DaysLate")]
    public float Late90 { get; set; }

    [ColumnName("NumberRealEstateLoansOrLines")]
    public float RealEstateLoans { get; set; }

    [ColumnName("NumberOfTime60-89DaysPastDueNotWorse")]
    public float PastDue60To89 { get; set; }

    [ColumnName("NumberOfDependents")]
    public float Dependents { get; set; }
}

/// <summary>What FastTree adds.</summary>
internal sealed class Delinquency
{
    public float Probability { get; set; }
}
