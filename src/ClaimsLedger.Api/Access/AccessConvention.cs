using System.Reflection;
using Wolverine.Http;

namespace ClaimsLedger.Access;

/// <summary>
/// Who may call which endpoint, decided here once for every Wolverine endpoint, so a new endpoint is protected
/// without doing anything: every write (any method but GET and HEAD) needs a contributor, an endpoint marked
/// <see cref="RequiresRoleAttribute"/> needs that role, reads are open unless <c>Ledger:Auth:OpenReads</c> is false,
/// and <see cref="OpenToAllAttribute"/> endpoints (health) are always open.
/// </summary>
public static class AccessConvention
{
    public const string OpenReadsKey = "Ledger:Auth:OpenReads";

    public static void Apply(HttpChain chain, bool openReads)
    {
        var method = chain.Method.Method;
        if (method.GetCustomAttribute<OpenToAllAttribute>() is not null) return;
        var role = method.GetCustomAttribute<RequiresRoleAttribute>()?.Role
                   ?? (IsWrite(chain) ? Roles.Contributor : openReads ? null : Roles.Reader);
        if (role is not null) chain.Metadata.RequireAuthorization(role);
    }

    public static bool IsWrite(HttpChain chain) => chain.HttpMethods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m));
}
