using System.Runtime.InteropServices;

namespace MLNet.Gan.XGBoost;

/// <summary>The subset of XGBoost's C API we call (libxgboost.so.0, Debian's libxgboost0).</summary>
internal static unsafe partial class XGBoostNative
{
    private const string Library = "libxgboost.so.0";

    [LibraryImport(Library)]
    private static partial IntPtr XGBGetLastError();

    [LibraryImport(Library)]
    public static partial int XGDMatrixCreateFromMat(float* data, ulong rows, ulong cols, float missing, out IntPtr handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int XGDMatrixSetFloatInfo(IntPtr handle, string field, float* values, ulong length);

    [LibraryImport(Library)]
    public static partial int XGDMatrixFree(IntPtr handle);

    [LibraryImport(Library)]
    public static partial int XGBoosterCreate(IntPtr* matrices, ulong count, out IntPtr booster);

    [LibraryImport(Library)]
    public static partial int XGBoosterFree(IntPtr booster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int XGBoosterSetParam(IntPtr booster, string name, string value);

    [LibraryImport(Library)]
    public static partial int XGBoosterUpdateOneIter(IntPtr booster, int iteration, IntPtr train);

    [LibraryImport(Library)]
    public static partial int XGBoosterPredict(IntPtr booster, IntPtr matrix, int optionMask, uint treeLimit, int training, out ulong length, out float* result);

    [LibraryImport(Library)]
    public static partial int XGBoosterGetModelRaw(IntPtr booster, out ulong length, out byte* bytes);

    [LibraryImport(Library)]
    public static partial int XGBoosterLoadModelFromBuffer(IntPtr booster, byte* bytes, ulong length);

    /// <summary>Throws with XGBoost's own message when a call failed.</summary>
    public static void Check(int status, string call)
    {
        if (status != 0)
        {
            string message = Marshal.PtrToStringUTF8(XGBGetLastError()) ?? "no message";
            throw new InvalidOperationException($"XGBoost {call} failed: {message}");
        }
    }

    /// <summary>Calls <paramref name="action"/>, turning a missing native library into an error that says how to install it.</summary>
    public static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException(
                $"The XGBoost library ({Library}) was not found. On Debian or Ubuntu install it with: apt-get install libxgboost0 ({e.Message})", e);
        }
    }
}

/// <summary>An XGBoost DMatrix, freed when disposed.</summary>
internal sealed class DMatrixHandle : SafeHandle
{
    public DMatrixHandle(IntPtr handle)
        : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => XGBoostNative.XGDMatrixFree(handle) == 0;
}

/// <summary>An XGBoost booster, freed when disposed.</summary>
internal sealed class BoosterHandle : SafeHandle
{
    public BoosterHandle(IntPtr handle)
        : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => XGBoostNative.XGBoosterFree(handle) == 0;
}
