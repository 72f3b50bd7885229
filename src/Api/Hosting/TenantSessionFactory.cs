using Commerce.Api.Access;
using Marten;

namespace Commerce.Api.Hosting;

/// <summary>
/// Every IQuerySession/IDocumentSession an endpoint receives is opened for the caller's tenant, so tenant isolation
/// is enforced by Marten's conjoined tenancy below the endpoints: a handler cannot forget it.
/// </summary>
internal sealed class TenantSessionFactory(IDocumentStore store, IHttpContextAccessor http) : ISessionFactory
{
    // Outside an authenticated request (FastEndpoints builds endpoints once at start-up) sessions see a tenant that
    // owns nothing, so a session resolved in the wrong place fails closed.
    private const string NoTenant = "~none";

    public IQuerySession QuerySession() => store.QuerySession(Tenant());

    public IDocumentSession OpenSession() => store.LightweightSession(Tenant());

    private string Tenant() => http.HttpContext?.User.Identity?.IsAuthenticated == true ? http.HttpContext.User.TenantId() : NoTenant;
}
