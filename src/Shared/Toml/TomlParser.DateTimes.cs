namespace PluginHost.Shared.Toml;

/// <summary>RFC 3339 dates and times: offset date-time, local date-time, local date, local time.</summary>
internal sealed partial class TomlParser
{
    private object ParseDateOrDateTime()
    {
        var start = _pos;
        var year = ReadFixedDigits(4, "year");
        Expect('-', "'-' between year and month");
        var month = ReadFixedDigits(2, "month");
        Expect('-', "'-' between month and day");
        var day = ReadFixedDigits(2, "day");
        if (month is < 1 or > 12) throw ErrorAt(start, $"invalid date: month {month:D2} is not 01-12");
        var days = DaysInMonth(year, month);
        if (day < 1 || day > days) throw ErrorAt(start, $"invalid date: day {day:D2} is not 01-{days:D2} for {year:D4}-{month:D2}");
        var date = new TomlLocalDate(year, month, day);

        var c = Peek();
        if (c is 'T' or 't') _pos++;
        else if (c == ' ' && char.IsAsciiDigit(Peek(1))) _pos++;
        else return date;

        var time = ParseTime();
        c = Peek();
        if (c is 'Z' or 'z')
        {
            _pos++;
            return new TomlOffsetDateTime(date, time, 0);
        }
        if (c is '+' or '-')
        {
            var offsetStart = _pos;
            _pos++;
            var hours = ReadFixedDigits(2, "offset hours");
            Expect(':', "':' between offset hours and minutes");
            var minutes = ReadFixedDigits(2, "offset minutes");
            if (hours > 23 || minutes > 59) throw ErrorAt(offsetStart, $"invalid offset {_text[offsetStart.._pos]}: expected hours 00-23 and minutes 00-59");
            var total = hours * 60 + minutes;
            return new TomlOffsetDateTime(date, time, c == '-' ? -total : total);
        }
        return new TomlLocalDateTime(date, time);
    }

    private TomlLocalTime ParseTime()
    {
        var start = _pos;
        var hour = ReadFixedDigits(2, "hour");
        Expect(':', "':' between hour and minute");
        var minute = ReadFixedDigits(2, "minute");
        Expect(':', "':' and seconds (TOML 1.0 requires seconds in a time)");
        var second = ReadFixedDigits(2, "second");
        var nanos = 0;
        if (Peek() == '.')
        {
            _pos++;
            var fracStart = _pos;
            while (!AtEnd && char.IsAsciiDigit(_text[_pos])) _pos++;
            if (_pos == fracStart) throw Error($"expected digits after '.' in fractional seconds, found {Describe(_pos)}");
            var digits = _text[fracStart..Math.Min(_pos, fracStart + 9)].PadRight(9, '0');
            nanos = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        }
        if (hour > 23) throw ErrorAt(start, $"invalid time: hour {hour:D2} is not 00-23");
        if (minute > 59) throw ErrorAt(start, $"invalid time: minute {minute:D2} is not 00-59");
        if (second > 60) throw ErrorAt(start, $"invalid time: second {second:D2} is not 00-60");
        return new TomlLocalTime(hour, minute, second, nanos);
    }

    private int ReadFixedDigits(int count, string what)
    {
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            var c = Peek();
            if (!char.IsAsciiDigit(c)) throw Error($"expected {count} digits for the {what}, found {Describe(_pos)}");
            value = value * 10 + (c - '0');
            _pos++;
        }
        return value;
    }

    private void Expect(char c, string what)
    {
        if (Peek() != c) throw Error($"expected {what}, found {Describe(_pos)}");
        _pos++;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };
}
