using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace ClaimsLedger.Access;

/// <summary>The service's authentication, authorization and rate limits, registered in one place (see docs/reliability.md).</summary>
public static class LedgerAccess
{
    /// <summary>Picks the scheme by what the caller sent: a bearer token (when tokens are configured), else an API key.</summary>
    public const string Scheme = "Ledger";

    public static void AddLedgerAccess(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var tokens = BearerTokens.Configured(configuration);
        KeyRing.Configured(configuration); // a misconfigured key stops the service at start, not at its first request
        builder.Services.AddSingleton<KeyRing>();

        var authentication = builder.Services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or bearer token", o => o.ForwardDefaultSelector = http =>
                tokens && http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        if (tokens) authentication.AddJwtBearer(o => BearerTokens.Configure(o, configuration));

        builder.Services.AddAuthorization(o =>
        {
            foreach (var role in Roles.All) o.AddPolicy(role, p => p.RequireAuthenticatedUser().AddRequirements(new RoleRequirement(role)));
            o.AddPolicy(Roles.Reader, p => p.RequireAuthenticatedUser());
        });
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessAnswers>();
        builder.Services.AddRateLimiter(RateLimits.From(configuration).Configure);
    }

    /// <summary>After the body limit, before anything reads the body: who is calling, within its rate, allowed to do this.</summary>
    public static void UseLedgerAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
    }
}
