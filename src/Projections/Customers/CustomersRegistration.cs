using Commerce.Domain.Customers;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Postgresql.Tables;

namespace Commerce.Projections.Customers;

public static class CustomersRegistration
{
    /// <summary>Customers by kind, archived or not: the three lists' total, unless they search.</summary>
    public static readonly ListCounts<CustomerView> CustomerCounts = new("customer", "archived", "kind");

    public static StoreOptions AddCustomers(this StoreOptions opts)
    {
        // Live: a customer's stream stays short.
        opts.Projections.Add(new DomainFold<Customer, ICustomerEvent>(Customer.Evolve), ProjectionLifecycle.Live);
        opts.Projections.Add(new CustomerViewProjection(), ProjectionLifecycle.Async);
        // The lists: oldest first, all or of one kind, archived ones left out (in the condition's own words: `!Archived`
        // reads "archived is null or archived = false", which an index on the column does not serve); q searches name and
        // email by trigrams.
        const string listed = "archived is null or archived = false";
        opts.IndexForLists<CustomerView>([x => x.CreatedAt, x => x.Kind, x => x.Archived, x => x.State.Details.Name, x => x.State.Details.Email!],
            new TenantIndex("created_at", "id") { Partial = ("listed", listed) }, new TenantIndex("kind", "created_at", "id") { Partial = ("listed", listed) },
            new TenantIndex("state_details_name gin_trgm_ops") { Method = IndexMethod.gin },
            new TenantIndex("state_details_email gin_trgm_ops") { Method = IndexMethod.gin });
        opts.CountForLists(CustomerCounts);
        opts.Schema.For<UniqueClaim>();
        return opts;
    }
}
