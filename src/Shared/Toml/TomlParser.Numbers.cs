using System.Globalization;

namespace PluginHost.Shared.Toml;

/// <summary>Integers (decimal, hex, octal, binary) and floats (including inf and nan).</summary>
internal sealed partial class TomlParser
{
    private object ParseNumberOrDateTime()
    {
        if (char.IsAsciiDigit(Peek(1)) && char.IsAsciiDigit(Peek(2)) && char.IsAsciiDigit(Peek(3)) && Peek(4) == '-')
            return ParseDateOrDateTime();
        if (char.IsAsciiDigit(Peek(1)) && Peek(2) == ':')
            return ParseTime();
        return ParseNumber();
    }

    private object ParseNumber()
    {
        var start = _pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '.' or '+' or '-')) _pos++;
        var token = _text[start.._pos];
        if (token.Length == 0) throw Error($"expected a value, found {Describe(_pos)}");
        return ParseNumberToken(token, start);
    }

    private object ParseNumberToken(string token, int start)
    {
        var sign = token[0] is '+' or '-' ? token[0] : '\0';
        var body = sign == '\0' ? token : token[1..];
        switch (body)
        {
            case "inf": return sign == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            case "nan": return double.NaN;
        }

        if (body.Length > 1 && body[0] == '0' && body[1] is 'x' or 'o' or 'b')
        {
            if (sign != '\0') throw ErrorAt(start, $"invalid integer '{token}': a sign is not allowed on hex, octal or binary integers");
            var radix = body[1] switch { 'x' => 16, 'o' => 8, _ => 2 };
            return ParseRadixInteger(token, body[2..], radix, start);
        }

        var i = 0;
        var intPart = ReadDigitRun(body, ref i, token, start, "integer part");
        if (intPart.Length > 1 && intPart[0] == '0')
            throw ErrorAt(start, $"invalid number '{token}': leading zeros are not allowed");
        var isFloat = false;
        string frac = "", exp = "";
        if (i < body.Length && body[i] == '.')
        {
            i++;
            isFloat = true;
            frac = "." + ReadDigitRun(body, ref i, token, start, "fractional part after '.'");
        }
        if (i < body.Length && body[i] is 'e' or 'E')
        {
            i++;
            isFloat = true;
            var expSign = i < body.Length && body[i] is '+' or '-' ? body[i++].ToString() : "";
            exp = "e" + expSign + ReadDigitRun(body, ref i, token, start, "exponent after 'e'");
        }
        if (i != body.Length)
            throw ErrorAt(start, $"invalid number '{token}': unexpected '{body[i]}'");

        var signText = sign == '-' ? "-" : "";
        if (isFloat)
            return double.Parse(signText + intPart + frac + exp, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!long.TryParse(signText + intPart, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw ErrorAt(start, $"integer '{token}' does not fit in 64 bits (expected -9223372036854775808 to 9223372036854775807)");
        return value;
    }

    /// <summary>Reads DIGIT *( ["_"] DIGIT ) and returns the digits without underscores.</summary>
    private string ReadDigitRun(string body, ref int i, string token, int start, string what)
    {
        var begin = i;
        var digits = new System.Text.StringBuilder();
        while (i < body.Length)
        {
            var c = body[i];
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
                i++;
            }
            else if (c == '_')
            {
                if (i == begin || i + 1 >= body.Length || !char.IsAsciiDigit(body[i + 1]))
                    throw ErrorAt(start, $"invalid number '{token}': an underscore must be between two digits");
                i++;
            }
            else break;
        }
        if (digits.Length == 0) throw ErrorAt(start, $"invalid number '{token}': expected digits for the {what}");
        return digits.ToString();
    }

    private long ParseRadixInteger(string token, string digits, int radix, int start)
    {
        var name = radix switch { 16 => "hex", 8 => "octal", _ => "binary" };
        if (digits.Length == 0) throw ErrorAt(start, $"invalid {name} integer '{token}': expected digits after the prefix");
        ulong value = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var c = digits[i];
            if (c == '_')
            {
                if (i == 0 || i + 1 >= digits.Length || digits[i + 1] == '_')
                    throw ErrorAt(start, $"invalid {name} integer '{token}': an underscore must be between two digits");
                continue;
            }
            var d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiHexDigit(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (d >= radix) throw ErrorAt(start, $"invalid {name} integer '{token}': '{c}' is not a {name} digit");
            if (value > (ulong)long.MaxValue / (ulong)radix)
                throw ErrorAt(start, $"{name} integer '{token}' does not fit in 64 bits");
            value = value * (ulong)radix + (ulong)d;
            if (value > long.MaxValue) throw ErrorAt(start, $"{name} integer '{token}' does not fit in 64 bits");
        }
        return (long)value;
    }
}
