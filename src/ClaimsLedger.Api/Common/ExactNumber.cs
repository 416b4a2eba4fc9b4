using System.Globalization;

namespace ClaimsLedger.Common;

/// <summary>
/// A number written in decimal (digits, a point, an exponent) taken only where a decimal holds it exactly. .NET rounds
/// one past the decimal's 28 digits without a word, so 1e-30 became 0 and a 30-digit value was cut short: a body's
/// number and a number the extractor reads in an article are refused instead.
/// </summary>
public static class ExactNumber
{
    public static bool TryParse(string written, out decimal value) =>
        decimal.TryParse(written, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && Holds(written, value);

    /// <summary>Whether <paramref name="value"/> is the number <paramref name="written"/> says.</summary>
    public static bool Holds(string written, decimal value) => Canonical(written) == Canonical(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A number's significant digits and the power of ten after them, sign and zeros aside ("0" for zero).</summary>
    private static string Canonical(string number)
    {
        var e = number.IndexOfAny(['e', 'E']);
        var mantissa = (e < 0 ? number : number[..e]).TrimStart('-', '+');
        var point = mantissa.IndexOf('.');
        var fraction = point < 0 ? 0 : mantissa.Length - point - 1;
        var digits = (point < 0 ? mantissa : mantissa.Remove(point, 1)).TrimStart('0');
        var significant = digits.TrimEnd('0');
        if (significant.Length == 0) return "0";   // zero, whatever its exponent (0e99999999999)
        var exponent = 0L;
        // An exponent past a long's range fits no decimal: nothing a decimal can equal.
        if (e >= 0 && !long.TryParse(number.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            return "";
        return $"{significant}e{exponent - fraction + digits.Length - significant.Length}";
    }
}
