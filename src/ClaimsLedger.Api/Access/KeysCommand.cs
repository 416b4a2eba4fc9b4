using System.Text.RegularExpressions;
using JasperFx.CommandLine;
using Marten;

namespace ClaimsLedger.Access;

// Lower case: the command line matches the names exactly (keys issue, keys list, keys revoke).
#pragma warning disable IDE1006
public enum KeysAction { issue, list, revoke }
#pragma warning restore IDE1006

public sealed class KeysInput : NetCoreInput
{
    [Description("issue, list or revoke")]
    public KeysAction Action { get; set; }

    [Description("The key to revoke: its id or its name")]
    public string Key { get; set; } = "";

    [Description("The new key's name: its callers' identity on every event they write (key:NAME)")]
    [FlagAlias("name", 'n')]
    public string? NameFlag { get; set; }

    [Description("The new key's role: contributor (writes claims and sources), reviewer (also decides proposals) or admin")]
    [FlagAlias("role", 'r')]
    public string RoleFlag { get; set; } = Roles.Contributor;

    [Description("Why the key is revoked")]
    [FlagAlias("reason", true)]
    public string? ReasonFlag { get; set; }
}

/// <summary>
/// <c>keys issue --name NAME --role ROLE</c> prints a new key's secret (once: only its hash is kept), <c>keys list</c>
/// lists every key, <c>keys revoke ID|NAME</c> revokes one. Against the service's own database: the configured
/// server, or the private cluster the service uses when none is configured.
/// </summary>
[Description("Issue, list and revoke the API keys callers write with", Name = "keys")]
public sealed class KeysCommand : JasperFxAsyncCommand<KeysInput>
{
    public KeysCommand()
    {
        Usage("List the keys (list) or issue one (issue --name NAME --role ROLE)").Arguments(x => x.Action);
        Usage("Revoke a key (revoke ID|NAME)").Arguments(x => x.Action, x => x.Key);
    }

    public override async Task<bool> Execute(KeysInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var admin = new ApiKeyAdmin(store, configuration, "console:" + Environment.UserName);
        return input.Action switch
        {
            KeysAction.issue => await admin.IssueAsync(input.NameFlag ?? (input.Key is { Length: > 0 } k ? k : null), input.RoleFlag, Console.Out) is not null,
            KeysAction.list => await admin.ListAsync(Console.Out),
            _ => await admin.RevokeAsync(input.Key, input.ReasonFlag, Console.Out),
        };
    }
}

/// <summary>The keys command's work, callable without a command line (the tests call it against their database).</summary>
public sealed partial class ApiKeyAdmin(IDocumentStore store, IConfiguration configuration, string actor)
{
    /// <summary>Issues a key and writes its secret; returns the secret, or null (with why) when the name or role is refused.</summary>
    public async Task<string?> IssueAsync(string? name, string role, TextWriter output)
    {
        if (name is null || !KeyName().IsMatch(name))
        {
            await output.WriteLineAsync("--name is required: 1 to 64 characters, lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
            return null;
        }
        if (!Roles.IsRole(role))
        {
            await output.WriteLineAsync($"--role must be one of {string.Join(", ", Roles.All)}");
            return null;
        }
        if (KeyRing.Configured(configuration).Any(k => k.Name == name))
        {
            await output.WriteLineAsync($"A key named '{name}' is configured ({KeyRing.Section}:{name}); choose another name.");
            return null;
        }

        var id = ApiKey.IdFor(name);
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ApiKey>(id) is { } existing)
        {
            await output.WriteLineAsync($"A key named '{name}' was issued on {existing.IssuedAt:yyyy-MM-dd}{(existing.Revoked ? " and revoked" : "")}. " +
                                        "A name stays with its key, so the audit trail means one caller: choose another name.");
            return null;
        }
        var secret = ApiKeySecret.New();
        session.Events.StartStream<ApiKey>(id, new ApiKeyIssued(id, name, role, ApiKeySecret.Hash(secret), actor));
        await session.SaveChangesAsync();

        await output.WriteLineAsync($"Issued key '{name}' ({role}), id {id}. Its secret, shown this once and stored nowhere:");
        await output.WriteLineAsync();
        await output.WriteLineAsync(secret);
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Send it on every write as the header {ApiKeySecret.Header}: <secret>. Writes are recorded as key:{name}.");
        return secret;
    }

    public async Task<bool> ListAsync(TextWriter output)
    {
        await using var session = store.QuerySession();
        var issued = await session.Query<ApiKey>().OrderBy(k => k.Name).ToListAsync();
        var configured = KeyRing.Configured(configuration);
        await output.WriteLineAsync($"{"NAME",-24} {"ROLE",-12} {"STATUS",-28} {"ID / WHERE",-36}");
        foreach (var k in configured)
            await output.WriteLineAsync($"{k.Name,-24} {k.Role,-12} {"active",-28} {"configuration (" + KeyRing.Section + ")",-36}");
        foreach (var k in issued)
        {
            var status = k.Revoked ? $"revoked {k.RevokedAt:yyyy-MM-dd HH:mm}" : $"active since {k.IssuedAt:yyyy-MM-dd}";
            await output.WriteLineAsync($"{k.Name,-24} {k.Role,-12} {status,-28} {k.Id,-36}");
        }
        if (configured.Count + issued.Count == 0) await output.WriteLineAsync("(no keys: issue one with `keys issue --name NAME --role contributor`)");
        return true;
    }

    public async Task<bool> RevokeAsync(string idOrName, string? reason, TextWriter output)
    {
        await using var session = store.LightweightSession();
        var id = Guid.TryParse(idOrName, out var given) ? given : ApiKey.IdFor(idOrName);
        var key = await session.LoadAsync<ApiKey>(id);
        if (key is null)
        {
            var configured = KeyRing.Configured(configuration).Any(k => k.Name == idOrName);
            await output.WriteLineAsync(configured
                ? $"'{idOrName}' is a configured key: remove {KeyRing.Section}:{idOrName} from the configuration and restart to revoke it."
                : $"No key has the id or name '{idOrName}'. `keys list` lists them.");
            return false;
        }
        if (key.Revoked)
        {
            await output.WriteLineAsync($"Key '{key.Name}' was already revoked on {key.RevokedAt:yyyy-MM-dd HH:mm} UTC.");
            return true;
        }
        session.Events.Append(key.Id, key.Version + 1, new ApiKeyRevoked(key.Id, key.Name, reason, actor));
        await session.SaveChangesAsync();
        await output.WriteLineAsync($"Revoked key '{key.Name}' ({key.Role}). Requests with it are refused from now on.");
        return true;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex KeyName();
}
