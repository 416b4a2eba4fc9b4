namespace ClaimsLedger.Common;

/// <summary>
/// Who did a write. For now the caller names itself in the X-Actor header; authentication will replace
/// this one function, so no endpoint reads the header on its own.
/// </summary>
public static class Actor
{
    public const string Header = "X-Actor";
    public const string Anonymous = "anonymous";

    public static string Of(HttpContext context)
    {
        var named = context.Request.Headers[Header].ToString().Trim();
        return named.Length is > 0 and <= 200 && !named.Any(char.IsControl) ? named : Anonymous;
    }
}
