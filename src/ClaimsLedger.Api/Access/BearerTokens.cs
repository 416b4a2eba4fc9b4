using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace ClaimsLedger.Access;

/// <summary>
/// JWT bearer tokens from an identity provider: <c>Ledger:Auth:Jwt:Authority</c> (its OpenID metadata gives the issuer
/// and signing keys) and <c>Audience</c>; or, without a provider (tests, a shared-secret gateway), a symmetric
/// <c>SigningKey</c> with an optional <c>Issuer</c>. The caller is "jwt:" and the token's subject; roles come from the
/// token's <c>RoleClaim</c> (default "role"; "roles" is read too).
/// </summary>
public static class BearerTokens
{
    public const string Section = "Ledger:Auth:Jwt";

    public static bool Configured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{Section}:Authority"]) || !string.IsNullOrWhiteSpace(configuration[$"{Section}:SigningKey"]);

    public static void Configure(JwtBearerOptions o, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var authority = section["Authority"];
        var audience = section["Audience"];
        var issuer = section["Issuer"];
        var signingKey = section["SigningKey"];
        var roleClaim = section["RoleClaim"] is { Length: > 0 } r ? r : "role";

        o.MapInboundClaims = false;
        if (!string.IsNullOrWhiteSpace(authority))
        {
            o.Authority = authority;
            o.RequireHttpsMetadata = section.GetValue("RequireHttpsMetadata", true);
        }
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateAudience = !string.IsNullOrWhiteSpace(audience),
            ValidAudience = audience,
            ValidateIssuer = !string.IsNullOrWhiteSpace(issuer) || !string.IsNullOrWhiteSpace(authority),
            ValidIssuer = string.IsNullOrWhiteSpace(issuer) ? null : issuer,
            IssuerSigningKey = string.IsNullOrWhiteSpace(signingKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)),
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var token = context.Principal!;
                var subject = token.FindFirst("sub")?.Value ?? token.FindFirst("name")?.Value ?? token.FindFirst("preferred_username")?.Value;
                var role = token.FindAll(roleClaim).Concat(token.FindAll("roles")).Select(c => c.Value).Where(Roles.IsRole)
                    .OrderByDescending(v => Array.IndexOf(Roles.All, v)).FirstOrDefault();
                if (string.IsNullOrWhiteSpace(subject) || subject.Length > 200 || subject.Any(char.IsControl))
                {
                    context.Fail("The bearer token names no subject (sub).");
                    AccessAnswers.NoteRefusal(context.HttpContext, "The bearer token names no subject (sub).");
                    return Task.CompletedTask;
                }
                // A token without a ledger role still identifies its caller: it may read when reads are closed, and write nothing.
                context.Principal = role is null
                    ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "jwt:" + subject)], JwtBearerDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role))
                    : CallerPrincipal.Of(new Caller("jwt:" + subject, role), JwtBearerDefaults.AuthenticationScheme);
                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                AccessAnswers.NoteRefusal(context.HttpContext, context.Exception switch
                {
                    SecurityTokenExpiredException => "The bearer token has expired.",
                    SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "The bearer token's signature is not valid.",
                    SecurityTokenInvalidAudienceException => "The bearer token is for another audience.",
                    SecurityTokenInvalidIssuerException => "The bearer token is from another issuer.",
                    _ => "The bearer token was refused.",
                });
                return Task.CompletedTask;
            },
            // The answers are problem details, written by AccessAnswers for every scheme alike.
            OnChallenge = _ => Task.CompletedTask,
        };
    }
}
