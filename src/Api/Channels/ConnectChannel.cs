using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.Inventory;
using Commerce.Api.WritePath;
using Commerce.Domain.Channels;
using FastEndpoints;
using FluentValidation;
using Marten;

namespace Commerce.Api.Channels;

public sealed class ConnectChannelRequest
{
    /// <summary>The channel's id, as inventory allocations name it, e.g. <c>amazon_in</c>.</summary>
    public string? Id { get; set; }

    /// <summary>Its display name, e.g. <c>Amazon India</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The kind of marketplace or storefront, e.g. <c>amazon</c>, <c>flipkart</c>, <c>shopify</c>.</summary>
    public string? Type { get; set; }

    /// <summary>The connector its syncs run through; <c>sandbox</c> (the default) is the one this API ships.</summary>
    public string? Connector { get; set; }
}

public sealed class ConnectChannelValidator : Validator<ConnectChannelRequest>
{
    public ConnectChannelValidator()
    {
        var connectors = Resolve<IEnumerable<IChannelConnector>>().Select(c => c.Name).Order(StringComparer.Ordinal).ToArray();
        RuleFor(x => x.Id).NotEmpty().WithMessage("id is required, e.g. amazon_in.")
            .Must(id => InventoryRules.IsChannel(id!)).When(x => !string.IsNullOrEmpty(x.Id), ApplyConditionTo.CurrentValidator)
            .WithMessage(InventoryRules.ChannelMessage);
        RuleFor(x => x.Name).NotEmpty().WithMessage("name is required.").MaximumLength(200);
        RuleFor(x => x.Type).NotEmpty().WithMessage("type is required, e.g. amazon.")
            .Must(type => InventoryRules.IsChannel(type!)).When(x => !string.IsNullOrEmpty(x.Type), ApplyConditionTo.CurrentValidator)
            .WithMessage("type is 1 to 64 lowercase letters, digits, '_', '.' or '-', e.g. amazon.");
        RuleFor(x => x.Connector).Must(c => connectors.Contains(c)).When(x => x.Connector is not null)
            .WithMessage($"connector must be one of: {string.Join(", ", connectors)}.");
    }
}

public static class ConnectChannelHandler
{
    public static Task<IReadOnlyList<WriteOutcome<Channel>>> Handle(
        CommandBatch<ConnectChannel> batch, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        session.DecideEachAsync<ConnectChannel, Channel>(batch, ChannelDecisions.Decide, Channel.Evolve, clock, ct);
}

public sealed class ConnectChannelEndpoint : CommandEndpoint<ConnectChannelRequest, ChannelResponse>
{
    public override void Configure()
    {
        Post("channels");
        Policies(ApiScopes.Required(ChannelsContext.ManageChannels));
        Description(d => d.WithTags("Channels").WithSummary("Connect a sales channel").Produces<ChannelResponse>(201).ProducesWriteProblems());
    }

    public override Task HandleAsync(ConnectChannelRequest req, CancellationToken ct) =>
        SendCommandAsync<ConnectChannel, Channel>(new ConnectChannel(req.Id!, req.Name!, req.Type!, req.Connector ?? SandboxConnector.ConnectorName),
            written => ChannelResponse.From(written.Result, ordersToday: 0, written.Version, written.At), ct, 201, channel => $"/v1/channels/{channel.ChannelId}");
}
