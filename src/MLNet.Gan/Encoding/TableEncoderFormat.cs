using System.Text;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Encoding;

/// <summary>Binary form of a fitted <see cref="TableEncoder"/>, stored inside model archives.</summary>
internal static class TableEncoderFormat
{
    private const int Version = 4; // 2: point masses after the modes of a continuous column; identifier columns. 3: a log-scale flag after the point masses. 4: pooled rare categories after a discrete column's categories; linked point masses after the columns

    private const byte IdentifierKind = 2;

    /// <summary>Writes the encoder.</summary>
    public static void Write(TableEncoder encoder, Stream stream)
    {
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(Version);
        w.Write(encoder.Columns.Count);
        foreach (var column in encoder.Columns)
        {
            w.Write(column.Name);
            switch (column)
            {
                case ContinuousEncoder c:
                    w.Write((byte)ColumnKind.Continuous);
                    w.Write(c.HasMissing);
                    w.Write(c.IsInteger);
                    w.Write(c.Min);
                    w.Write(c.Max);
                    w.Write(c.MissingToken);
                    w.Write(c.Modes.Count);
                    for (int j = 0; j < c.Modes.Count; j++)
                    {
                        w.Write(c.Modes.Weights[j]);
                        w.Write(c.Modes.Means[j]);
                        w.Write(c.Modes.StdDevs[j]);
                    }

                    w.Write(c.PointMasses.Count);
                    foreach (double mass in c.PointMasses)
                    {
                        w.Write(mass);
                    }

                    w.Write(c.LogScale);

                    break;
                case IdentifierEncoder id:
                    w.Write(IdentifierKind);
                    w.Write(id.Max);
                    w.Write(id.MissingToken);
                    break;
                case DiscreteEncoder d:
                    w.Write((byte)ColumnKind.Discrete);
                    w.Write(d.Categories.Count);
                    foreach (var category in d.Categories)
                    {
                        w.Write(category);
                    }

                    w.Write(d.Pooled.Count);
                    for (int j = 0; j < d.Pooled.Count; j++)
                    {
                        w.Write(d.Pooled[j]);
                        w.Write(d.PooledCounts[j]);
                    }

                    break;
                default:
                    throw new NotSupportedException($"Unknown column encoder {column.GetType().Name}.");
            }
        }

        w.Write(encoder.Links.Count);
        foreach (var link in encoder.Links)
        {
            w.Write(link.Value);
            w.Write(link.Columns.Count);
            foreach (int i in link.Columns)
            {
                w.Write(i);
            }
        }
    }

    /// <summary>Reads an encoder written by <see cref="Write"/>; <paramref name="source"/> names the file in errors.</summary>
    public static TableEncoder Read(Stream stream, string source)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        int version = r.ReadInt32();
        if (version is < 1 or > Version)
        {
            throw new InvalidDataException($"'{source}': encoder format version {version}; this build reads versions 1 to {Version}.");
        }

        int count = r.ReadInt32();
        var columns = new ColumnEncoder[count];
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadString();
            var kind = (ColumnKind)r.ReadByte();
            if (kind == ColumnKind.Continuous)
            {
                bool hasMissing = r.ReadBoolean();
                bool isInteger = r.ReadBoolean();
                double min = r.ReadDouble();
                double max = r.ReadDouble();
                string token = r.ReadString();
                int k = r.ReadInt32();
                var (w, m, s) = (new double[k], new double[k], new double[k]);
                for (int j = 0; j < k; j++)
                {
                    (w[j], m[j], s[j]) = (r.ReadDouble(), r.ReadDouble(), r.ReadDouble());
                }

                var masses = new double[version >= 2 ? r.ReadInt32() : 0];
                for (int j = 0; j < masses.Length; j++)
                {
                    masses[j] = r.ReadDouble();
                }

                bool logScale = version >= 3 && r.ReadBoolean();
                columns[i] = new ContinuousEncoder(name, new GaussianMixture1D(w, m, s), hasMissing, isInteger, min, max, token, masses, logScale);
            }
            else if ((byte)kind == IdentifierKind)
            {
                columns[i] = new IdentifierEncoder(name, r.ReadDouble(), r.ReadString());
            }
            else if (kind == ColumnKind.Discrete)
            {
                int n = r.ReadInt32();
                var categories = new string[n];
                for (int j = 0; j < n; j++)
                {
                    categories[j] = r.ReadString();
                }

                int pooledCount = version >= 4 ? r.ReadInt32() : 0;
                var (pooled, pooledCounts) = (new string[pooledCount], new int[pooledCount]);
                for (int j = 0; j < pooledCount; j++)
                {
                    (pooled[j], pooledCounts[j]) = (r.ReadString(), r.ReadInt32());
                }

                columns[i] = new DiscreteEncoder(name, categories, pooled, pooledCounts);
            }
            else
            {
                throw new InvalidDataException($"'{source}': unknown column kind {(int)kind} for column '{name}'.");
            }
        }

        var links = new LinkedPointMass[version >= 4 ? r.ReadInt32() : 0];
        for (int l = 0; l < links.Length; l++)
        {
            double value = r.ReadDouble();
            var members = new int[r.ReadInt32()];
            for (int j = 0; j < members.Length; j++)
            {
                members[j] = r.ReadInt32();
                if (members[j] < 0 || members[j] >= count || columns[members[j]] is not ContinuousEncoder)
                {
                    throw new InvalidDataException($"'{source}': a linked point mass names column {members[j]}, which is not a continuous column.");
                }
            }

            links[l] = new LinkedPointMass(value, members);
        }

        return new TableEncoder(columns, links);
    }
}
