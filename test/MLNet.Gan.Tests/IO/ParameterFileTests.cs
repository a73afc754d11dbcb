using MLNet.Gan.Compute;
using MLNet.Gan.IO;
using MLNet.Gan.Layers;
using MLNet.Gan.Tests.Layers;

namespace MLNet.Gan.Tests.IO;

[TestClass]
public sealed class ParameterFileTests
{
    private static Sequential Network(long seed)
    {
        var rng = RandomStream.Create(seed);
        return new Sequential(new ResidualConcat(4, 6, rng, "res"), new Linear(10, 3, rng, "out"));
    }

    [TestMethod]
    public void SaveThenLoad_RestoresParametersAndRunningStatistics()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-{Guid.NewGuid():N}.params");
        try
        {
            var source = Network(1);
            source.Forward(GradientCheck.Input(8, 4, 2), training: true); // moves the running statistics
            ParameterStore.Save(path, [.. source.Parameters, .. source.State]);

            var target = Network(99);
            ParameterStore.Load(path, [.. target.Parameters, .. target.State]);
            var all = source.Parameters.Concat(source.State).Zip(target.Parameters.Concat(target.State));
            foreach (var (a, b) in all)
            {
                CollectionAssert.AreEqual(a.Value, b.Value, a.Name);
            }

            var x = GradientCheck.Input(3, 4, 3);
            CollectionAssert.AreEqual(source.Forward(x, false).Span.ToArray(), target.Forward(x, false).Span.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Load_CorruptOrTruncatedFile_GivesClearError()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-{Guid.NewGuid():N}.params");
        try
        {
            var net = Network(1);
            ParameterStore.Save(path, net.Parameters);
            byte[] bytes = File.ReadAllBytes(path);

            bytes[bytes.Length / 2] ^= 0x40;
            File.WriteAllBytes(path, bytes);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => ParameterStore.Load(path, net.Parameters));
            StringAssert.Contains(e.Message, "checksum");
            StringAssert.Contains(e.Message, path);

            File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
            Assert.ThrowsExactly<InvalidDataException>(() => ParameterStore.Load(path, net.Parameters));

            File.WriteAllText(path, "not a model");
            e = Assert.ThrowsExactly<InvalidDataException>(() => ParameterStore.Load(path, net.Parameters));
            StringAssert.Contains(e.Message, "not an MLNet.Gan parameter file");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Load_IntoDifferentShape_NamesTheTensor()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-{Guid.NewGuid():N}.params");
        try
        {
            var rng = RandomStream.Create(1);
            ParameterStore.Save(path, new Linear(3, 4, rng, "fc").Parameters);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => ParameterStore.Load(path, new Linear(3, 5, rng, "fc").Parameters));
            StringAssert.Contains(e.Message, "fc.weight");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void AtomicWrite_FailingWriter_LeavesExistingFileUntouched()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-gan-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(path, "previous");
            Assert.ThrowsExactly<InvalidOperationException>(() => AtomicFile.Write(path, s =>
            {
                s.Write("half"u8);
                throw new InvalidOperationException("writer failed");
            }));
            Assert.AreEqual("previous", File.ReadAllText(path));
            Assert.IsEmpty(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}*"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
