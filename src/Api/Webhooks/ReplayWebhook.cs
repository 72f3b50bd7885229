using System.Globalization;
using System.Text.Json;
using Commerce.Api.Access;
using Commerce.Api.Http;
using Commerce.Api.WritePath;
using Commerce.Domain.Webhooks;
using Commerce.Projections;
using Commerce.Projections.Webhooks;
using FastEndpoints;
using FluentValidation;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Options;
using Wolverine;

namespace Commerce.Api.Webhooks;

public sealed class ReplayWebhookRequest
{
    public string Id { get; set; } = "";

    /// <summary>Where history starts: an event sequence number (e.g. 1042) or an ISO 8601 time, inclusive.</summary>
    public JsonElement? From { get; set; }

    /// <summary>Optional end, inclusive, in either form.</summary>
    public JsonElement? To { get; set; }

    /// <summary>Optional event names; the webhook's own by default.</summary>
    public IReadOnlyList<string>? Events { get; set; }
}

/// <summary>A point in history: an event sequence number, or a time.</summary>
public readonly record struct HistoryPoint(long? Sequence, DateTimeOffset? Time)
{
    public static HistoryPoint? Parse(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var sequence) && sequence >= 0 => new HistoryPoint(sequence, null),
        { ValueKind: JsonValueKind.String } v when long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) =>
            new HistoryPoint(sequence, null),
        { ValueKind: JsonValueKind.String } v when DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) => new HistoryPoint(null, time),
        _ => null
    };
}

public sealed class ReplayWebhookValidator : Validator<ReplayWebhookRequest>
{
    private const string PointMessage = "must be an event sequence number (e.g. 1042) or an ISO 8601 time (e.g. 2026-04-17T09:00:00Z).";

    public ReplayWebhookValidator()
    {
        RuleFor(x => x.From).Must(f => HistoryPoint.Parse(f) is not null).WithMessage("from " + PointMessage);
        RuleFor(x => x.To).Must(t => HistoryPoint.Parse(t) is not null).When(x => x.To is not null).WithMessage("to " + PointMessage);
        RuleFor(x => x).Must(x => HistoryPoint.Parse(x.From) is not { } from || HistoryPoint.Parse(x.To) is not { } to
                || !(from.Sequence > to.Sequence || from.Time > to.Time))
            .WithName("to").WithMessage("to must not be before from.");
        RuleFor(x => x.Events).EventNames();
    }
}

public sealed record ReplayResponse(string ReplayId, string WebhookId, int Deliveries, long? FirstSequence, long? LastSequence, long? NextFromSequence);

/// <summary>
/// Records the replays on the webhooks' streams, reads the matching history from the event store in sequence order and
/// creates a delivery (marked as a replay) and its message for each event, all in one transaction. At most
/// <see cref="WebhookOptions.MaxReplayEvents"/> per request; <c>next_from_sequence</c> says where to continue.
/// </summary>
public static class ReplayWebhookHandler
{
    public static async Task<IReadOnlyList<WriteOutcome<ReplayResponse>>> Handle(CommandBatch<ReplayWebhook> batch, IDocumentSession session,
        IMessageContext bus, IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var outcomes = await session.DecideEachAsync<ReplayWebhook, Webhook>(batch, WebhookDecisions.Decide, Webhook.Evolve, clock, ct);
        var answers = new List<WriteOutcome<ReplayResponse>>(outcomes.Count);
        foreach (var ((command, _), outcome) in batch.Commands.Zip(outcomes))
        {
            var replay = outcome is WriteOutcome<Webhook>.Written(var webhook, _, var at)
                ? await ReplayAsync(session, bus, command, command.Events ?? webhook.Events, options.Value.MaxReplayEvents, at, ct)
                : null;
            answers.Add(outcome.Map(_ => replay!));
        }
        return answers;
    }

    private static async Task<ReplayResponse> ReplayAsync(IDocumentSession session, IMessageContext bus, ReplayWebhook command,
        IReadOnlyList<string> names, int max, DateTimeOffset now, CancellationToken ct)
    {
        var types = WebhookEventCatalog.TypesOf(names).ToArray();
        var history = session.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(types));
        if (command.FromSequence is { } fromSequence) history = history.Where(e => e.Sequence >= fromSequence);
        if (command.FromTime is { } fromTime) history = history.Where(e => e.Timestamp >= fromTime);
        if (command.ToSequence is { } toSequence) history = history.Where(e => e.Sequence <= toSequence);
        if (command.ToTime is { } toTime) history = history.Where(e => e.Timestamp <= toTime);
        var events = types.Length == 0 ? [] : await history.OrderBy(e => e.Sequence).Take(max + 1).Inlined().ToListAsync(ct);

        var sent = events.Take(max).ToList();
        foreach (var e in sent)
        {
            var (name, data) = WebhookEventCatalog.Describe(e.Data)!.Value;
            var delivery = WebhookDeliveries.Of(command.WebhookId, e, name, data, command.ReplayId, now);
            session.Store(delivery);
        }
        if (sent.Count > 0) await bus.PublishAsync(new DeliverWebhook(command.WebhookId), DeliverWebhook.Options(session.TenantId, command.WebhookId));
        return new ReplayResponse(command.ReplayId, command.WebhookId, sent.Count, sent.FirstOrDefault()?.Sequence, sent.LastOrDefault()?.Sequence,
            events.Count > max ? events[^1].Sequence : null);
    }
}

public sealed class ReplayWebhookEndpoint : CommandEndpoint<ReplayWebhookRequest, ReplayResponse>
{
    public override void Configure()
    {
        Post("webhooks/{id}/replay");
        Policies(ApiScopes.Required(WebhooksContext.ManageWebhooks));
        Description(d => d.WithTags("Webhooks").WithSummary("Send stored history again, in order, marked as replays")
            .Produces<ReplayResponse>(202).ProducesWriteProblems());
    }

    public override Task HandleAsync(ReplayWebhookRequest req, CancellationToken ct)
    {
        var (from, to) = (HistoryPoint.Parse(req.From)!.Value, HistoryPoint.Parse(req.To));
        var command = new ReplayWebhook(req.Id, WebhookRules.NewId("rpl_"), from.Sequence, from.Time, to?.Sequence, to?.Time, req.Events);
        return SendCommandAsync<ReplayWebhook, ReplayResponse>(command, written => written.Result, ct, 202);
    }
}
