using MLNet.Gan.Compute;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Evaluation;

[TestClass]
public sealed class AuditMetricsTests
{
    /// <summary>A table with a numeric column (some missing), a correlated one, and a category that depends on x.</summary>
    private static Table Random(int rows, long seed, double shift = 0)
    {
        var rng = RandomStream.Create(seed);
        var x = new double[rows];
        var y = new double[rows];
        var c = new string[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i] = rng.NextNormal() + shift;
            y[i] = i % 17 == 0 ? double.NaN : x[i] + (0.5 * rng.NextNormal());
            c[i] = x[i] > shift ? (rng.NextDouble() < 0.8 ? "hi" : "mid") : "lo";
        }

        return new Table([new NumericColumn("x", x), new NumericColumn("y", y), CategoricalColumn.FromValues("c", c)]);
    }

    [TestMethod]
    public void ContingencySimilarity_IdenticalIsOne_AndAKnownShiftGivesTheExactValue()
    {
        var t = Random(500, 1);
        Assert.AreEqual(1.0, Fidelity.ContingencySimilarity(t, t).Mean, 1e-12);
        Assert.AreEqual(2, Fidelity.ContingencySimilarity(t, t).PerItem.Count); // x~c and y~c; x~y is a correlation pair

        // real: (n=0..9 in bins 0..9, c=a); synthetic: every row in bin 0 with c=a → joint TV = 0.9.
        var real = new Table([new NumericColumn("n", [.. Enumerable.Range(0, 10).Select(i => i + 0.5)]), CategoricalColumn.FromValues("c", [.. Enumerable.Repeat("a", 10)])]);
        var synthetic = new Table([new NumericColumn("n", [.. Enumerable.Repeat(-3.0, 10)]), CategoricalColumn.FromValues("c", [.. Enumerable.Repeat("a", 10)])]);
        Assert.AreEqual(0.1, Fidelity.ContingencySimilarity(real, synthetic).PerItem["n ~ c"], 1e-12);
    }

    [TestMethod]
    public void BlockedNearestNeighbours_MatchBruteForce_OnOddShapes()
    {
        foreach (var (realRows, queryRows) in new[] { (1, 1), (17, 5), (333, 101), (2000, 37) })
        {
            var real = Random(realRows, 2);
            var queries = DistanceSpace.Encode(real, Random(queryRows, 3, shift: 0.3));
            var reference = DistanceSpace.Encode(real, real);
            var blocked = NearestNeighbours.MinDistances(queries, reference);
            var naive = NearestNeighbours.MinDistancesNaive(queries, reference);
            CollectionAssert.AreEqual(naive, blocked, $"{realRows} × {queryRows}");
        }
    }

    [TestMethod]
    public void RowDistance_FollowsTheDefinition()
    {
        var real = new Table([new NumericColumn("n", [0, 10, double.NaN]), CategoricalColumn.FromValues("c", ["a", "b", "a"])]);
        var other = new Table([new NumericColumn("n", [5, double.NaN, 100]), CategoricalColumn.FromValues("c", ["b", "a", "z"])]);
        var r = DistanceSpace.Encode(real, real);
        var o = DistanceSpace.Encode(real, other);
        Assert.AreEqual((0.5f + 1f) / 2, o.Distance(0, r, 0), 1e-6); // |5 − 0| / range 10, category differs
        Assert.AreEqual((1f + 0f) / 2, o.Distance(1, r, 0), 1e-6);   // missing vs present costs 1
        Assert.AreEqual(0f, o.Distance(1, r, 2), 1e-6);              // missing vs missing, same category
        Assert.AreEqual(1f, o.Distance(2, r, 1), 1e-6);              // far beyond the range is capped at 1; an unknown category costs 1
    }

    [TestMethod]
    public void Privacy_CopiesScoreZero_FreshRowsScoreHigh()
    {
        var train = Random(1500, 4);
        var holdout = Random(1500, 5);
        var fresh = Random(1500, 6);
        Assert.AreEqual(0.0, Privacy.NewRowSynthesis(train, train));
        Assert.AreEqual(0.0, Privacy.DcrBaselineProtection(train, train));
        Assert.AreEqual(NewRowsByBruteForce(train, fresh), Privacy.NewRowSynthesis(train, fresh), 1e-12);
        Assert.IsGreaterThan(0.9, Privacy.NewRowSynthesis(train, fresh));
        Assert.AreEqual(0.0, Privacy.DcrOverfittingProtection(train, train, holdout), 1e-12);
        Assert.IsGreaterThan(0.9, Privacy.DcrOverfittingProtection(train, fresh, holdout));
        Assert.AreEqual(1.0, Privacy.MembershipInferenceAuc(train, train, holdout), 1e-12, "copies of the training rows give every member away");
        Assert.AreEqual(0.5, Privacy.MembershipInferenceAuc(train, fresh, holdout), 0.05, "fresh rows from the same distribution tell nothing");
        Assert.AreEqual(1.0, Privacy.MembershipInferenceDensityAuc(train, train, holdout), 1e-3, "copies: every member has a synthetic row at distance 0");
        Assert.AreEqual(0.5, Privacy.MembershipInferenceDensityAuc(train, fresh, holdout), 0.05);
        Assert.AreEqual(0.5, Privacy.MembershipInferenceDensityAuc(train, fresh, holdout.Select([0, 1, 2])), 1e-12, "too few holdout rows to split: no attack");
        // Rows from the real distribution sit closer to real rows than uniform random ones do, but not on them.
        double baseline = Privacy.DcrBaselineProtection(train, fresh);
        Assert.IsTrue(baseline is > 0.01 and < 1, $"{baseline}");

        // One copied row among fresh ones, and one within 1 % of a real row: both count as not new.
        var rows = new List<int> { 0, 1 };
        var mixed = train.Select([.. rows]).Append(fresh.Select([.. Enumerable.Range(2, 98)]));
        var nudged = (NumericColumn)mixed["x"];
        nudged.Values[1] *= 1.005;
        double expected = NewRowsByBruteForce(train, mixed);
        Assert.IsLessThanOrEqualTo(0.98, expected);
        Assert.AreEqual(expected, Privacy.NewRowSynthesis(train, mixed), 1e-12);
    }

    private static double NewRowsByBruteForce(Table real, Table synthetic)
    {
        var (rx, ry, rc) = ((NumericColumn)real["x"], (NumericColumn)real["y"], (CategoricalColumn)real["c"]);
        var (sx, sy, sc) = ((NumericColumn)synthetic["x"], (NumericColumn)synthetic["y"], (CategoricalColumn)synthetic["c"]);
        static bool Near(double s, double r) => double.IsNaN(s) ? double.IsNaN(r) : !double.IsNaN(r) && Math.Abs(s - r) <= 0.01 * Math.Abs(r);
        int fresh = 0;
        for (int i = 0; i < synthetic.RowCount; i++)
        {
            bool matched = false;
            for (int j = 0; j < real.RowCount && !matched; j++)
            {
                matched = Near(sx.Values[i], rx.Values[j]) && Near(sy.Values[i], ry.Values[j]) && sc.Format(i) == rc.Format(j);
            }

            fresh += matched ? 0 : 1;
        }

        return fresh / (double)synthetic.RowCount;
    }

    [TestMethod]
    public void Detection_IdenticalTablesGiveExactlyOneHalf_SeparableOnesNearlyOne()
    {
        var t = Random(600, 7);
        Assert.AreEqual(0.5, Detection.LogisticAuc(t, t), 1e-12);
        Assert.IsGreaterThan(0.99, Detection.LogisticAuc(t, Random(600, 8, shift: 6)));
        double similar = Detection.LogisticAuc(t, Random(600, 9));
        Assert.IsLessThan(0.6, similar, $"two samples of one distribution: {similar}");
    }

    [TestMethod]
    public void Metrics_MatchColumnsByName_AndNameAMissingOrMistypedColumn()
    {
        var real = Random(50, 10);
        var reordered = new Table([real["c"], real["y"], real["x"]]);
        Assert.AreEqual(1.0, Fidelity.ContingencySimilarity(real, reordered).Mean, 1e-12);
        Assert.AreEqual(0.0, Privacy.NewRowSynthesis(real, reordered));

        var missing = new Table([real["x"], real["c"]]);
        var e = Assert.ThrowsExactly<DataFormatException>(() => SyntheticDataAudit.Run(real, missing, null));
        StringAssert.Contains(e.Message, "'y'");
        var mistyped = new Table([real["x"], real["y"], new NumericColumn("c", new double[50])]);
        e = Assert.ThrowsExactly<DataFormatException>(() => SyntheticDataAudit.Run(real, mistyped, null));
        StringAssert.Contains(e.Message, "categorical in the real data but numeric");
    }

    [TestMethod]
    public void Audit_ReportsEveryKey_NullWhereNotComputed()
    {
        var real = Random(400, 11);
        var result = SyntheticDataAudit.Run(real, Random(400, 12), holdout: null);
        var json = result.ToJson();
        foreach (var key in new[] { "ks_complement", "tv_complement", "correlation_similarity", "contingency_similarity", "detection_auc_logistic", "dcr_baseline_protection", "new_row_synthesis" })
        {
            Assert.IsNotNull(json[key], key);
        }

        foreach (var key in new[] { "detection_auc_xgboost", "dcr_overfitting_protection", "membership_inference_auc", "membership_inference_density_auc", "tstr_auc_pr", "trtr_auc_pr" })
        {
            Assert.IsTrue(json.ContainsKey(key), key);
            Assert.IsNull(json[key], key);
        }

        Assert.AreEqual("ks_complement", (string?)json["columns"]!["x"]!["metric"]);
        Assert.AreEqual("tv_complement", (string?)json["columns"]!["c"]!["metric"]);
        Assert.AreEqual("correlation_similarity", (string?)json["pairs"]!["x ~ y"]!["metric"]);
        Assert.AreEqual("contingency_similarity", (string?)json["pairs"]!["x ~ c"]!["metric"]);
    }

    [TestMethod]
    public void Utility_WithoutAHoldout_IsNotMeasured_AndTheAuditSaysWhy()
    {
        // a label that x predicts, and a "classifier" that scores by x: utility would be measurable on any split
        Table Labelled(int rows, long seed)
        {
            var t = Random(rows, seed);
            var x = ((NumericColumn)t["x"]).Values;
            return new Table([.. t.Columns, CategoricalColumn.FromValues("label", [.. x.Select(v => v > 1 ? "yes" : "no")])]);
        }

        var options = new SyntheticDataAuditOptions { Label = "label", Classifier = (_, _) => new ColumnScorer("x") };
        var real = Labelled(400, 13);
        var synthetic = Labelled(400, 14);
        var without = SyntheticDataAudit.Run(real, synthetic, holdout: null, options);
        Assert.IsNull(without.TstrAucPr, "the generator saw every real row: no fair test rows");
        Assert.IsNull(without.TrtrAucPr);
        StringAssert.Contains(without.UtilitySkipped, "holdout");
        StringAssert.Contains((string?)without.ToJson()["utility_skipped"], "never saw");

        var with = SyntheticDataAudit.Run(real, synthetic, Labelled(200, 15), options);
        Assert.IsNotNull(with.TstrAucPr);
        Assert.IsNotNull(with.TrtrAucPr);
        Assert.IsNull(with.UtilitySkipped);
    }

    /// <summary>Scores each row by one numeric column (a classifier stand-in for utility).</summary>
    private sealed class ColumnScorer(string column) : ITableScorer
    {
        public double[] Score(Table table) => [.. ((NumericColumn)table[column]).Values.Select(v => double.IsNaN(v) ? 0 : v)];

        public void Dispose()
        {
        }
    }
}
