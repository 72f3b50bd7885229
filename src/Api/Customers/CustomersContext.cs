using Commerce.Api.History;
using Commerce.Api.Hosting;
using Commerce.Api.Http;
using Commerce.Api.Webhooks;
using Commerce.Domain.Customers;
using Commerce.Projections.Customers;
using Marten;

[assembly: ApiTag("Contacts",
    "People and companies the tenant deals with (ECOSIRE's contacts): create, read, search, change and archive them. One customer record behind contacts, customers and clients.")]
[assembly: ApiTag("Customers",
    "The store's customers with their address book (Ecwid's customers). The same records as contacts and dealership clients, shown in Ecwid's shape.")]

namespace Commerce.Api.Customers;

/// <summary>
/// One customer aggregate per person or company, behind three doors: <c>/v1/contacts</c>, <c>/v1/customers</c> (with
/// an address book) and the dealership's <c>/v1/clients</c>. An email or tax id is unique per tenant.
/// </summary>
public sealed class CustomersContext : CommerceContext
{
    public const string ReadCustomers = "read_customers";
    public const string UpdateCustomers = "update_customers";
    public const string CreateCustomers = "create_customers";

    public override IReadOnlyList<EventResource> Resources { get; } = [new("customers", ReadCustomers, typeof(ICustomerEvent))];

    public override IReadOnlyList<string> Scopes { get; } = [ReadCustomers, UpdateCustomers, CreateCustomers];

    public override IReadOnlyList<WebhookEventType> WebhookEvents { get; } =
    [
        WebhookEventType.Raised<CustomerRegistered>("contact.created", "A contact, customer or dealership client is created (one customer record)",
            e => new { Id = e.CustomerId, e.Details.Name, e.Details.Email, Type = ContactResponse.TypeOf(e.Details.Kind), e.Door },
            new { Id = "0193a5c2-7f3e-7b2a-9c41-2d5e8f0a1b3c", Name = "Globex Industries", Email = "info@globex.example", Type = "company", Door = "contact" }),
        WebhookEventType.Raised<CustomerMerged>("customer.merged", "A duplicate customer is merged into another, which stands for both from now on",
            e => new { Id = e.CustomerId, e.DuplicateId },
            new { Id = "0193a5c2-7f3e-7b2a-9c41-2d5e8f0a1b3c", DuplicateId = "0193a5c2-9b00-7e1f-a2b3-c4d5e6f70812" })
    ];

    public override IReadOnlyList<Type> InternalEvents { get; } =
    [
        typeof(CustomerDetailsChanged), typeof(CustomerArchived), typeof(CustomerAddressAdded), typeof(CustomerAddressChanged),
        typeof(CustomerAddressRemoved), typeof(CustomerMergedInto)
    ];

    public override void ConfigureStore(StoreOptions store) => store.AddCustomers();
}
