using System.Globalization;

namespace Steward.Analytics.Bias;

/// <summary>Numbers printed the way Python's <c>str()</c> prints them, so report strings match Clarify's.</summary>
internal static class ClarifyFormat
{
    /// <summary>An integer value: <c>str(4)</c> = <c>"4"</c>.</summary>
    public static string Integer(double value) => ((long)value).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A float as Python's <c>repr</c>: shortest round-trip digits, positional when the decimal exponent is in
    /// [−4, 16), otherwise <c>d.ddde±XX</c>; integral values keep a trailing <c>.0</c>.
    /// </summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "R" gives the shortest round-trip digits; lay them out as Python does.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        string mantissa;
        int exponent;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            mantissa = shortest;
            exponent = 0;
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot >= 0 ? mantissa.Remove(dot, 1) : mantissa;
        var pointPosition = (dot >= 0 ? dot : mantissa.Length) + exponent; // digits before the decimal point
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.TrimStart('0');
        pointPosition -= leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var decimalExponent = pointPosition - 1; // scientific exponent of the first digit
        var sign = value < 0 ? "-" : string.Empty;
        if (decimalExponent is >= -4 and < 16)
        {
            string text;
            if (pointPosition <= 0)
            {
                text = "0." + new string('0', -pointPosition) + digits;
            }
            else if (pointPosition >= digits.Length)
            {
                text = digits + new string('0', pointPosition - digits.Length) + ".0";
            }
            else
            {
                text = digits[..pointPosition] + "." + digits[pointPosition..];
            }

            return sign + text;
        }

        var scientific = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        return sign + scientific + "e" + (decimalExponent < 0 ? "-" : "+") +
            Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture);
    }
}
