using Commerce.Domain.Customers;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Commerce.Projections.Customers;

/// <summary>
/// Read model of one customer, behind all three doors (<c>/v1/contacts</c>, <c>/v1/customers</c>, <c>/v1/clients</c>),
/// each showing it in its own shape. <see cref="Kind"/>, <see cref="Archived"/> and <see cref="CreatedAt"/> are
/// duplicated into columns for the lists.
/// </summary>
public sealed record CustomerView(string Id, Customer State, long Version)
{
    public string Kind => State.Details.Kind.ToString();
    /// <summary>Left out of lists: archived, or merged into another customer.</summary>
    public bool Archived => State.Archived || State.MergedInto is not null;
    public DateTimeOffset CreatedAt => State.CreatedAt;
}

public sealed class CustomerViewProjection : SingleStreamProjection<CustomerView, string>
{
    public CustomerViewProjection() => this.IncludeEventsOf<ICustomerEvent>();

    public override CustomerView? Evolve(CustomerView? view, string id, IEvent e) =>
        Customer.Evolve(view?.State, e.Data) is { } state ? new CustomerView(id, state, e.Version) : null;
}
