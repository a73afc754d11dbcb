using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
namespace MLNet.Gan.Compute;

/// <summary>
/// One GEMM call's state and its per-thread work. One instance per calling thread, reused, with
/// per-part scratch (packed A, packed B, an edge tile) that grows once and is then kept: a training
/// step allocates nothing here.
/// </summary>
internal sealed unsafe class GemmJob : IParallelWork
{
    private const int KBlock = 256;
    private const int InPlaceRows = 64;
    private const int SplitKFrom = 4 * KBlock; // K from which a product of at most InPlaceRows rows SplitsK
    private const double PackCost = 16; // multiply-adds one packed float costs, about (measured on the critic's products, Zen 5)
    private const int MBlockRows = 512; // rows of A per block, rounded up to whole panels (≤ 532 KiB packed): a training batch of 500 fits in one block on every path, so each B panel is packed once

    [ThreadStatic]
    private static GemmJob? _forThisThread;

    private readonly Scratch[] _scratch = new Scratch[ComputeSettingsLimits.MaxThreads];
    private float[]? _secondHalf; // the second half of K's sums where the product SplitsK (M × N)
    private float* _a, _b, _c;
    private int _m, _n, _k;
    private bool _transA, _transB, _accumulate;
    private SimdPath _path;
    private int _mr, _nr;

    public static GemmJob ForThisThread => _forThisThread ??= new GemmJob();

    public void Configure(float* a, float* b, float* c, int m, int n, int k, bool transA, bool transB, bool accumulate, SimdPath path)
    {
        _a = a;
        _b = b;
        _c = c;
        (_m, _n, _k, _transA, _transB, _accumulate, _path) = (m, n, k, transA, transB, accumulate, path);
        (_mr, _nr) = path switch
        {
            SimdPath.Vector512 => (GemmKernels.Mr512, GemmKernels.Nr512),
            SimdPath.Vector256 => (GemmKernels.Mr256, GemmKernels.Nr256),
            SimdPath.Vector128 => (GemmKernels.Mr128, GemmKernels.Nr128),
            _ => (GemmKernels.MrScalar, GemmKernels.NrScalar),
        };
        if (path == SimdPath.Vector256 && m <= InPlaceRows && Gemm.CeilDiv(m, GemmKernels.Mr256Few) * GemmKernels.Mr256Few < Gemm.CeilDiv(m, _mr) * _mr)
        {
            // few rows, which 6-row panels would pad (the packed critic's 50 to 54): 5-row panels pad less.
            // Each output's sum is the same whatever the panel's height, so results do not change
            _mr = GemmKernels.Mr256Few;
        }

        SplitsK = !transA && m <= InPlaceRows && k >= SplitKFrom && n * 4 >= _nr;
        if (SplitsK && (_secondHalf is null || _secondHalf.Length < m * n))
        {
            _secondHalf = GC.AllocateUninitializedArray<float>(m * n, pinned: true);
        }
    }

    /// <summary>
    /// Whether this product sums its K range in two halves: a row-major A of few rows and a long K, which is the
    /// packed critic's first layer (50 rows by 2,630–3,650 inputs). Split by rows, 5 or 9 row panels divide
    /// unevenly between two threads; split by columns, each part packs all of A. Split by K, each part packs only
    /// its half of A and reads its half of B. The first half sums into C, the second into a buffer that
    /// <see cref="AddSecondHalf"/> adds to C: each output is (C + Σ first half) + Σ second half, on every thread
    /// count, one thread included. A transposed A (a weight gradient) is left out: the sequence GAN's
    /// convolutions have such products, and their results stay as they were.
    /// </summary>
    public bool SplitsK { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int part, int parts)
    {
        ref var s = ref _scratch[part];
        if (_n * 4 < _nr)
        {
            ExecuteNarrow(part, parts, ref s);
            return;
        }

        if (!SplitsK)
        {
            ExecuteRange(part, parts, 0, _k, _c, _accumulate, ref s);
            return;
        }

        int kSplit = Gemm.CeilDiv(Gemm.CeilDiv(_k, KBlock), 2) * KBlock;
        fixed (float* second = _secondHalf)
        {
            if (parts == 1)
            {
                ExecuteRange(0, 1, 0, kSplit, _c, _accumulate, ref s);
                ExecuteRange(0, 1, kSplit, _k, second, accumulate: false, ref s);
                return;
            }

            // even parts take the first half, odd parts the second, each half split between its parts as usual
            int half = part & 1, halfParts = (parts + 1 - half) / 2;
            if (half == 0)
            {
                ExecuteRange(part >> 1, halfParts, 0, kSplit, _c, _accumulate, ref s);
            }
            else
            {
                ExecuteRange(part >> 1, halfParts, kSplit, _k, second, accumulate: false, ref s);
            }
        }
    }

    /// <summary>C += the second half's sums, once every part is done (nothing unless <see cref="SplitsK"/>).</summary>
    public void AddSecondHalf()
    {
        if (SplitsK)
        {
            int count = _m * _n;
            var c = new Span<float>(_c, count);
            TensorPrimitives.Add(c, _secondHalf.AsSpan(0, count), c);
        }
    }

    /// <summary>C (+)= the products over k in [k0, k1) of this part's panels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ExecuteRange(int part, int parts, int k0, int k1, float* cOut, bool accumulate, ref Scratch s)
    {
        int mPanels = Gemm.CeilDiv(_m, _mr);
        int nPanels = Gemm.CeilDiv(_n, _nr);

        bool splitRows = SplitRowsIsCheaper(mPanels, nPanels, parts, k1 - k0);
        int i0 = 0, i1 = _m, j0 = 0, j1 = _n;
        if (splitRows)
        {
            (int p0, int p1) = WorkerPool.Slice(mPanels, part, parts);
            (i0, i1) = (p0 * _mr, Math.Min(p1 * _mr, _m));
        }
        else
        {
            (int p0, int p1) = WorkerPool.Slice(nPanels, part, parts);
            (j0, j1) = (p0 * _nr, Math.Min(p1 * _nr, _n));
        }

        if (i0 >= i1 || j0 >= j1)
        {
            return;
        }

        int mBlock = Gemm.CeilDiv(MBlockRows, _mr) * _mr;
        s.EnsurePacked((mBlock * KBlock) + GemmPacking.PackSlack, KBlock * _nr, _mr * _nr);
        float* aPack = s.APack.Start, bPack = s.BPack.Start, tile = s.Tile.Start;
        {
            for (int pc = k0; pc < k1; pc += KBlock)
            {
                int kc = Math.Min(KBlock, k1 - pc);
                bool addToC = accumulate || pc > k0;
                for (int ic = i0; ic < i1; ic += mBlock)
                {
                    int mc = Math.Min(mBlock, i1 - ic);

                    // Few rows of a row-major A are read in place (only an edge panel is packed): split by columns,
                    // every part would pack all of A, which cost the critic's 50-row products about 8 % of their time
                    bool aInPlace = !_transA && mc <= InPlaceRows && _path != SimdPath.Scalar;
                    int packFrom = aInPlace ? mc / _mr * _mr : 0;
                    if (packFrom < mc)
                    {
                        GemmPacking.PackA(_a, _m, _k, _transA, ic + packFrom, mc - packFrom, pc, kc, _mr, aPack + ((nint)packFrom * kc));
                    }

                    for (int jc = j0; jc < j1; jc += _nr)
                    {
                        int nr = Math.Min(_nr, j1 - jc);

                        // Packed, except a full-width k-major panel used by few rows (the packed critic's 50):
                        // a packed kc×NR panel stays in L1 (in-place rows of a power-of-two stride alias in
                        // the cache), which pays only when many row panels stream through it
                        float* bp = bPack;
                        nint ldb = _nr;
                        if (!_transB && nr == _nr && mc <= InPlaceRows)
                        {
                            bp = _b + ((nint)pc * _n) + jc;
                            ldb = _n;
                        }
                        else
                        {
                            GemmPacking.PackB(_b, _n, _k, _transB, pc, kc, jc, nr, _nr, bPack);
                        }

                        for (int ir = 0; ir < mc; ir += _mr)
                        {
                            int mr = Math.Min(_mr, mc - ir);
                            float* cp = cOut + ((nint)(ic + ir) * _n) + jc;

                            // an edge tile is computed whole into scratch, and only its valid part kept
                            bool whole = mr == _mr && nr == _nr;
                            float* dst = whole ? cp : tile;
                            nint ldd = whole ? _n : _nr;
                            if (aInPlace && mr == _mr)
                            {
                                GemmKernels.TileRows(_path, _mr, _a + ((nint)(ic + ir) * _k) + pc, _k, bp, ldb, kc, dst, ldd, whole && addToC);
                            }
                            else
                            {
                                GemmKernels.Tile(_path, _mr, aPack + ((nint)ir * kc), bp, ldb, kc, dst, ldd, whole && addToC);
                            }

                            if (!whole)
                            {
                                GemmKernels.MergeTile(tile, _nr, cp, _n, mr, nr, addToC);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Narrow outputs (a layer with one or a few outputs): dot products or axpy rows, no padding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ExecuteNarrow(int part, int parts, ref Scratch s)
    {
        (int i0, int i1) = WorkerPool.Slice(_m, part, parts);
        if (i0 >= i1)
        {
            return;
        }

        if (!_transA)
        {
            // C[i,j] = dot(A row i, B column j); B columns made contiguous first when B is k-major.
            if (!_transB)
            {
                s.EnsureNarrow(_n * _k);
                {
                    float* p = s.Narrow.Start;
                    GemmPacking.Transpose(_b, _k, _n, p);
                    GemmKernels.DotRows(_path, _a, p, _c, i0, i1, _n, _k, _accumulate);
                }

                return;
            }

            GemmKernels.DotRows(_path, _a, _b, _c, i0, i1, _n, _k, _accumulate);
            return;
        }

        // Aᵀ·B with A K×M: for every k, C[:, j] += B[k, j] · A[k, :], vectorised along M.
        int width = i1 - i0;
        s.EnsureNarrow(_n * width);
        {
            float* ct = s.Narrow.Start;
            GemmKernels.AxpyColumns(_path, _a, _b, ct, _m, _n, _k, i0, width, _transB);
            for (int i = 0; i < width; i++)
            {
                float* cRow = _c + ((nint)(i0 + i) * _n);
                for (int j = 0; j < _n; j++)
                {
                    float v = ct[((nint)j * width) + i];
                    cRow[j] = _accumulate ? cRow[j] + v : v;
                }
            }
        }
    }

    /// <summary>
    /// Whether one part costs less with the rows split than with the columns split (ties: rows). A part's cost is
    /// its whole panels' multiply-adds, plus <see cref="PackCost"/> for every float it packs: split by rows, each
    /// part packs its own rows of A and all of B; split by columns, all of A and its own columns of B. So
    /// 3,650 weight rows by 256 columns of a weight gradient go by rows, though 8 column panels divide
    /// more evenly than 365 row panels: by columns each part would pack every row of A.
    /// </summary>
    private bool SplitRowsIsCheaper(int mPanels, int nPanels, int parts, int k)
    {
        int rowsEach = Gemm.CeilDiv(mPanels, parts) * _mr, colsEach = Gemm.CeilDiv(nPanels, parts) * _nr;
        double byRows = ((double)rowsEach * nPanels * _nr * k) + (PackCost * (((double)rowsEach * k) + PackedB(rowsEach, _n, k)));
        double byCols = ((double)mPanels * _mr * colsEach * k) + (PackCost * (((double)_m * k) + PackedB(_m, colsEach, k)));
        return byRows <= byCols;
    }

    /// <summary>Floats of B packed for <paramref name="rows"/> rows and <paramref name="cols"/> columns: none where B is read in place.</summary>
    private double PackedB(int rows, int cols, int k) => !_transB && rows <= InPlaceRows ? 0 : (double)k * cols;

    /// <summary>
    /// One part's buffers. Each starts on a cache line and has a line of padding on either side: two parts'
    /// buffers, allocated side by side on the pinned heap, would otherwise share the line where one ends and the
    /// next begins, and two cores writing it every product bounced it between them.
    /// </summary>
    private struct Scratch
    {
        public LineBuffer APack;
        public LineBuffer BPack;
        public LineBuffer Tile;
        public LineBuffer Narrow;

        public void EnsurePacked(int aSize, int bSize, int tileSize)
        {
            APack.Ensure(aSize);
            BPack.Ensure(bSize);
            Tile.Ensure(tileSize);
        }

        public void EnsureNarrow(int size) => Narrow.Ensure(size);
    }

    /// <summary>A pinned buffer of floats whose first value starts a cache line, with at least a line free before and after it.</summary>
    private struct LineBuffer
    {
        private const int LineFloats = 16;
        private float[]? _array;
        private int _size;

        /// <summary>The first value (pinned: it never moves while the buffer lives).</summary>
        public float* Start { get; private set; }

        public void Ensure(int size)
        {
            if (_array is not null && _size >= size)
            {
                return;
            }

            _array = GC.AllocateUninitializedArray<float>(size + (3 * LineFloats), pinned: true);
            float* first = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
            int toLine = (int)((64 - ((nint)first & 63)) & 63) / sizeof(float);
            Start = first + LineFloats + toLine;
            _size = size;
        }
    }
}

/// <summary>Hard limits of the compute layer.</summary>
internal static class ComputeSettingsLimits
{
    /// <summary>Most threads a kernel splits into (see <see cref="ComputeSettings.Threads"/>).</summary>
    public const int MaxThreads = 256;
}
