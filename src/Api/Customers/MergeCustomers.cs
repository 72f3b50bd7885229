using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Customers;
using Commerce.Projections;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Customers;

public sealed class MergeCustomersRequest : ConditionalRequest
{
    /// <summary>Route: the survivor, which stands for both afterwards.</summary>
    public string Id { get; set; } = "";

    /// <summary>The duplicate merged into it; <c>If-Match</c> is the duplicate's version.</summary>
    public string? DuplicateId { get; set; }
}

public sealed class MergeCustomersValidator : Validator<MergeCustomersRequest>
{
    public MergeCustomersValidator()
    {
        Include(new IfMatchRules());
        RuleFor(x => x.DuplicateId).NotEmpty().WithMessage("duplicate_id is required: the customer to merge into this one.")
            .NotEqual(x => x.Id).WithMessage("duplicate_id names this customer itself; name the duplicate to merge into it.");
    }
}

public sealed record MergeCustomersResponse(string SurvivorId, string DuplicateId, DateTimeOffset MergedAt);

/// <summary>
/// Merges duplicates into survivors, both streams in one transaction: the duplicate's half through the write path, the
/// survivor's appended beside it (fetched for writing, so a survivor changed meanwhile is a retried conflict), and the
/// duplicate's email and tax id re-pointed at the survivor.
/// </summary>
public static class MergeCustomersHandler
{
    public static async Task<IReadOnlyList<WriteOutcome<Customer>>> Handle(
        CommandBatch<MergeCustomers> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var survivors = new Dictionary<string, JasperFx.Events.IEventStream<Customer>>();
        foreach (var id in batch.Commands.Select(c => c.Command.SurvivorId).Distinct())
            survivors[id] = await session.Events.FetchForWriting<Customer>(id, ct);
        var outcomes = await session.DecideEachAsync<MergeCustomers, Customer>(batch,
            (duplicate, command, now) => CustomerDecisions.Decide(duplicate, command, survivors[command.SurvivorId].Aggregate, now), Customer.Evolve, clock, ct);

        foreach (var ((command, metadata), outcome) in batch.Commands.Zip(outcomes))
        {
            if (outcome is not WriteOutcome<Customer>.Written written) continue;
            var survivor = survivors[command.SurvivorId];
            survivor.AppendAs(CustomerDecisions.Survive(survivor.Aggregate!, command, written.At).Events, metadata);
            foreach (var key in CustomerClaims.KeysOf(written.Result)) session.Store(new UniqueClaim(key, command.SurvivorId));
        }
        return outcomes;
    }
}

public sealed class MergeCustomersEndpoint : CommandEndpoint<MergeCustomersRequest, MergeCustomersResponse>
{
    public override void Configure()
    {
        Post("customers/{id}/merge");
        Policies(ApiScopes.Required(CustomersContext.UpdateCustomers));
        Description(d => d.WithTags("Customers")
            .WithSummary("Merge a duplicate into this customer: both histories kept, the duplicate points at this one, its email and tax id too")
            .Produces<MergeCustomersResponse>(200).ProducesWriteProblems());
    }

    public override Task HandleAsync(MergeCustomersRequest req, CancellationToken ct) =>
        SendCommandAsync<MergeCustomers, Customer>(new MergeCustomers(req.DuplicateId!, req.Id, req.ExpectedVersion()),
            written => new MergeCustomersResponse(req.Id, req.DuplicateId!, written.At), ct);
}
