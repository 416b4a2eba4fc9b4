using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ClaimsLedger.Access;

/// <summary>Authenticates <c>X-Api-Key: SECRET</c>. No header is no result (an anonymous caller); a wrong or revoked key fails.</summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeySecret.Header, out var values)) return AuthenticateResult.NoResult();
        var (caller, refusal) = await keys.FindAsync(values.ToString().Trim(), Context.RequestAborted);
        if (caller is null)
        {
            AccessAnswers.NoteRefusal(Context, refusal!);
            return AuthenticateResult.Fail(refusal!);
        }
        return AuthenticateResult.Success(new AuthenticationTicket(CallerPrincipal.Of(caller, SchemeName), SchemeName));
    }
}

/// <summary>The principal every scheme produces: the identity as its name, the role, and the caller's own rate limit.</summary>
public static class CallerPrincipal
{
    public const string RequestsPerSecondClaim = "ledger:requests-per-second";

    public static ClaimsPrincipal Of(Caller caller, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, caller.Identity), new(ClaimTypes.Role, caller.Role) };
        if (caller.RequestsPerSecond is { } limit)
            claims.Add(new Claim(RequestsPerSecondClaim, limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static double? RequestsPerSecond(ClaimsPrincipal user) =>
        double.TryParse(user.FindFirst(RequestsPerSecondClaim)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var limit) ? limit : null;
}
