using Commerce.Api.Access;
using Commerce.Api.Customers;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Dealership;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Dealership;

public sealed class OpenStoreRequest
{
    public string? Name { get; set; }
    public string? City { get; set; }

    /// <summary>The state's two letters (UF), e.g. SP.</summary>
    public string? State { get; set; }
    public string? Phone { get; set; }
}

public sealed class OpenStoreValidator : Validator<OpenStoreRequest>
{
    public OpenStoreValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("name is required.").CustomerName();
        RuleFor(x => x.City).ShortText("city", 100);
        RuleFor(x => x.State).Matches("^[A-Z]{2}$").WithMessage("state must be a state's two capital letters (UF), e.g. SP.");
        RuleFor(x => x.Phone).CustomerPhone();
    }
}

public sealed record StoreResponse(string Id, string Name, string? City, string? State, string? Phone, DateTimeOffset CreatedAt)
{
    public static StoreResponse From(Store store) => new(store.Id, store.Name, store.City, store.State, store.Phone, store.CreatedAt);
}

public static class OpenStoreHandler
{
    public static Task<IReadOnlyList<WriteOutcome<Store>>> Handle(
        CommandBatch<OpenStore> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<OpenStore, Store>(batch, DealershipDecisions.Decide, Store.Evolve, clock, ct);
}

public sealed class OpenStoreEndpoint : CommandEndpoint<OpenStoreRequest, Envelope<StoreResponse>>
{
    public override void Configure()
    {
        Post("stores");
        Policies(ApiScopes.Required(DealershipContext.CreateDeals));
        Description(d => d.WithTags("Dealership").WithSummary("Open a store (a dealership location); vehicles name it by store_id")
            .Produces<Envelope<StoreResponse>>(201).ProducesWriteProblems());
    }

    public override Task HandleAsync(OpenStoreRequest req, CancellationToken ct) =>
        SendCommandAsync<OpenStore, Store>(new OpenStore(Guid.CreateVersion7().ToString(), req.Name!.Trim(), req.City, req.State, req.Phone),
            written => Envelope<StoreResponse>.Of(StoreResponse.From(written.Result)), ct, 201, s => $"/v1/stores/{s.Id}");
}
