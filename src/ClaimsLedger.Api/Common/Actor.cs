namespace ClaimsLedger.Common;

/// <summary>
/// Who did a write: the authenticated caller ("key:NAME" for an API key, "jwt:SUBJECT" for a bearer token,
/// "system:seed" for the service's own seed loader). Nothing the client sends names the actor; the X-Actor header
/// that once did is ignored. Every endpoint asks here, so this is the one place that decides.
/// </summary>
public static class Actor
{
    public const string Anonymous = "anonymous";

    public static string Of(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : Anonymous;
}
