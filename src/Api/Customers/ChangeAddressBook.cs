using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Customers;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Customers;

public sealed class AddressBookRequest : ConditionalRequest
{
    public string Id { get; set; } = "";

    /// <summary>Route <c>{address_id}</c> of a change or removal.</summary>
    public string AddressId { get; set; } = "";

    /// <summary>The address (body) of an addition or change.</summary>
    [FromBody]
    public AddressRequest Address { get; set; } = new();
}

public sealed class AddressBookValidator : Validator<AddressBookRequest>
{
    public AddressBookValidator()
    {
        Include(new IfMatchRules());
        // A body of `null` binds no address at all.
        RuleFor(x => x.Address).NotNull().OverridePropertyName("body").WithMessage("The body must be a JSON object with the documented fields.");
        RuleFor(x => x.Address).SetValidator(new AddressRules());
    }
}

public sealed class RemoveAddressRequest : ConditionalRequest
{
    public string Id { get; set; } = "";
    public string AddressId { get; set; } = "";
}

public sealed class RemoveAddressValidator : Validator<RemoveAddressRequest>
{
    public RemoveAddressValidator() => Include(new IfMatchRules());
}

public static class ChangeAddressBookHandler
{
    public static Task<IReadOnlyList<WriteOutcome<Customer>>> Handle(
        CommandBatch<ChangeAddressBook> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<ChangeAddressBook, Customer>(batch, CustomerDecisions.Decide, Customer.Evolve, clock, ct);
}

public sealed class AddCustomerAddressEndpoint : CommandEndpoint<AddressBookRequest, CustomerResponse>
{
    public override void Configure()
    {
        Post("customers/{id}/addresses");
        Policies(ApiScopes.Required(CustomersContext.UpdateCustomers));
        Description(d => d.WithTags("Customers").WithSummary("Add an address to a customer's address book (it gets an id)")
            .Produces<CustomerResponse>(201).ProducesWriteProblems());
    }

    public override Task HandleAsync(AddressBookRequest req, CancellationToken ct)
    {
        var addressId = AddressRequest.NewId();
        return SendCommandAsync<ChangeAddressBook, Customer>(
            new ChangeAddressBook(req.Id, AddressBookChange.Add, addressId, req.Address.ToAddress(addressId), req.ExpectedVersion()),
            written => CustomerResponse.From(written.Result, written.Version), ct, 201, c => $"/v1/customers/{c.Id}/addresses/{addressId}");
    }
}

public sealed class ChangeCustomerAddressEndpoint : CommandEndpoint<AddressBookRequest, CustomerResponse>
{
    public override void Configure()
    {
        Put("customers/{id}/addresses/{address_id}");
        Policies(ApiScopes.Required(CustomersContext.UpdateCustomers));
        Description(d => d.WithTags("Customers").WithSummary("Replace one address of a customer's address book")
            .Produces<CustomerResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(AddressBookRequest req, CancellationToken ct) =>
        SendCommandAsync<ChangeAddressBook, Customer>(
            new ChangeAddressBook(req.Id, AddressBookChange.Change, req.AddressId, req.Address.ToAddress(req.AddressId), req.ExpectedVersion()),
            written => CustomerResponse.From(written.Result, written.Version), ct);
}

public sealed class RemoveCustomerAddressEndpoint : CommandEndpoint<RemoveAddressRequest, CustomerResponse>
{
    public override void Configure()
    {
        Delete("customers/{id}/addresses/{address_id}");
        Policies(ApiScopes.Required(CustomersContext.UpdateCustomers));
        Description(d => d.ClearDefaultAccepts().WithTags("Customers").WithSummary("Remove one address from a customer's address book")
            .Produces<CustomerResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(RemoveAddressRequest req, CancellationToken ct) =>
        SendCommandAsync<ChangeAddressBook, Customer>(
            new ChangeAddressBook(req.Id, AddressBookChange.Remove, req.AddressId, null, req.ExpectedVersion()),
            written => CustomerResponse.From(written.Result, written.Version), ct);
}
