using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace ClaimsLedger.Access;

/// <summary>
/// A refused caller gets problem details like every other refusal: 401 when the ledger does not know who is calling
/// (no key, an unknown or revoked key, a bad token), 403 when it does and the caller's role does not allow it.
/// </summary>
public sealed class AccessAnswers : IAuthorizationMiddlewareResultHandler
{
    private const string RefusalItem = "ledger.access.refusal";
    private readonly AuthorizationMiddlewareResultHandler _allowed = new();

    /// <summary>Why authentication refused the credentials presented, for the 401's detail.</summary>
    public static void NoteRefusal(HttpContext http, string why) => http.Items[RefusalItem] = why;

    public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
        {
            http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeySecret.Header}\"";
            await Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Who is calling?",
                Detail = http.Items[RefusalItem] as string
                    ?? $"This needs an authenticated caller: send {ApiKeySecret.Header}: <secret> (an admin issues keys with `keys issue`) or a bearer token.",
                Type = "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.2",
                Extensions = { ["field"] = ApiKeySecret.Header },
            }).ExecuteAsync(http);
        }
        else if (result.Forbidden)
        {
            var needed = policy.Requirements.OfType<RoleRequirement>().FirstOrDefault()?.Role ?? Roles.Contributor;
            await Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Your role does not allow this",
                Detail = $"{http.User.Identity?.Name} may not do this: it needs the {needed} role. Nothing was written.",
                Type = "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.4",
                Extensions = { ["requiredRole"] = needed },
            }).ExecuteAsync(http);
        }
        else await _allowed.HandleAsync(next, http, policy, result);
    }
}

/// <summary>The caller holds this role or one that includes it.</summary>
public sealed class RoleRequirement(string role) : AuthorizationHandler<RoleRequirement>, IAuthorizationRequirement
{
    public string Role { get; } = role;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (Roles.Allows(context.User, requirement.Role)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
