using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Steward.Analytics.Profiling;

/// <summary>
/// HyperLogLog distinct-count sketch with 2^p one-byte registers (p = 14 by default: standard error
/// 1.04/√m ≈ 0.81 %). Register j = max over hashed items routed to j of ρ = position of the first 1-bit.
/// Estimate E = α_m·m²/Σ 2^(−M_j); when E ≤ 2.5m and some register is 0, linear counting m·ln(m/V) is used.
/// Hashes are a fixed 64-bit mix (SplitMix64 finaliser), so sketches are deterministic and mergeable
/// (register-wise max). Reference: Flajolet, Fusy, Gandouet, Meunier, "HyperLogLog" (AofA 2007);
/// Heule, Nunkesser, Hall, "HyperLogLog in Practice" (EDBT 2013) for the 64-bit hash.
/// </summary>
public sealed class HyperLogLog
{
    private readonly byte[] _registers;

    /// <summary>Creates an empty sketch with 2^<paramref name="precision"/> registers.</summary>
    /// <param name="precision">p in [4, 18].</param>
    public HyperLogLog(int precision = 14)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, 18);
        Precision = precision;
        _registers = new byte[1 << precision];
    }

    /// <summary>p: the sketch has 2^p registers.</summary>
    public int Precision { get; }

    /// <summary>Relative standard error 1.04/√(2^p).</summary>
    public double RelativeStandardError => 1.04 / Math.Sqrt(_registers.Length);

    /// <summary>Adds a number; −0.0 and 0.0 count as the same value.</summary>
    /// <param name="value">The value.</param>
    public void Add(double value) => AddHash(Mix((ulong)BitConverter.DoubleToInt64Bits(value == 0 ? 0.0 : value)));

    /// <summary>Adds a text value (hash of its UTF-16 code units).</summary>
    /// <param name="value">The value.</param>
    public void Add(ReadOnlySpan<char> value) => AddHash(HashChars(value));

    /// <summary>Adds a precomputed 64-bit hash.</summary>
    /// <param name="hash">A well-mixed 64-bit hash.</param>
    public void AddHash(ulong hash)
    {
        var idx = (int)(hash >> (64 - Precision));
        var w = (hash << Precision) | (1UL << (Precision - 1));
        var rho = (byte)(BitOperations.LeadingZeroCount(w) + 1);
        ref var r = ref _registers[idx];
        if (rho > r)
        {
            r = rho;
        }
    }

    /// <summary>Merges another sketch of the same precision (register-wise maximum).</summary>
    /// <param name="other">The other sketch.</param>
    public void Merge(HyperLogLog other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Precision != Precision)
        {
            throw new ArgumentException("precision differs", nameof(other));
        }

        for (var i = 0; i < _registers.Length; i++)
        {
            if (other._registers[i] > _registers[i])
            {
                _registers[i] = other._registers[i];
            }
        }
    }

    /// <summary>The distinct-count estimate (rounded).</summary>
    /// <returns>Estimated number of distinct values added.</returns>
    public long Estimate()
    {
        var m = (double)_registers.Length;
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += Math.ScaleB(1.0, -r);
            if (r == 0)
            {
                zeros++;
            }
        }

        var alpha = 0.7213 / (1 + (1.079 / m));
        var e = alpha * m * m / sum;
        if (e <= 2.5 * m && zeros > 0)
        {
            e = m * Math.Log(m / zeros);
        }

        return (long)Math.Round(e);
    }

    /// <summary>SplitMix64 finaliser: a bijective 64-bit mix.</summary>
    /// <param name="z">Input bits.</param>
    /// <returns>Mixed bits.</returns>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Deterministic 64-bit hash of UTF-16 text (8-byte blocks mixed with <see cref="Mix"/>).</summary>
    /// <param name="value">The text.</param>
    /// <returns>The hash.</returns>
    public static ulong HashChars(ReadOnlySpan<char> value)
    {
        var bytes = MemoryMarshal.AsBytes(value);
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)bytes.Length;
        while (bytes.Length >= 8)
        {
            h = Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes)) + 0x9E3779B97F4A7C15UL;
            bytes = bytes[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            tail |= (ulong)bytes[i] << (8 * i);
        }

        return Mix(h ^ tail ^ 0xD6E8FEB86659FD93UL);
    }
}
