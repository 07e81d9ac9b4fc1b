using System.Globalization;
using System.Numerics;

namespace PluginHost.Wasm.Text;

/// <summary>Parses the text format's integer and float literals (hex, underscores, inf, nan:0x payloads).</summary>
public static class Numbers
{
    /// <summary>An unsigned literal without sign (indices, offsets, limits) in 0..max, or null when the text is not one.</summary>
    public static ulong? Unsigned(string text, ulong max)
    {
        var magnitude = Magnitude(text);
        if (magnitude is null || magnitude > max) return null;
        return (ulong)magnitude.Value;
    }

    /// <summary>True when the text has the shape of an unsigned integer literal (whatever its size).</summary>
    public static bool LooksUnsigned(string text) => Magnitude(text) is not null;

    /// <summary>An iN literal (signed or unsigned) as its bit pattern; null when malformed, throws OverflowException when out of range.</summary>
    public static ulong? Integer(string text, int bits)
    {
        var sign = text.Length > 0 && text[0] is '+' or '-' ? text[0] : '\0';
        var magnitude = Magnitude(sign == '\0' ? text : text[1..]);
        if (magnitude is null) return null;
        var m = magnitude.Value;
        var half = BigInteger.One << (bits - 1);
        var mask = (BigInteger.One << bits) - 1;
        switch (sign)
        {
            case '-':
                if (m > half) throw new OverflowException();
                return (ulong)((-m) & mask);
            case '+':
                if (m >= half) throw new OverflowException();
                return (ulong)m;
            default:
                if (m > mask) throw new OverflowException();
                return (ulong)m;
        }
    }

    private static BigInteger? Magnitude(string text)
    {
        var hex = text.StartsWith("0x", StringComparison.Ordinal);
        var digits = hex ? text[2..] : text;
        var clean = Digits(digits, hex);
        if (clean is null) return null;
        return hex ? BigInteger.Parse("0" + clean, NumberStyles.HexNumber, CultureInfo.InvariantCulture) : BigInteger.Parse(clean, CultureInfo.InvariantCulture);
    }

    /// <summary>The digits without underscores, or null when the text is not a digit run with single inner underscores.</summary>
    private static string? Digits(string text, bool hex)
    {
        if (text.Length == 0) return null;
        var result = new System.Text.StringBuilder(text.Length);
        var lastUnderscore = true;
        foreach (var c in text)
        {
            if (c == '_')
            {
                if (lastUnderscore) return null;
                lastUnderscore = true;
                continue;
            }
            if (!(char.IsAsciiDigit(c) || (hex && char.IsAsciiHexDigit(c)))) return null;
            result.Append(c);
            lastUnderscore = false;
        }
        return lastUnderscore ? null : result.ToString();
    }

    /// <summary>An f32 literal as its bits; null when malformed, throws OverflowException when out of range.</summary>
    public static uint? F32(string text) => (uint?)Float(text, 23, 8);

    /// <summary>An f64 literal as its bits; null when malformed, throws OverflowException when out of range.</summary>
    public static ulong? F64(string text) => Float(text, 52, 11);

    private static ulong? Float(string text, int mantBits, int expBits)
    {
        var negative = text.StartsWith('-');
        var body = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        var signBit = negative ? 1UL << (mantBits + expBits) : 0;
        var expMask = (1UL << expBits) - 1;
        if (body == "inf") return signBit | (expMask << mantBits);
        if (body == "nan") return signBit | (expMask << mantBits) | (1UL << (mantBits - 1));
        if (body.StartsWith("nan:0x", StringComparison.Ordinal))
        {
            var payload = Digits(body[6..], hex: true);
            if (payload is null) return null;
            var p = BigInteger.Parse("0" + payload, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (p == 0 || p >= (BigInteger.One << mantBits)) throw new OverflowException();
            return signBit | (expMask << mantBits) | (ulong)p;
        }
        ulong? magnitude = body.StartsWith("0x", StringComparison.Ordinal) ? HexFloat(body[2..], mantBits, expBits) : DecimalFloat(body, mantBits);
        return magnitude is null ? null : signBit | magnitude.Value;
    }

    /// <summary>Splits mantissa "int.frac" and exponent at the exponent marker; checks digit groups.</summary>
    private static (string Int, string Frac, string Exp)? Split(string body, bool hex)
    {
        var e = body.IndexOfAny(hex ? ['p', 'P'] : ['e', 'E']);
        var mant = e < 0 ? body : body[..e];
        var expText = e < 0 ? "0" : body[(e + 1)..];
        var dot = mant.IndexOf('.');
        var intPart = dot < 0 ? mant : mant[..dot];
        var fracPart = dot < 0 ? "" : mant[(dot + 1)..];
        var intDigits = Digits(intPart, hex);
        if (intDigits is null) return null;
        var fracDigits = fracPart.Length == 0 ? "" : Digits(fracPart, hex);
        if (fracDigits is null) return null;
        var expSign = expText.Length > 0 && expText[0] is '+' or '-' ? expText[..1] : "";
        var expDigits = Digits(expText[expSign.Length..], hex: false);
        if (expDigits is null) return null;
        return (intDigits, fracDigits, expSign + expDigits);
    }

    private static ulong? DecimalFloat(string body, int mantBits)
    {
        var parts = Split(body, hex: false);
        if (parts is null) return null;
        var (i, f, e) = parts.Value;
        // Huge exponents: clamp so the runtime parser sees 0 or infinity.
        var exp = BigInteger.Parse(e, CultureInfo.InvariantCulture);
        if (exp > 100000) exp = 100000;
        if (exp < -100000) exp = -100000;
        var normalized = $"{i}.{(f.Length == 0 ? "0" : f)}e{exp}";
        if (mantBits == 23)
        {
            var value = float.Parse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (float.IsInfinity(value)) throw new OverflowException();
            return BitConverter.SingleToUInt32Bits(value);
        }
        var d = double.Parse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(d)) throw new OverflowException();
        return BitConverter.DoubleToUInt64Bits(d);
    }

    private static ulong? HexFloat(string body, int mantBits, int expBits)
    {
        var parts = Split(body, hex: true);
        if (parts is null) return null;
        var (i, f, e) = parts.Value;
        var m = BigInteger.Parse("0" + i + f, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var exp = BigInteger.Parse(e, CultureInfo.InvariantCulture) - 4 * f.Length;
        if (m.IsZero) return 0;
        if (exp > 100000) throw new OverflowException();
        if (exp < -100000) return 0;
        return RoundBinary(m, (int)exp, mantBits, expBits);
    }

    /// <summary>Rounds m * 2^exp to the nearest float (ties to even) and returns its bits without sign.</summary>
    private static ulong RoundBinary(BigInteger m, int exp, int mantBits, int expBits)
    {
        var bias = (1 << (expBits - 1)) - 1;
        var bitLength = (int)m.GetBitLength();
        // Value = m * 2^exp; the leading bit has weight 2^(exp + bitLength - 1).
        var e = exp + bitLength - 1;
        var minExp = 1 - bias;
        var keepBits = e >= minExp ? mantBits + 1 : mantBits + 1 - (minExp - e);
        if (keepBits < 0) return 0;
        var shift = bitLength - keepBits;
        BigInteger kept;
        if (shift > 0)
        {
            kept = m >> shift;
            var rest = m - (kept << shift);
            var halfway = BigInteger.One << (shift - 1);
            if (rest > halfway || (rest == halfway && !kept.IsEven)) kept += 1;
        }
        else kept = m << -shift;
        // Exponent of the kept integer's unit.
        var unitExp = exp + shift;
        if (kept.IsZero) return 0;
        var keptBits = (int)kept.GetBitLength();
        var top = unitExp + keptBits - 1;
        if (top > bias) throw new OverflowException();
        if (top < minExp)
        {
            // Subnormal: mantissa is kept * 2^(unitExp - (minExp - mantBits)).
            var sub = kept << (unitExp - (minExp - mantBits));
            return (ulong)sub;
        }
        // Normalise kept to mantBits + 1 bits.
        var norm = keptBits > mantBits + 1 ? kept >> (keptBits - mantBits - 1) : kept << (mantBits + 1 - keptBits);
        var biased = (ulong)(top + bias);
        return (biased << mantBits) | ((ulong)norm & ((1UL << mantBits) - 1));
    }
}
