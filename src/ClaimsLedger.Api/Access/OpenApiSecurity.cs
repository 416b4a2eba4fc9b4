using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ClaimsLedger.Access;

/// <summary>The API reference (/docs) says how to authenticate: an X-Api-Key header, or a bearer token where configured.</summary>
public sealed class OpenApiSecurity : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthentication.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeySecret.Header,
            Description = "Writes need a key (contributor; proposal decisions need reviewer). Issue one with `keys issue --name NAME --role ROLE`.",
        };
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
            Description = "Where Ledger:Auth:Jwt is configured: a token from the identity provider with a role claim.",
        };
        return Task.CompletedTask;
    }
}
