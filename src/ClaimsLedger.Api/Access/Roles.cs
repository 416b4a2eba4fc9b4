using System.Security.Claims;

namespace ClaimsLedger.Access;

/// <summary>
/// What a caller may do. Roles nest: an admin may do what a reviewer may, a reviewer what a contributor may.
/// Reading needs no role (unless <c>Ledger:Auth:OpenReads</c> is false, when it needs any authenticated caller).
/// </summary>
public static class Roles
{
    public const string Contributor = "contributor";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";

    /// <summary>The policy for reads when reads are closed: any authenticated caller.</summary>
    public const string Reader = "reader";

    public static readonly string[] All = [Contributor, Reviewer, Admin];

    public static bool IsRole(string? role) => role is not null && All.Contains(role);

    /// <summary>Whether a caller holding <paramref name="held"/> may do what <paramref name="needed"/> allows.</summary>
    public static bool Includes(string held, string needed) => Array.IndexOf(All, held) >= Array.IndexOf(All, needed) && IsRole(needed);

    public static bool Allows(ClaimsPrincipal caller, string needed) =>
        caller.Identity?.IsAuthenticated == true && caller.FindAll(ClaimTypes.Role).Any(r => IsRole(r.Value) && Includes(r.Value, needed));
}

/// <summary>
/// Raises the role an endpoint needs above the convention's (contributor for every write). The convention in
/// <see cref="AccessConvention"/> reads it, so it is the one mark an endpoint carries; e.g. accepting a proposal.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresRoleAttribute(string role) : Attribute
{
    public string Role { get; } = Roles.IsRole(role) ? role : throw new ArgumentException($"Unknown role {role}", nameof(role));
}

/// <summary>An endpoint anyone may call even when reads are closed: health checks for load balancers.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenToAllAttribute : Attribute;
