using Commerce.Domain.Customers;
using JasperFx.Events.Projections;
using Marten;

namespace Commerce.Projections.Customers;

public static class CustomersRegistration
{
    public static StoreOptions AddCustomers(this StoreOptions opts)
    {
        // Live: a customer's stream stays short.
        opts.Projections.Add(new DomainFold<Customer>(Customer.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new CustomerViewProjection(), ProjectionLifecycle.Async);
        // The lists: oldest first, all or of one kind, archived ones left out.
        opts.IndexForLists<CustomerView>([x => x.CreatedAt, x => x.Kind, x => x.Archived],
            new TenantIndex("archived", "created_at", "id"), new TenantIndex("archived", "kind", "created_at", "id"));
        opts.Schema.For<UniqueClaim>();
        return opts;
    }
}
